import { inspect } from 'node:util';

/**
 * A value that must never reach a log line, an error message or a page. `JSON.stringify` (pino),
 * `util.inspect` and string conversion all print `[redacted]`; only `reveal()` gives the value,
 * and is called where the value is sent to the party it belongs to.
 */
export class Secret<T = string> {
  readonly #value: T;
  constructor(value: T) {
    this.#value = value;
  }
  reveal(): T {
    return this.#value;
  }
  toJSON(): string {
    return '[redacted]';
  }
  toString(): string {
    return '[redacted]';
  }
  [inspect.custom](): string {
    return 'Secret([redacted])';
  }
}

/** Variables that may instead be read from a file named by `<NAME>_FILE` (container secrets). */
export const FILE_VARIABLES = [
  'OIDC_CLIENT_SECRET',
  'SESSION_SECRET',
  'OAUTH_CLIENT_SECRET',
  'RALLY_API_KEY',
  'RALLY_USERNAME',
  'RALLY_PASSWORD',
  'REDIS_URL',
  'METRICS_TOKEN',
  'DATABASE_URL',
] as const;

/**
 * Replaces each `<NAME>_FILE` by the file's content as `<NAME>` (one trailing newline dropped, as
 * `echo` and Kubernetes secrets add one). Problems name the variable, never the content.
 */
export function readSecretFiles(
  env: Readonly<Record<string, string>>,
  readFile: (path: string) => string,
): { env: Record<string, string>; problems: string[] } {
  const fileNames = new Set<string>(FILE_VARIABLES.map((n) => `${n}_FILE`));
  const out = Object.fromEntries(Object.entries(env).filter(([k]) => !fileNames.has(k)));
  const problems: string[] = [];
  for (const name of FILE_VARIABLES) {
    const path = env[`${name}_FILE`];
    if (path === undefined) continue;
    if (env[name] !== undefined) {
      problems.push(`${name}_FILE: set either ${name} or ${name}_FILE, not both`);
      continue;
    }
    try {
      const value = readFile(path).replace(/\r?\n$/, '');
      if (value === '') problems.push(`${name}_FILE: the file ${path} is empty`);
      else out[name] = value;
    } catch (err) {
      const code = (err as { code?: unknown }).code;
      problems.push(`${name}_FILE: cannot read ${path}${typeof code === 'string' ? ` (${code})` : ''}`);
    }
  }
  return { env: out, problems };
}

import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { authEnvShape, authProblems, toAuthConfig, type AuthConfig } from './auth/auth-config.js';
import { readSecretFiles, Secret } from './auth/secrets.js';
import {
  stateEnvShape,
  stateProblems,
  toStateConfig,
  type MetricsConfig,
  type StateConfig,
} from './state/state-config.js';

/**
 * Every environment variable the service reads, parsed once at start-up (server/main.ts) and then
 * frozen. Nothing else in the code base reads `process.env`.
 */
const booleanString = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

const positiveInt = (min: number, max: number) => z.coerce.number().int().min(min).max(max);

const httpUrl = z
  .string()
  .url()
  .refine((u) => /^https?:\/\//.test(u), 'must start with http:// or https://')
  .transform((u) => u.replace(/\/+$/, ''));

const envSchema = z.object({
  PORT: positiveInt(0, 65535).default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  PUBLIC_URL: httpUrl.optional(),
  RALLY_URL: httpUrl.optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  RALLY_TIMEOUT_MS: positiveInt(1000, 300_000).default(25_000),
  RALLY_CONCURRENCY: positiveInt(1, 12).default(12),
  RALLY_QUEUE_LIMIT: positiveInt(1, 100_000).default(1000),
  SHUTDOWN_GRACE_MS: positiveInt(0, 120_000).default(10_000),
  SANDBOX_USERS: positiveInt(0, 200_000).default(60),
  SANDBOX_ADMIN_USERNAME: z.string().email().optional(),
  SANDBOX_ADMIN_PASSWORD: z.string().min(1).optional(),
  SANDBOX_ADMIN_API_KEY: z.string().regex(/^_/, 'Rally API keys start with "_"').optional(),
  SANDBOX_LATENCY_MS: positiveInt(0, 60_000).default(0),
  SCIM_GROUP_ROLE: z.enum(['Viewer', 'Editor', 'Project Admin']).default('Editor'),
  SAML_ALLOW_PRIVATE_METADATA: booleanString.default(false),
  DATA_DIR: z.string().min(1).default('./data'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\/\S+$/, 'must be a postgres:// connection URL')
    .optional(),
  AUDIT_RETENTION_DAYS: positiveInt(1, 36_500).default(400),
  ...authEnvShape,
  ...stateEnvShape,
});

export type Env = z.infer<typeof envSchema>;

export interface Config {
  readonly port: number;
  readonly host: string;
  readonly publicUrl: string;
  /** WSAPI base URL (ends in /slm/webservice/v2.0); `undefined` means the embedded sandbox. */
  readonly rallyUrl: string | undefined;
  readonly logLevel: Env['LOG_LEVEL'];
  readonly rally: { readonly timeoutMs: number; readonly concurrency: number; readonly queueLimit: number };
  readonly shutdownGraceMs: number;
  readonly sandbox: {
    readonly users: number;
    readonly latencyMs: number;
    readonly admin: { readonly username?: string; readonly password?: string; readonly apiKey?: string };
  };
  readonly scim: { readonly groupRole: Env['SCIM_GROUP_ROLE'] };
  readonly saml: { readonly allowPrivateMetadata: boolean };
  /** Console sign-in, API credential mode, proxies, failed-auth limit (server/auth/auth-config.ts). */
  readonly console: AuthConfig['console'];
  readonly apiAuth: AuthConfig['apiAuth'];
  readonly trustProxy: AuthConfig['trustProxy'];
  readonly authFailures: AuthConfig['authFailures'];
  /** In-process or Redis-backed shared state, and how /metrics is exposed (server/state). */
  readonly state: StateConfig;
  readonly metrics: MetricsConfig;
  /** The audit store (docs/audit.md): SQLite in `dataDir` unless `databaseUrl` names PostgreSQL. */
  readonly store: { readonly dataDir: string; readonly databaseUrl?: Secret; readonly retentionDays: number };
}

export class ConfigError extends Error {
  readonly code = 'INVALID_CONFIGURATION';
  constructor(readonly problems: readonly string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Rally's API lives under /slm/webservice/v2.0; accept either the server root or the full base. */
export function wsapiBase(url: string): string {
  return /\/slm\/webservice\/v2\.0$/.test(url) ? url : `${url}/slm/webservice/v2.0`;
}

/**
 * Parses the environment; every bad variable is named in one ConfigError. `*_FILE` variables
 * (container secrets, server/auth/secrets.ts) are read here, once, with `readFile`.
 */
export function loadConfig(
  env: Readonly<Record<string, string | undefined>>,
  opts: {
    readFile?: (path: string) => string;
    /** False for `rally-okta sandbox`, which serves no console and may bind any address. */
    servesConsole?: boolean;
  } = {},
): Config {
  const nonEmpty = Object.fromEntries(
    Object.entries(env).filter((e): e is [string, string] => e[1] !== undefined && e[1] !== ''),
  );
  const files = readSecretFiles(nonEmpty, opts.readFile ?? ((p) => readFileSync(p, 'utf8')));
  const present = files.env;
  const parsed = envSchema.safeParse(present);
  const problems = [
    ...files.problems,
    ...(parsed.error?.issues.map((i) => `${i.path.join('.') || '(environment)'}: ${i.message}`) ?? []),
    ...authProblems(present, { servesConsole: opts.servesConsole ?? true }),
    ...stateProblems(present),
  ];
  if (!parsed.success || problems.length > 0) throw new ConfigError(problems);
  const e = parsed.data;
  const hostForUrl = e.HOST.includes(':') ? `[${e.HOST}]` : e.HOST;
  const admin: Config['sandbox']['admin'] = {
    ...(e.SANDBOX_ADMIN_USERNAME !== undefined && { username: e.SANDBOX_ADMIN_USERNAME }),
    ...(e.SANDBOX_ADMIN_PASSWORD !== undefined && { password: e.SANDBOX_ADMIN_PASSWORD }),
    ...(e.SANDBOX_ADMIN_API_KEY !== undefined && { apiKey: e.SANDBOX_ADMIN_API_KEY }),
  };
  return deepFreeze({
    port: e.PORT,
    host: e.HOST,
    publicUrl: e.PUBLIC_URL ?? `http://${hostForUrl}:${e.PORT}`,
    rallyUrl: e.RALLY_URL === undefined ? undefined : wsapiBase(e.RALLY_URL),
    logLevel: e.LOG_LEVEL,
    rally: {
      timeoutMs: e.RALLY_TIMEOUT_MS,
      concurrency: e.RALLY_CONCURRENCY,
      queueLimit: e.RALLY_QUEUE_LIMIT,
    },
    shutdownGraceMs: e.SHUTDOWN_GRACE_MS,
    sandbox: { users: e.SANDBOX_USERS, latencyMs: e.SANDBOX_LATENCY_MS, admin },
    scim: { groupRole: e.SCIM_GROUP_ROLE },
    saml: { allowPrivateMetadata: e.SAML_ALLOW_PRIVATE_METADATA },
    ...toAuthConfig(e),
    ...toStateConfig(e),
    store: {
      dataDir: e.DATA_DIR,
      ...(e.DATABASE_URL !== undefined && { databaseUrl: new Secret(e.DATABASE_URL) }),
      retentionDays: e.AUDIT_RETENTION_DAYS,
    },
  });
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}

import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { promisify } from 'node:util';

const root = new URL('../../../', import.meta.url).pathname;
let built: Promise<unknown> | undefined;

/** The service as production runs it: compiled (`npm run build`), so memory figures are real. */
export function buildOnce(): Promise<unknown> {
  built ??= promisify(execFile)(process.execPath, [
    `${root}node_modules/typescript/bin/tsc`,
    '-p',
    `${root}tsconfig.build.json`,
  ]);
  return built;
}

export interface ServiceChild {
  readonly url: string;
  readonly pid: number;
  /** Peak resident memory so far (VmHWM), in bytes. */
  peakRss(): number;
  kill(signal?: NodeJS.Signals): Promise<void>;
}

/** Starts `rally-okta serve` in a child process and resolves once it listens. */
export async function startServiceChild(env: Record<string, string>): Promise<ServiceChild> {
  await buildOnce();
  // As `npm start` and the bin's shebang run it.
  const child: ChildProcess = spawn(
    process.execPath,
    ['--max-semi-space-size=8', `${root}dist/server/cli.js`, 'serve'],
    {
      env: {
        PATH: process.env.PATH ?? '',
        NODE_OPTIONS: process.env.TEST_NODE_OPTIONS ?? '',
        PORT: '0',
        LOG_LEVEL: 'info',
        AUTH_FAIL_LIMIT: '0',
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = await new Promise<string>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    lines.on('line', (line) => {
      const m = /"url":"([^"]+)"/.exec(line);
      if (m && line.includes('listening')) resolve(m[1]!);
    });
    void exited.then(() => reject(new Error(`service exited before listening: ${stderr}`)));
  });
  return {
    url,
    pid: child.pid!,
    peakRss() {
      const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
      return Number(m?.[1]) * 1024;
    },
    async kill(signal = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      await exited;
    },
  };
}

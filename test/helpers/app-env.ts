import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import type { Express } from 'express';
import {
  createUserWindows,
  type UserWindows,
  type UserWindowsOptions,
} from '../../connector/listing/user-window.js';
import type { RallyClientOptions } from '../../connector/rally/index.js';
import { createApp, type AppDeps } from '../../server/app.js';
import { loadConfig, type Config } from '../../server/config.js';
import { createLogger, type Logger } from '../../server/logger.js';
import { startRallyEnv, type RallyEnv } from './rally-env.js';

/** Collects every log line written, so tests can search them for secrets. */
export function memoryLog(level = 'trace'): { logger: Logger; text: () => string } {
  const chunks: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _enc, cb) {
      chunks.push(chunk.toString('utf8'));
      cb();
    },
  });
  return { logger: createLogger({ level, destination }), text: () => chunks.join('') };
}

/**
 * A throw-away DATA_DIR for a service started with `start()`, so tests never write the audit
 * store into the checkout nor share one SQLite file between replicas of one process. Removed
 * when the test process exits.
 */
export function scratchDataDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'rally-okta-data-'));
  process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

export interface AppEnv extends RallyEnv {
  app: Express;
  userWindows: UserWindows;
  config: Config;
  logs: () => string;
  /** What the app was built from, to build variants of it. */
  deps: AppDeps;
}

/** The whole app in front of a real sandbox on a loopback port. */
export async function startAppEnv(
  opts: {
    env?: Record<string, string>;
    users?: number;
    userWindows?: Omit<UserWindowsOptions, 'client'>;
    client?: Partial<RallyClientOptions>;
  } = {},
): Promise<AppEnv> {
  const rally = await startRallyEnv({ seed: { users: opts.users ?? 60 } });
  // Feature tests send many bad credentials from one address on purpose; the failed-auth limit
  // has its own tests (test/auth/rate-limit.test.ts), which set AUTH_FAIL_LIMIT themselves.
  const config = loadConfig({ RALLY_URL: rally.baseUrl, AUTH_FAIL_LIMIT: '0', ...opts.env });
  const log = memoryLog();
  const client = rally.makeClient({ log: log.logger.child({ component: 'rally' }), ...opts.client });
  const userWindows = createUserWindows({ client, ...opts.userWindows });
  const deps: AppDeps = {
    config,
    logger: log.logger,
    rally: client,
    userWindows,
    sandboxApp: rally.sandbox.app,
  };
  return { ...rally, client, app: createApp(deps), deps, userWindows, config, logs: log.text };
}

import { start, type Running } from '../../../server/main.js';
import { memoryLog, scratchDataDir } from '../../helpers/app-env.js';
import { startRallyEnv, type RallyEnv } from '../../helpers/rally-env.js';
import { startRedisServer, type RedisServer } from '../../helpers/redis-server.js';

export const FLEET_PUBLIC_URL = 'http://rally-okta.fleet.test';
export const METRICS_TOKEN = 'fleet-metrics-token-0123456789';
export const SESSION_SECRET = 'fleet-session-secret-0123456789-abcdefghijkl';

export interface Instance extends Running {
  logs(): string;
}

export interface Fleet {
  readonly rally: RallyEnv;
  readonly redis: RedisServer;
  readonly a: Instance;
  readonly b: Instance;
  close(): Promise<void>;
}

/**
 * Two service instances on their own ports sharing one Redis and one Rally sandbox, as a
 * two-replica deployment behind a load balancer runs (docs/operations.md): same PUBLIC_URL and
 * SESSION_SECRET, each started by `start()` exactly as `rally-okta serve` starts.
 */
export async function startFleet(redisBinary: string, env: Record<string, string> = {}): Promise<Fleet> {
  const rally = await startRallyEnv({ seed: { users: 60 } });
  const redis = await startRedisServer(redisBinary);
  const instance = async (): Promise<Instance> => {
    const log = memoryLog('info');
    const running = await start(
      {
        PORT: '0',
        HOST: '127.0.0.1',
        PUBLIC_URL: FLEET_PUBLIC_URL,
        RALLY_URL: rally.baseUrl,
        REDIS_URL: redis.url,
        REDIS_PREFIX: 'fleet-test:',
        SESSION_SECRET,
        METRICS_TOKEN,
        SHUTDOWN_GRACE_MS: '0',
        DATA_DIR: scratchDataDir(),
        ...env,
      },
      log.logger,
    );
    return { ...running, logs: log.text };
  };
  const [a, b] = await Promise.all([instance(), instance()]);
  // A replica serves at once and connects to Redis in the background; ready means both are done.
  for (const i of [a, b]) await within(5_000, async () => (await fetch(`${i.url}/readyz`)).ok);
  return {
    rally,
    redis,
    a,
    b,
    async close() {
      await Promise.all([a.stop(), b.stop()]);
      await redis.stop();
      await rally.close();
    },
  };
}

/** Polls `probe` until it holds or `ms` pass; returns how long it took. */
export async function within(ms: number, probe: () => Promise<boolean>): Promise<number> {
  const started = Date.now();
  for (;;) {
    if (await probe()) return Date.now() - started;
    if (Date.now() - started > ms) throw new Error(`condition not met within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

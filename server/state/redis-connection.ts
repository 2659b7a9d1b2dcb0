import { createRequire } from 'node:module';
import type { Redis } from 'ioredis';

// Loaded only with REDIS_URL: the in-process default does not carry ioredis's ~12 MB.
const load = () => (createRequire(import.meta.url)('ioredis') as typeof import('ioredis')).Redis;

export interface StateLog {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
}

/**
 * One ioredis connection and what the service knows about it. Commands never wait for a
 * reconnect (`enableOfflineQueue: false`) and each has a deadline (`commandTimeout`): a request
 * depending on Redis fails fast while Redis is away instead of hanging past its own deadline.
 * ioredis reconnects by itself; each change between up and down is logged once.
 */
export interface RedisConnection {
  readonly client: Redis;
  /** Connected and ready for commands. */
  up(): boolean;
  /** A PING within the command timeout: readiness, not just an open socket. */
  ping(): Promise<{ up: boolean; ms: number; error?: string | undefined }>;
  /** Called on every (re)connection, e.g. to reload server-side scripts Redis forgot. */
  onReady(listener: () => void): void;
  /** Called on every up/down change. */
  onChange(listener: (up: boolean) => void): void;
  close(): Promise<void>;
}

export function connectRedis(opts: { url: string; timeoutMs: number; log: StateLog }): RedisConnection {
  const client = new (load())(opts.url, {
    enableOfflineQueue: false,
    commandTimeout: opts.timeoutMs,
    connectTimeout: Math.max(opts.timeoutMs, 2_000),
    maxRetriesPerRequest: 1,
    // Commands issued in one tick (the gate reads two counters) share one write to the socket.
    enableAutoPipelining: true,
    // Back off to at most 1 s between attempts, for ever: recovery needs no restart.
    retryStrategy: (times) => Math.min(50 * 2 ** Math.min(times, 5), 1_000),
  });
  const target = describeTarget(opts.url);
  let state: 'starting' | 'up' | 'down' = 'starting';
  let closing = false;
  const readyListeners: Array<() => void> = [];
  const changeListeners: Array<(up: boolean) => void> = [];
  const become = (next: 'up' | 'down', err?: unknown) => {
    if (state === next || closing) return;
    state = next;
    if (next === 'up') opts.log.info({ redis: target }, 'Redis available: shared state is served');
    else
      opts.log.warn(
        { redis: target, error: errorCode(err) },
        'Redis unavailable: SAML sign-in checks answer 503, failed-auth limits count per replica until it is back',
      );
    for (const l of changeListeners) l(next === 'up');
  };
  client.on('ready', () => {
    become('up');
    for (const l of readyListeners) l();
  });
  client.on('error', (err: unknown) => become('down', err));
  client.on('close', () => become('down'));

  return {
    client,
    up: () => client.status === 'ready',
    async ping() {
      const started = performance.now();
      // A PING past the command timeout is an outage too (Redis too slow), logged like one.
      try {
        await client.ping();
        if (client.status === 'ready') become('up');
        return { up: true, ms: Math.round(performance.now() - started) };
      } catch (err) {
        become('down', err);
        return { up: false, ms: Math.round(performance.now() - started), error: errorCode(err) };
      }
    },
    onReady: (l) => void readyListeners.push(l),
    onChange: (l) => void changeListeners.push(l),
    async close() {
      closing = true;
      await client.quit().catch(() => client.disconnect());
    },
  };
}

/** host:port/db of the URL, never its password. */
function describeTarget(url: string): string {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}${u.pathname === '/' ? '' : u.pathname}`;
  } catch {
    return 'redis';
  }
}

function errorCode(err: unknown): string | undefined {
  if (!(err instanceof Error)) return undefined;
  return (err as { code?: string }).code ?? err.message.slice(0, 120);
}

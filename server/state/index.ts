import { MemoryStore, type Options as RateLimitOptions } from 'express-rate-limit';
import { RedisStore, type RedisReply } from 'rate-limit-redis';
import {
  createCacheSamlStore,
  createMemoryIdpStore,
  createMemorySamlStore,
  DEFAULT_CLOCK_SKEW_MS,
  MAX_ASSERTION_WINDOW_MS,
  type IdpStore,
  type SamlStateStore,
} from '../../saml/index.js';
import type { IntrospectionEntries } from '../auth/introspection-cache.js';
import type { TokenClaims } from '../auth/token-checks.js';
import { createIdentityHash } from './identity-hash.js';
import { connectRedis, type RedisConnection, type StateLog } from './redis-connection.js';
import { redisCacheProvider, redisIdpStore } from './redis-stores.js';
import { resilientCounters, type Counters } from './resilient-counters.js';
import type { StateConfig } from './state-config.js';

export { StateUnavailableError } from './errors.js';
export type { StateConfig, MetricsConfig } from './state-config.js';

export type StateHealth =
  | { readonly backend: 'memory' }
  | {
      readonly backend: 'redis';
      readonly up: boolean;
      readonly ms: number;
      readonly error?: string | undefined;
    };

/**
 * Every piece of state that must agree across replicas, behind one interface with two
 * implementations: this process's memory (no REDIS_URL: the zero-setup default, exactly as a
 * single process always worked) and Redis (docs/operations.md lists each piece and why).
 */
export interface StateStores {
  readonly backend: 'memory' | 'redis';
  /** AuthnRequest IDs and consumed assertion IDs (InResponseTo and replay checks). */
  readonly saml: SamlStateStore;
  /** The IdP an admin loaded for the SAML test sign-in. */
  readonly idp: IdpStore;
  /** Failed-auth counters, windows of `windowMs`. */
  readonly failureCounters: Counters;
  /** Keyed hash of presented secrets, the same on every replica in Redis mode. */
  readonly identityHash: (value: string) => string;
  /** Shared introspection answers (Redis mode); undefined: each process caches its own. */
  readonly introspectionEntries: IntrospectionEntries | undefined;
  health(): Promise<StateHealth>;
  /** Up/down changes of the shared store (Redis mode only). */
  onChange(listener: (up: boolean) => void): void;
  close(): Promise<void>;
}

const REQUEST_TTL_MS = 10 * 60_000;

export function createStateStores(opts: {
  config: StateConfig;
  failureWindowMs: number;
  log: StateLog;
  now?: () => number;
}): StateStores {
  const now = opts.now ?? Date.now;
  const identityHash = createIdentityHash(opts.config.hashSecret?.reveal());
  const local = new MemoryStore();
  local.init({ windowMs: opts.failureWindowMs } as RateLimitOptions);
  const redis = opts.config.redis;
  if (redis === undefined) {
    return {
      backend: 'memory',
      saml: createMemorySamlStore({ now, requestTtlMs: REQUEST_TTL_MS }),
      idp: createMemoryIdpStore(),
      failureCounters: local,
      identityHash,
      introspectionEntries: undefined,
      health: async () => ({ backend: 'memory' }),
      onChange: () => {},
      close: async () => local.shutdown(),
    };
  }
  const conn = connectRedis({ url: redis.url.reveal(), timeoutMs: redis.timeoutMs, log: opts.log });
  const p = redis.prefix;
  const replayWhat = 'SAML replay and InResponseTo protection';
  return {
    backend: 'redis',
    saml: createCacheSamlStore({
      requests: redisCacheProvider(conn, {
        prefix: `${p}saml:req:`,
        ttlMs: 2 * REQUEST_TTL_MS,
        what: replayWhat,
      }),
      answered: redisCacheProvider(conn, {
        prefix: `${p}saml:ans:`,
        ttlMs: 2 * REQUEST_TTL_MS,
        what: replayWhat,
      }),
      assertions: redisCacheProvider(conn, {
        prefix: `${p}saml:asr:`,
        // As long as validation may accept an assertion (saml/validate: rememberUntil).
        ttlMs: MAX_ASSERTION_WINDOW_MS + 2 * DEFAULT_CLOCK_SKEW_MS,
        what: replayWhat,
      }),
      now,
      requestTtlMs: REQUEST_TTL_MS,
    }),
    idp: redisIdpStore(conn, { key: `${p}saml:idp`, ttlMs: 30 * 24 * 3600_000 }),
    failureCounters: resilientCounters(sharedCounters(conn, `${p}authfail:`, opts.failureWindowMs), local),
    identityHash,
    introspectionEntries: redisIntrospection(conn, `${p}introspect:`),
    health: async () => ({ backend: 'redis', ...(await conn.ping()) }),
    onChange: (l) => conn.onChange(l),
    async close() {
      local.shutdown();
      await conn.close();
    },
  };
}

/** rate-limit-redis on the connection; its Lua scripts are loaded again on every reconnection. */
function sharedCounters(conn: RedisConnection, prefix: string, windowMs: number): Counters {
  const store = new RedisStore({
    prefix,
    sendCommand: (command: string, ...args: string[]) =>
      conn.client.call(command, ...args) as Promise<RedisReply>,
  });
  const init = () => store.init({ windowMs } as RateLimitOptions).catch(() => undefined);
  void init();
  conn.onReady(() => void init());
  return store;
}

function redisIntrospection(conn: RedisConnection, prefix: string): IntrospectionEntries {
  return {
    async get(key) {
      const raw = await conn.client.get(`${prefix}${key}`);
      return raw === null ? undefined : (JSON.parse(raw) as TokenClaims);
    },
    async set(key, claims, ttlMs) {
      await conn.client.set(`${prefix}${key}`, JSON.stringify(claims), 'PX', Math.ceil(ttlMs));
    },
  };
}

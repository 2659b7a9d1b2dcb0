import type { CacheProvider } from '@node-saml/node-saml';
import type { IdpConfig, IdpStore } from '../../saml/index.js';
import { StateUnavailableError } from './errors.js';
import type { RedisConnection } from './redis-connection.js';

/**
 * node-saml's CacheProvider on Redis: `SET key value PX ttl NX` stores only an absent key (the
 * atomic step the replay and InResponseTo checks rely on), every key expires after `ttlMs`.
 * Failures become StateUnavailableError naming `what`, so the caller refuses instead of skipping.
 */
export function redisCacheProvider(
  conn: RedisConnection,
  opts: { prefix: string; ttlMs: number; what: string },
): CacheProvider {
  const key = (k: string) => `${opts.prefix}${k}`;
  const guarded = async <T>(op: () => Promise<T>): Promise<T> => {
    try {
      return await op();
    } catch (cause) {
      throw new StateUnavailableError(opts.what, { cause });
    }
  };
  return {
    saveAsync: (k, value) =>
      guarded(async () => {
        const ok = await conn.client.set(key(k), value, 'PX', opts.ttlMs, 'NX');
        return ok === 'OK' ? { value, createdAt: Date.now() } : null;
      }),
    getAsync: (k) => guarded(() => conn.client.get(key(k))),
    removeAsync: (k) => guarded(async () => (k !== null && (await conn.client.del(key(k))) > 0 ? k : null)),
  };
}

/**
 * The IdP an admin loaded, as JSON under one key (its dates revived on read). The TTL is long and
 * renewed by every load: an IdP under test for 30 days untouched is loaded again.
 */
export function redisIdpStore(conn: RedisConnection, opts: { key: string; ttlMs: number }): IdpStore {
  const what = 'the IdP metadata loaded for the SAML test sign-in';
  return {
    async get() {
      let raw: string | null;
      try {
        raw = await conn.client.get(opts.key);
      } catch (cause) {
        throw new StateUnavailableError(what, { cause });
      }
      return raw === null ? undefined : reviveIdp(raw);
    },
    async put(idp) {
      try {
        await conn.client.set(opts.key, JSON.stringify(idp), 'PX', opts.ttlMs);
      } catch (cause) {
        throw new StateUnavailableError(what, { cause });
      }
    },
  };
}

function reviveIdp(raw: string): IdpConfig {
  const parsed = JSON.parse(raw) as IdpConfig;
  return {
    ...parsed,
    certificates: parsed.certificates.map((c) => ({
      ...c,
      ...(c.notBefore !== undefined && { notBefore: new Date(c.notBefore) }),
      ...(c.notAfter !== undefined && { notAfter: new Date(c.notAfter) }),
    })),
  };
}

import { createHash } from 'node:crypto';
import type { TokenClaims } from './token-checks.js';

/**
 * Active introspection results, kept for at most `maxSeconds` and never past the token's own
 * `exp`, keyed by a hash of the token so the cache holds no usable token. Inactive answers are
 * not kept (an inactive token never becomes active again, and failed attempts are the rate
 * limiter's business). Two implementations: this process's memory (bounded, the oldest entry goes
 * when it is full) and, with REDIS_URL, Redis shared by all replicas (server/state). A cache that
 * cannot answer is a miss: the token is introspected again, never accepted unchecked.
 */
export interface IntrospectionCache {
  get(token: string): Promise<TokenClaims | undefined>;
  put(token: string, claims: TokenClaims): Promise<void>;
}

/** Where a cache keeps entries: `ttlMs` is how long the entry may be reused. */
export interface IntrospectionEntries {
  get(key: string): Promise<TokenClaims | undefined>;
  set(key: string, claims: TokenClaims, ttlMs: number): Promise<void>;
}

export function createIntrospectionCache(opts: {
  maxSeconds: number;
  maxEntries?: number;
  now: () => number;
  /** Shared entries (Redis); this process's memory when absent. */
  entries?: IntrospectionEntries;
  /** Key of the token hash; a plain SHA-256 when absent (memory only). */
  keyOf?: (token: string) => string;
  onLookup?: (hit: boolean) => void;
}): IntrospectionCache {
  const entries = opts.entries ?? memoryEntries(opts.maxEntries ?? 10_000, opts.now);
  const keyOf = opts.keyOf ?? ((token: string) => createHash('sha256').update(token).digest('base64url'));
  return {
    async get(token) {
      const hit = await entries.get(keyOf(token)).catch(() => undefined);
      opts.onLookup?.(hit !== undefined);
      return hit;
    },
    async put(token, claims) {
      if (opts.maxSeconds === 0 || typeof claims.exp !== 'number') return;
      const ttlMs = Math.min(claims.exp * 1000 - opts.now(), opts.maxSeconds * 1000);
      if (ttlMs <= 0) return;
      await entries.set(keyOf(token), claims, ttlMs).catch(() => undefined);
    },
  };
}

function memoryEntries(maxEntries: number, now: () => number): IntrospectionEntries {
  const entries = new Map<string, { claims: TokenClaims; until: number }>();
  return {
    async get(key) {
      const hit = entries.get(key);
      if (hit === undefined) return undefined;
      if (hit.until <= now()) {
        entries.delete(key);
        return undefined;
      }
      return hit.claims;
    },
    async set(key, claims, ttlMs) {
      entries.delete(key);
      if (entries.size >= maxEntries) entries.delete(entries.keys().next().value!);
      entries.set(key, { claims, until: now() + ttlMs });
    },
  };
}

import { createHash } from 'node:crypto';
import type { TokenClaims } from './token-checks.js';

/**
 * Active introspection results, kept for at most `maxSeconds` and never past the token's own
 * `exp`, keyed by a SHA-256 of the token so the cache holds no usable token. Bounded: the oldest
 * entry goes when it is full. Inactive answers are not kept (an inactive token never becomes
 * active again, and failed attempts are the rate limiter's business).
 */
export interface IntrospectionCache {
  get(token: string): TokenClaims | undefined;
  put(token: string, claims: TokenClaims): void;
}

export function createIntrospectionCache(opts: {
  maxSeconds: number;
  maxEntries?: number;
  now: () => number;
}): IntrospectionCache {
  const maxEntries = opts.maxEntries ?? 10_000;
  const entries = new Map<string, { claims: TokenClaims; until: number }>();
  const keyOf = (token: string) => createHash('sha256').update(token).digest('base64url');

  return {
    get(token) {
      const key = keyOf(token);
      const hit = entries.get(key);
      if (hit === undefined) return undefined;
      if (hit.until <= opts.now()) {
        entries.delete(key);
        return undefined;
      }
      return hit.claims;
    },
    put(token, claims) {
      if (opts.maxSeconds === 0 || typeof claims.exp !== 'number') return;
      const until = Math.min(claims.exp * 1000, opts.now() + opts.maxSeconds * 1000);
      if (until <= opts.now()) return;
      const key = keyOf(token);
      entries.delete(key);
      if (entries.size >= maxEntries) entries.delete(entries.keys().next().value!);
      entries.set(key, { claims, until });
    },
  };
}

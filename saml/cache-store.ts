import type { CacheProvider } from '@node-saml/node-saml';
import type { RequestState, SamlStateStore } from './store.js';

/**
 * The request and replay store on node-saml's `CacheProvider` interface, for caches shared by
 * several instances (Redis): a test sign-in started on one instance completes on another, and an
 * assertion accepted on one is a replay on all. `saveAsync` stores only when the key is absent and
 * answers null otherwise (as node-saml's own InMemoryCacheProvider does), which is the one atomic
 * step each check needs. Each cache expires its keys by itself (a TTL per cache).
 */
export interface CacheSamlStoreOptions {
  /** AuthnRequest ID → issue time (ms); keys must live longer than `requestTtlMs`. */
  readonly requests: CacheProvider;
  /** AuthnRequest IDs already answered once. */
  readonly answered: CacheProvider;
  /** Assertion IDs consumed; keys must live as long as an assertion may be accepted. */
  readonly assertions: CacheProvider;
  readonly now: () => number;
  /** How long a test sign-in may take at the IdP. */
  readonly requestTtlMs?: number;
}

export function createCacheSamlStore(opts: CacheSamlStoreOptions): SamlStateStore {
  const ttl = opts.requestTtlMs ?? 10 * 60_000;
  return {
    async rememberRequest(id) {
      await opts.requests.saveAsync(id, String(opts.now()));
    },
    async takeRequest(id) {
      const stored = await opts.requests.getAsync(id);
      const issuedMs = stored === null ? NaN : Number(stored);
      if (!Number.isFinite(issuedMs)) return { state: 'unknown' };
      const issuedAt = new Date(issuedMs);
      if (opts.now() >= issuedMs + ttl) {
        await opts.requests.removeAsync(id);
        return { state: 'expired', issuedAt };
      }
      const first = await opts.answered.saveAsync(id, '1');
      const state: RequestState = first === null ? 'answered' : 'outstanding';
      return { state, issuedAt };
    },
    async recordAssertion(id, until) {
      return (await opts.assertions.saveAsync(id, String(until.getTime()))) === null;
    },
  };
}

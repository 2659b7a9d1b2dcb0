/**
 * Memory of the SP's own AuthnRequests and of consumed assertions, for the in-response-to and
 * replay checks. Behind an interface because one process's memory is not enough once the helper
 * runs on several instances (node-saml's default cache has the same limit).
 */
export type RequestState = 'outstanding' | 'answered' | 'expired' | 'unknown';

export interface ResponseTracker {
  /** The state of a request ID before this call; an outstanding request becomes answered. */
  takeRequest(id: string): Promise<{ state: RequestState; issuedAt?: Date }>;
  /** Records an assertion ID until `until`; true if it had been recorded already (a replay). */
  recordAssertion(id: string, until: Date): Promise<boolean>;
}

export interface SamlStateStore extends ResponseTracker {
  rememberRequest(id: string): Promise<void>;
}

export interface MemoryStoreOptions {
  readonly now: () => number;
  /** How long a test sign-in may take at the IdP. */
  readonly requestTtlMs?: number;
  /** Bound on remembered IDs, so anonymous /saml/login calls cannot grow memory without limit. */
  readonly maxEntries?: number;
}

interface RequestEntry {
  issuedAt: number;
  answered: boolean;
}

export function createMemorySamlStore(opts: MemoryStoreOptions): SamlStateStore {
  const ttl = opts.requestTtlMs ?? 10 * 60_000;
  const max = opts.maxEntries ?? 10_000;
  const requests = new Map<string, RequestEntry>();
  const assertions = new Map<string, number>();

  function prune<V>(map: Map<string, V>, expiresAt: (v: V) => number): void {
    const now = opts.now();
    for (const [k, v] of map) if (expiresAt(v) <= now) map.delete(k);
    // Still full of live entries: drop the oldest (Maps iterate in insertion order).
    for (const k of map.keys()) {
      if (map.size < max) break;
      map.delete(k);
    }
  }

  return {
    async rememberRequest(id) {
      if (requests.size >= max) prune(requests, (e) => e.issuedAt + ttl);
      requests.set(id, { issuedAt: opts.now(), answered: false });
    },
    async takeRequest(id) {
      const entry = requests.get(id);
      if (!entry) return { state: 'unknown' };
      const issuedAt = new Date(entry.issuedAt);
      if (opts.now() >= entry.issuedAt + ttl) {
        requests.delete(id);
        return { state: 'expired', issuedAt };
      }
      const state: RequestState = entry.answered ? 'answered' : 'outstanding';
      entry.answered = true;
      return { state, issuedAt };
    },
    async recordAssertion(id, until) {
      const now = opts.now();
      const known = assertions.get(id);
      if (known !== undefined && known > now) return true;
      if (assertions.size >= max) prune(assertions, (expiry) => expiry);
      assertions.set(id, Math.max(until.getTime(), now + 60_000));
      return false;
    },
  };
}

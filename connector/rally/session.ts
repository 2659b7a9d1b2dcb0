/**
 * Security tokens for Basic-auth writes. Rally binds the token from `GET /security/authorize` to
 * the session cookie it set (JSESSIONID), so token and cookies are cached together, per
 * credential, under the credential's one-way id, for a short TTL. Concurrent writers of one
 * credential share a single in-flight authorize call.
 */
export interface RallySession {
  readonly token: string;
  /** `name=value` pairs to send back in a Cookie header. */
  readonly cookie: string;
}

export interface SessionCache {
  get(id: string, fetcher: () => Promise<RallySession>): Promise<RallySession>;
  invalidate(id: string, stale: RallySession): void;
}

interface Entry {
  session: Promise<RallySession>;
  value?: RallySession;
  expiresAt: number;
}

export function createSessionCache(opts: {
  ttlMs: number;
  maxEntries: number;
  now: () => number;
}): SessionCache {
  const entries = new Map<string, Entry>();

  function evictOldest(): void {
    while (entries.size > opts.maxEntries) {
      const oldest = entries.keys().next().value;
      if (oldest === undefined) return;
      entries.delete(oldest);
    }
  }

  return {
    get(id, fetcher) {
      const hit = entries.get(id);
      if (hit && hit.expiresAt > opts.now()) return hit.session;
      // Expired sessions go on every miss: their tokens and cookies must not outlive the TTL.
      const t = opts.now();
      for (const [key, e] of entries) if (e.expiresAt <= t) entries.delete(key);
      const session = fetcher();
      const entry: Entry = { session, expiresAt: t + opts.ttlMs };
      // Re-inserted, so a refreshed session is the newest and the last to be evicted.
      entries.delete(id);
      entries.set(id, entry);
      evictOldest();
      session.then(
        (value) => {
          entry.value = value;
        },
        () => {
          // A failed authorize must not be cached: the next write tries again.
          if (entries.get(id) === entry) entries.delete(id);
        },
      );
      return session;
    },
    invalidate(id, stale) {
      // Only drop the entry if it still holds the session that failed; another writer may
      // already have replaced it with a fresh one (still pending, or with another token).
      if (entries.get(id)?.value?.token === stale.token) entries.delete(id);
    },
  };
}

/** Reduces Set-Cookie headers to the `name=value` pairs a client sends back. */
export function cookiesFrom(setCookie: string | string[] | undefined): string {
  const list = setCookie === undefined ? [] : Array.isArray(setCookie) ? setCookie : [setCookie];
  return list
    .map((c) => c.split(';', 1)[0]?.trim() ?? '')
    .filter((c) => c.includes('='))
    .join('; ');
}

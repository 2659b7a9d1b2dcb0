/**
 * A small TTL + LRU map of promises: concurrent readers of one key share a single in-flight
 * fetch, settled values live `ttlMs` from when they arrived, and at most `maxEntries` are kept
 * (least recently used first out). A failed fetch is dropped at once, so the next reader retries.
 */
export interface BlockCache<T> {
  get(key: string, fetch: () => Promise<T>): Promise<T>;
  /** Whether a live (in-flight or fresh) entry exists; does not touch its recency. */
  has(key: string): boolean;
  /** Drops the settled entries whose key starts with `prefix`; fetches in flight stay (they are fresh). */
  dropSettled(prefix: string): void;
  delete(key: string): void;
  readonly size: number;
  clear(): void;
}

interface Entry<T> {
  readonly value: Promise<T>;
  expiresAt: number;
}

export function createBlockCache<T>(opts: {
  ttlMs: number;
  maxEntries: number;
  now: () => number;
}): BlockCache<T> {
  const entries = new Map<string, Entry<T>>();

  const live = (key: string): Entry<T> | undefined => {
    const hit = entries.get(key);
    if (hit && hit.expiresAt <= opts.now()) {
      entries.delete(key);
      return undefined;
    }
    return hit;
  };

  // Expired blocks go on every miss, so a finished scan does not hold memory until evicted.
  const sweep = () => {
    const t = opts.now();
    for (const [key, entry] of entries) if (entry.expiresAt <= t) entries.delete(key);
  };

  return {
    get(key, fetch) {
      const hit = live(key);
      if (hit) {
        entries.delete(key);
        entries.set(key, hit);
        return hit.value;
      }
      sweep();
      const value = fetch();
      // In flight: kept until it settles, then for ttlMs from its arrival.
      const entry: Entry<T> = { value, expiresAt: Number.POSITIVE_INFINITY };
      entries.set(key, entry);
      while (entries.size > opts.maxEntries) {
        const oldest = entries.keys().next().value;
        if (oldest === undefined) break;
        entries.delete(oldest);
      }
      value.then(
        () => {
          entry.expiresAt = opts.now() + opts.ttlMs;
        },
        () => {
          if (entries.get(key) === entry) entries.delete(key);
        },
      );
      return value;
    },
    has: (key) => live(key) !== undefined,
    delete: (key) => void entries.delete(key),
    dropSettled(prefix) {
      for (const [key, entry] of entries) {
        if (key.startsWith(prefix) && entry.expiresAt !== Number.POSITIVE_INFINITY) entries.delete(key);
      }
    },
    get size() {
      return entries.size;
    },
    clear: () => entries.clear(),
  };
}

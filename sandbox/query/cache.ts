/** A small LRU for sorted and filtered result lists; keys carry the store revision, so stale keys just age out. */
export interface ResultCache {
  get(key: string): readonly object[] | undefined;
  set(key: string, value: readonly object[]): void;
}

export function createResultCache(capacity = 32): ResultCache {
  const entries = new Map<string, readonly object[]>();
  return {
    get(key) {
      const value = entries.get(key);
      if (value !== undefined) {
        entries.delete(key);
        entries.set(key, value);
      }
      return value;
    },
    set(key, value) {
      entries.delete(key);
      entries.set(key, value);
      if (entries.size > capacity) entries.delete(entries.keys().next().value!);
    },
  };
}

/**
 * What this process knows before the shared counters do. A failure is counted when its answer is
 * sent, so without this a burst of guesses sent at once (distinct passwords for one identity, or
 * distinct identities from one address) would all pass the gate before the first is counted.
 * Requests still in flight are counted here, as distinct members of a group: the same credential
 * sent twice is one guess, and a credential that authenticated recently from the address is no
 * guess at all (`isKnownGood`): it passes without a counter read, so a good client's concurrent
 * calls are never refused for each other, and guesses at its username cannot lock it out.
 * Per process: N replicas let at most N bursts through, never an unbounded one.
 */
export interface PendingGuesses {
  /** Distinct members of `group` in flight, `member` itself not included. */
  othersThan(group: string, member: string): number;
  /** Marks `member` of each group in flight; the returned function ends it (call it once). */
  begin(entries: ReadonlyArray<readonly [group: string, member: string]>): () => void;
  isKnownGood(fingerprint: string): boolean;
  /**
   * The credential authenticated (true) or failed (false). True when it became known good now:
   * an entry is not renewed by later successes, so it ends `windowMs` after it began and the
   * next success (a slow-path request) starts it again.
   */
  settle(fingerprint: string, good: boolean): boolean;
}

export function createPendingGuesses(opts: {
  windowMs: number;
  now: () => number;
  /** Credentials remembered as good at most; the oldest are forgotten first. */
  maxKnownGood?: number;
}): PendingGuesses {
  const maxKnownGood = opts.maxKnownGood ?? 10_000;
  const groups = new Map<string, Map<string, number>>();
  // Insertion order is age order: a credential seen good again moves to the end.
  const goodUntil = new Map<string, number>();

  const change = (group: string, member: string, by: 1 | -1) => {
    let members = groups.get(group);
    if (!members) groups.set(group, (members = new Map()));
    const n = (members.get(member) ?? 0) + by;
    if (n > 0) members.set(member, n);
    else members.delete(member);
    if (members.size === 0) groups.delete(group);
  };

  return {
    othersThan(group, member) {
      const members = groups.get(group);
      return members ? members.size - (members.has(member) ? 1 : 0) : 0;
    },
    begin(entries) {
      for (const [g, m] of entries) change(g, m, 1);
      return () => {
        for (const [g, m] of entries) change(g, m, -1);
      };
    },
    isKnownGood(fingerprint) {
      const until = goodUntil.get(fingerprint);
      if (until === undefined) return false;
      if (until > opts.now()) return true;
      goodUntil.delete(fingerprint);
      return false;
    },
    settle(fingerprint, good) {
      if (!good) {
        goodUntil.delete(fingerprint);
        return false;
      }
      if (this.isKnownGood(fingerprint)) return false;
      if (goodUntil.size >= maxKnownGood) goodUntil.delete(goodUntil.keys().next().value!);
      goodUntil.set(fingerprint, opts.now() + opts.windowMs);
      return true;
    },
  };
}

import type { SandboxStats } from '../types/public.js';

/** Counters behind `sandbox.stats()`; per-user peaks are keyed by UserName. */
export interface StatsRecorder {
  arrived(method: string): void;
  finished(): void;
  userQueued(user: string): void;
  userStarted(user: string): void;
  userLeft(user: string, wasActive: boolean): void;
  faultInjected(): void;
  snapshot(): SandboxStats;
  reset(): void;
}

function bump(counts: Map<string, number>, peaks: Record<string, number>, key: string): void {
  const value = (counts.get(key) ?? 0) + 1;
  counts.set(key, value);
  peaks[key] = Math.max(peaks[key] ?? 0, value);
}

function drop(counts: Map<string, number>, key: string): void {
  counts.set(key, (counts.get(key) ?? 1) - 1);
}

export function createStats(): StatsRecorder {
  let requests = 0;
  let inFlight = 0;
  let faults = 0;
  let byMethod: Record<string, number> = {};
  let peakInFlight: Record<string, number> = {};
  let peakActive: Record<string, number> = {};
  const userInFlight = new Map<string, number>();
  const userActive = new Map<string, number>();
  return {
    arrived(method) {
      requests += 1;
      inFlight += 1;
      byMethod[method] = (byMethod[method] ?? 0) + 1;
    },
    finished() {
      inFlight -= 1;
    },
    userQueued: (user) => bump(userInFlight, peakInFlight, user),
    userStarted: (user) => bump(userActive, peakActive, user),
    userLeft(user, wasActive) {
      drop(userInFlight, user);
      if (wasActive) drop(userActive, user);
    },
    faultInjected() {
      faults += 1;
    },
    snapshot: () => ({
      requests,
      byMethod: { ...byMethod },
      inFlight,
      peakInFlightByUser: { ...peakInFlight },
      peakActiveByUser: { ...peakActive },
      faultsInjected: faults,
    }),
    reset() {
      // In-flight counts survive a reset: those requests are still running and will decrement them.
      requests = 0;
      faults = 0;
      byMethod = {};
      peakInFlight = {};
      peakActive = {};
    },
  };
}

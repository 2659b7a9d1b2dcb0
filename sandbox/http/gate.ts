/**
 * Per-user concurrency gate (KB 95713: at most 12 simultaneous requests per user; more are slowed).
 * Requests beyond the cap wait in FIFO order and are never rejected.
 */
export interface Gate {
  /** Runs `start` now or when a slot frees up; the returned `leave` must be called exactly once at the end. */
  enter(user: string, start: () => void): () => void;
  /** Re-reads the cap (after `setFaults`) and starts waiting requests that now fit. */
  pumpAll(): void;
}

interface Lane {
  active: number;
  readonly waiting: Array<() => void>;
}

export function createGate(cap: () => number): Gate {
  const lanes = new Map<string, Lane>();

  const pump = (lane: Lane): void => {
    while (lane.active < cap() && lane.waiting.length > 0) lane.waiting.shift()!();
  };

  return {
    enter(user, start) {
      let lane = lanes.get(user);
      if (!lane) lanes.set(user, (lane = { active: 0, waiting: [] }));
      const current = lane;
      let state: 'waiting' | 'active' | 'done' = 'waiting';
      const begin = (): void => {
        state = 'active';
        current.active += 1;
        start();
      };
      if (current.active < cap()) begin();
      else current.waiting.push(begin);
      return () => {
        if (state === 'waiting') {
          const index = current.waiting.indexOf(begin);
          if (index >= 0) current.waiting.splice(index, 1);
        } else if (state === 'active') {
          current.active -= 1;
          pump(current);
        }
        state = 'done';
        if (current.active === 0 && current.waiting.length === 0) lanes.delete(user);
      };
    },
    pumpAll() {
      for (const lane of lanes.values()) pump(lane);
    },
  };
}

import { RallyError } from './errors.js';

/**
 * Per-credential concurrency cap. Rally allows 12 simultaneous requests per user (KB 95713) and
 * slows the rest; we never send the 13th. Waiters queue FIFO; a full queue fails fast with a
 * throttling error so callers (Okta) back off instead of piling up requests we cannot serve.
 */
export interface Limiter {
  run<T>(key: string, task: () => Promise<T>): Promise<T>;
}

interface Lane {
  active: number;
  waiters: Array<() => void>;
}

export function createLimiter(opts: {
  concurrency: number;
  queueLimit: number;
  /** Told the lane's size after every change (metrics: in flight and queued per credential). */
  onLane?: (key: string, active: number, queued: number) => void;
}): Limiter {
  const lanes = new Map<string, Lane>();
  const report = (key: string, l: Lane) => opts.onLane?.(key, l.active, l.waiters.length);

  const lane = (key: string): Lane => {
    let l = lanes.get(key);
    if (!l) {
      l = { active: 0, waiters: [] };
      lanes.set(key, l);
    }
    return l;
  };

  async function acquire(l: Lane): Promise<void> {
    if (l.active < opts.concurrency) {
      l.active++;
      return;
    }
    if (l.waiters.length >= opts.queueLimit) {
      throw new RallyError('RALLY_THROTTLED', 'Too many Rally requests are queued for this credential.', {
        retryAfterSeconds: 1,
      });
    }
    // The slot is handed over by release(), so `active` is already counted for us.
    await new Promise<void>((resolve) => l.waiters.push(resolve));
  }

  function release(key: string, l: Lane): void {
    const next = l.waiters.shift();
    if (next) {
      next();
      return;
    }
    l.active--;
    // Lanes live only while busy, so the map holds no trace of past credentials.
    if (l.active === 0) lanes.delete(key);
  }

  return {
    async run(key, task) {
      const l = lane(key);
      const acquired = acquire(l);
      report(key, l);
      await acquired;
      try {
        return await task();
      } finally {
        release(key, l);
        report(key, l);
      }
    },
  };
}

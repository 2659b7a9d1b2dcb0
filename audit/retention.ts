import type { EventStore } from './event-store.js';

const DAY_MS = 86_400_000;

/**
 * AUDIT_RETENTION_DAYS: events older than that are deleted at start and then hourly, in the
 * background (the timer does not keep the process alive). Links are kept: they are current state.
 */
export function startRetention(opts: {
  events: EventStore;
  days: number;
  now?: () => number;
  everyMs?: number;
  onError?: (err: unknown) => void;
  onPruned?: (count: number) => void;
}): { stop(): void; runOnce(): Promise<number> } {
  const now = opts.now ?? Date.now;
  const runOnce = async () => {
    const count = await opts.events.prune(now() - opts.days * DAY_MS);
    if (count > 0) opts.onPruned?.(count);
    return count;
  };
  const tick = () => void runOnce().catch((err: unknown) => opts.onError?.(err));
  tick();
  const timer = setInterval(tick, opts.everyMs ?? 60 * 60_000);
  timer.unref();
  return { stop: () => clearInterval(timer), runOnce };
}

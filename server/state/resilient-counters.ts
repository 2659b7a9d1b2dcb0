import type { ClientRateLimitInfo } from 'express-rate-limit';
import type { FailureCounters as Counters } from '../auth/auth-rate-limit.js';

export type { Counters };

/**
 * Failed-auth counters that survive Redis trouble: each call goes to the shared store and, when
 * that fails, to this process's own. While Redis is away the limits still hold, per replica
 * (N replicas allow N × the limit), which /readyz and the log say; they are never switched off.
 */
export function resilientCounters(shared: Counters, local: Counters): Counters {
  const either = <T>(a: () => Promise<T> | T, b: () => Promise<T> | T): Promise<T> =>
    Promise.resolve()
      .then(a)
      .catch(() => b());
  return {
    get: (key): Promise<ClientRateLimitInfo | undefined> =>
      either(
        () => shared.get(key),
        () => local.get(key),
      ),
    increment: (key) =>
      either(
        () => shared.increment(key),
        () => local.increment(key),
      ),
    decrement: (key) =>
      either(
        () => shared.decrement(key),
        () => local.decrement(key),
      ),
  };
}

import type { Request, RequestHandler, Response } from 'express';
import { ipKeyGenerator, MemoryStore } from 'express-rate-limit';

/**
 * Failed authentication per client address: a 401, a 403 with a `WWW-Authenticate` challenge (a
 * token without the required scope), or another answer this service's own checks marked with
 * `markAuthFailure` (a refused CSRF token or admin group, a failed sign-in callback). Rally's own 403 (an account that may not do something) is not a failed
 * authentication and is not counted.
 *
 * express-rate-limit's middleware counts every request while it is in flight (and only takes
 * successful ones back afterwards), so busy Workflows connections sharing Okta's egress addresses
 * would be refused without a single failure. Its MemoryStore is used directly instead: failures
 * are counted when the response finishes, and a client is refused once it reached the limit.
 */
export interface AuthFailureLimiter {
  /** Mounted before the routers; `refuse` writes the 429 in the router's own format. */
  gate(refuse: (req: Request, res: Response, retryAfterSeconds: number) => void): RequestHandler;
  close(): void;
}

const MARK = Symbol('authFailure');

export function markAuthFailure(res: Response): void {
  (res.locals as Record<symbol, boolean>)[MARK] = true;
}

/**
 * A 401 counts only when a credential was presented: a first request without one (a client that
 * sends Basic after the challenge, a browser without a session) is not a guess.
 */
function isFailure(req: Request, res: Response): boolean {
  if ((res.locals as Record<symbol, boolean>)[MARK] === true) return true;
  const presented = req.headers.authorization !== undefined || req.headers.zsessionid !== undefined;
  // A 403 with a challenge is a refused token (insufficient_scope), not a Rally permission.
  const challenged = res.statusCode === 403 && res.hasHeader('www-authenticate');
  return presented && (res.statusCode === 401 || challenged);
}

export function createAuthFailureLimiter(opts: { limit: number; windowMs: number }): AuthFailureLimiter {
  const now = Date.now;
  const store = new MemoryStore();
  store.init({ windowMs: opts.windowMs } as Parameters<MemoryStore['init']>[0]);
  const keyOf = (req: Request) => ipKeyGenerator(req.ip ?? req.socket.remoteAddress ?? 'unknown');

  return {
    gate(refuse) {
      if (opts.limit === 0)
        return function authFailuresUnlimited(_req, _res, next) {
          next();
        };
      return async function limitAuthFailures(req, res, next) {
        const key = keyOf(req);
        const seen = await store.get(key);
        if (seen && seen.totalHits >= opts.limit) {
          const resetAt = seen.resetTime?.getTime() ?? now() + opts.windowMs;
          refuse(req, res, Math.max(1, Math.ceil((resetAt - now()) / 1000)));
          return;
        }
        // An address that has failed before is counted on arrival and forgiven on success, so a
        // burst of concurrent guesses cannot all pass the gate before the first one is counted.
        const countedAhead = seen !== undefined && seen.totalHits > 0;
        if (countedAhead) await store.increment(key);
        res.once('finish', () => {
          const failed = isFailure(req, res);
          if (countedAhead && !failed) void store.decrement(key);
          if (!countedAhead && failed) void store.increment(key);
        });
        next();
      };
    },
    close: () => store.shutdown(),
  };
}

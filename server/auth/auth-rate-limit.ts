import type { Request, RequestHandler, Response } from 'express';
import { ipKeyGenerator, type ClientRateLimitInfo } from 'express-rate-limit';
import { createPendingGuesses } from './pending-guesses.js';
import { describeIdentity, presentedIdentity } from './presented-identity.js';

/**
 * Failed authentication: a 401, a 403 with a `WWW-Authenticate` challenge (a token without the
 * required scope), or another answer this service's own checks marked with `markAuthFailure` (a
 * refused CSRF token or admin group, a failed sign-in callback). Rally's own 403 (an account that
 * may not do something) is not a failed authentication and is not counted.
 *
 * Okta calls from a few shared egress addresses, so an address alone must not be the key: one
 * stale connection would lock out every flow of the org. The APIs count per (address, presented
 * identity) and, separately, how many *distinct* identities failed from one address (spraying):
 * past that, only identities that authenticated from the address within the window still pass.
 * The console counts per address in its own scope (a browser presents no identity before sign-in),
 * so API failures never lock the console and console failures never lock the APIs.
 *
 * express-rate-limit's middleware counts every request while it is in flight, so its stores are
 * used directly (in-process MemoryStore, or rate-limit-redis with REDIS_URL): failures are counted
 * when the response finishes, and a key is refused once it reached its limit. Guesses still in
 * flight on this process count too (pending-guesses.ts), so a burst cannot outrun the counters.
 */
export type Scope = 'api' | 'console';

export interface Refusal {
  readonly retryAfterSeconds: number;
  /** What is blocked, for the message: `user x@y`, `this API key`, or undefined (the address). */
  readonly identity?: string;
  /** Blocked because too many distinct identities failed from the address. */
  readonly spraying?: boolean;
}

export interface AuthFailureLimiter {
  /** Mounted before the routers; `refuse` writes the 429 in the router's own format. */
  gate(scope: Scope, refuse: (req: Request, res: Response, why: Refusal) => void): RequestHandler;
}

/** What express-rate-limit's MemoryStore and rate-limit-redis's RedisStore both offer. */
export interface FailureCounters {
  get(key: string): Promise<ClientRateLimitInfo | undefined>;
  increment(key: string): Promise<ClientRateLimitInfo>;
  decrement(key: string): Promise<void>;
}

export interface AuthFailureLimiterOptions {
  readonly limit: number;
  /** Distinct failing identities per address and window; 0 = no spraying limit. */
  readonly sprayLimit: number;
  readonly windowMs: number;
  /** Counters expiring `windowMs` after their first hit (MemoryStore or rate-limit-redis). */
  readonly store: FailureCounters;
  /** Keyed hash for presented secrets (server/state/identity-hash.ts). */
  readonly hash: (value: string) => string;
  readonly now?: () => number;
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

export function createAuthFailureLimiter(opts: AuthFailureLimiterOptions): AuthFailureLimiter {
  const now = opts.now ?? Date.now;
  const { store } = opts;
  const addressOf = (req: Request) => ipKeyGenerator(req.ip ?? req.socket.remoteAddress ?? 'unknown');
  const retryAfter = (resetTime: Date | undefined) =>
    Math.max(1, Math.ceil(((resetTime?.getTime() ?? now() + opts.windowMs) - now()) / 1000));
  const hits = (key: string) => store.get(key);
  const pending = createPendingGuesses({ windowMs: opts.windowMs, now });

  /** Counts the request against `key` on arrival when the key has failed before (see below). */
  function track(req: Request, res: Response, key: string, knownFailing: boolean, onNewFailure?: () => void) {
    // An identity that has failed before is counted on arrival and forgiven on success, so a burst
    // of concurrent guesses cannot all pass the gate before the first one is counted.
    const countedAhead = knownFailing ? store.increment(key).catch(() => undefined) : undefined;
    res.once('finish', () => {
      const failed = isFailure(req, res);
      if (countedAhead && !failed)
        void countedAhead.then((counted) => (counted ? store.decrement(key) : undefined)).catch(() => {});
      if (!countedAhead && failed)
        void store
          .increment(key)
          .then((r) => {
            if (r.totalHits === 1) onNewFailure?.();
          })
          .catch(() => {});
    });
  }

  const consoleGate = (refuse: Parameters<AuthFailureLimiter['gate']>[1]): RequestHandler =>
    async function limitConsoleFailures(req, res, next) {
      const key = `console:${addressOf(req)}`;
      const seen = await hits(key);
      if (seen && seen.totalHits >= opts.limit) {
        refuse(req, res, { retryAfterSeconds: retryAfter(seen.resetTime) });
        return;
      }
      track(req, res, key, seen !== undefined && seen.totalHits > 0);
      next();
    };

  const apiGate = (refuse: Parameters<AuthFailureLimiter['gate']>[1]): RequestHandler =>
    async function limitApiFailures(req, res, next) {
      const id = presentedIdentity(req, opts.hash);
      // Nothing presented: a challenge follows, which is not a guess and is not counted.
      if (id === undefined) return next();
      const address = addressOf(req);
      const key = `api:${address}:${id.key}`;
      const sprayKey = `spray:${address}`;
      const goodKey = `good:${address}:${id.key}`;
      const countNewFailure = () => void store.increment(sprayKey).catch(() => {});
      // The hot path: a credential that authenticated from this address within the window is no
      // guess. It is served without reading a counter (however many guesses its username drew),
      // and counted again from its first failure.
      const credential = `${address}\0${id.fingerprint}`;
      if (pending.isKnownGood(credential)) {
        track(req, res, key, false, countNewFailure);
        res.once('finish', () => {
          if (isFailure(req, res)) pending.settle(credential, false);
        });
        return next();
      }
      const [seen, spray] = await Promise.all([hits(key), opts.sprayLimit > 0 ? hits(sprayKey) : undefined]);
      const identity = describeIdentity(id);
      // Guesses still in flight on this process count too (pending-guesses.ts).
      const idGroup = `id:${key}`;
      const failures = (seen?.totalHits ?? 0) + pending.othersThan(idGroup, id.fingerprint);
      if (failures >= opts.limit) {
        refuse(req, res, { retryAfterSeconds: retryAfter(seen?.resetTime), identity });
        return;
      }
      const knownFailing = seen !== undefined && seen.totalHits > 0;
      const addressGroup = `new:${address}`;
      const newHere = !knownFailing && opts.sprayLimit > 0;
      if (newHere && (spray?.totalHits ?? 0) + pending.othersThan(addressGroup, id.key) >= opts.sprayLimit) {
        const remembered = await hits(goodKey);
        if (!remembered || remembered.totalHits === 0) {
          refuse(req, res, { retryAfterSeconds: retryAfter(spray?.resetTime), identity, spraying: true });
          return;
        }
      }
      res.once(
        'close',
        pending.begin([[idGroup, id.fingerprint], ...(newHere ? [[addressGroup, id.key] as const] : [])]),
      );
      track(req, res, key, knownFailing, countNewFailure);
      res.once('finish', () => {
        const failed = isFailure(req, res);
        // Other replicas learn the identity authenticated here once a window (spraying exemption).
        if (pending.settle(credential, !failed) && opts.sprayLimit > 0)
          void store.increment(goodKey).catch(() => {});
      });
      next();
    };

  return {
    gate(scope, refuse) {
      if (opts.limit === 0)
        return function authFailuresUnlimited(_req, _res, next) {
          next();
        };
      return scope === 'console' ? consoleGate(refuse) : apiGate(refuse);
    },
  };
}

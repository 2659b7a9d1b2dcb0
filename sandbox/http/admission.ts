import type { RequestHandler } from 'express';
import { requestState, type Runtime } from '../runtime.js';
import { AUTH_FAILURE_REASONS, identify } from './auth.js';
import { jettyErrorPage } from './html.js';

/** Counts every WSAPI request, authenticated or not. */
export function createCountRequests(runtime: Runtime): RequestHandler {
  return function countRequests(req, res, next) {
    runtime.stats.arrived(req.method);
    res.once('close', () => runtime.stats.finished());
    next();
  };
}

/**
 * 401 with Rally's Jetty HTML page and `WWW-Authenticate: Basic` (rally-node sends Basic only after
 * this challenge); otherwise records who is calling for the rest of the pipeline.
 */
export function createAuthenticate(runtime: Runtime): RequestHandler {
  return function authenticate(req, res, next) {
    const outcome = identify(req, runtime.data.store);
    if (!outcome.ok) {
      const page = jettyErrorPage(401, AUTH_FAILURE_REASONS[outcome.reason], req.originalUrl.split('?')[0]!);
      res
        .status(401)
        .set('WWW-Authenticate', 'Basic realm="Rally ALM"')
        .type('text/html; charset=utf-8')
        .send(page);
      return;
    }
    runtime.requests.set(req, {
      identity: outcome.identity,
      envelope: 'OperationResult',
      resetAfterCommit: false,
    });
    next();
  };
}

/**
 * Per-user concurrency (KB 95713): past `maxConcurrentPerUser` requests wait FIFO until a slot frees.
 * Peaks are recorded for arrivals (queued included) and for requests actually being processed.
 */
export function createThrottle(runtime: Runtime): RequestHandler {
  return function throttle(req, res, next) {
    const user = requestState(runtime, req).identity.user.UserName;
    runtime.stats.userQueued(user);
    let active = false;
    const leave = runtime.gate.enter(user, () => {
      active = true;
      runtime.stats.userStarted(user);
      next();
    });
    res.once('close', () => {
      // Stats first: leaving may start a queued request, which must not count as overlapping this one.
      runtime.stats.userLeft(user, active);
      leave();
    });
  };
}

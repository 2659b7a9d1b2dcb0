import type { RequestHandler, Response } from 'express';
import { requestState, type Runtime } from '../runtime.js';
import { proxyErrorBody } from './html.js';

function sendProxyError(res: Response, status: number, retryAfter: number | undefined): void {
  const { contentType, body } = proxyErrorBody(status);
  if (retryAfter !== undefined) res.set('Retry-After', String(retryAfter));
  res.status(status).type(contentType).send(body);
}

/** `latencyMs`: the request holds its concurrency slot while it waits, like a slow server. */
export function createDelay(runtime: Runtime): RequestHandler {
  return function delay(_req, _res, next) {
    const { latencyMs } = runtime.faults;
    if (latencyMs > 0) setTimeout(next, latencyMs);
    else next();
  };
}

/**
 * Planned failures first (`failNext`, one per request), then random resets and proxy errors drawn from
 * a PRNG seeded by the sandbox seed, so a fault run is reproducible. 503s carry `Retry-After: 1`.
 */
export function createInjectFaults(runtime: Runtime): RequestHandler {
  return function injectFaults(req, res, next) {
    const faults = runtime.faults;
    const planned = faults.failNext.shift();
    if (planned !== undefined) {
      runtime.stats.faultInjected();
      if (planned === 'reset') {
        req.socket.destroy();
      } else if (planned === 'commit-then-reset') {
        requestState(runtime, req).resetAfterCommit = true;
        next();
      } else {
        sendProxyError(res, planned.status, planned.retryAfter);
      }
      return;
    }
    if (faults.resetRate > 0 && runtime.faultPrng.next() < faults.resetRate) {
      runtime.stats.faultInjected();
      req.socket.destroy();
      return;
    }
    if (faults.errorRate > 0 && runtime.faultPrng.next() < faults.errorRate) {
      runtime.stats.faultInjected();
      const status = runtime.faultPrng.pick(faults.errorStatuses);
      sendProxyError(res, status, status === 503 ? 1 : undefined);
      return;
    }
    next();
  };
}

import { createHash, timingSafeEqual } from 'node:crypto';
import { Router, type Request, type RequestHandler } from 'express';
import type { Secret } from '../auth/secrets.js';
import { ApiError } from '../errors.js';
import type { Metrics } from './metrics.js';

/**
 * Records every request's route template, method, status and latency. The template is read when
 * the response finishes: Express has then matched the route (`req.route`); a request no route
 * matched is `unmatched`, so a scan of random paths cannot grow the label set. A router that
 * passed an error on has given its mount path (`req.baseUrl`) back by then, so the mount is
 * found again among `mounts`, the app's router prefixes.
 */
export function recordRequests(metrics: Metrics, mounts: readonly string[]): RequestHandler {
  const longestFirst = [...mounts].sort((a, b) => b.length - a.length);
  return function recordRequest(req, res, next) {
    const started = performance.now();
    res.once('finish', () => {
      metrics.observeRequest({
        method: req.method,
        route: routeTemplate(req, longestFirst),
        status: res.statusCode,
        seconds: (performance.now() - started) / 1000,
      });
    });
    next();
  };
}

function routeTemplate(req: Request, mounts: readonly string[]): string {
  const path = (req.route as { path?: unknown } | undefined)?.path;
  if (typeof path !== 'string') return 'unmatched';
  const original = req.originalUrl.split('?')[0] ?? '';
  const base =
    req.baseUrl !== ''
      ? req.baseUrl
      : (mounts.find((m) => original === m || original.startsWith(`${m}/`)) ?? '');
  return `${base}${path === '/' && base !== '' ? '' : path}`;
}

/**
 * `GET /metrics` in Prometheus text format. On the service's own port it needs
 * `Authorization: Bearer <METRICS_TOKEN>`; the separate METRICS_PORT listener passes no token
 * (keep that port off the load balancer) unless one is set.
 */
export function metricsRouter(metrics: Metrics, token: Secret | undefined): Router {
  const router = Router();
  const expected = token === undefined ? undefined : digest(token.reveal());
  router.get('/metrics', async function serveMetrics(req, res) {
    if (expected !== undefined) {
      const m = /^Bearer +(\S+)$/i.exec(req.headers.authorization ?? '');
      if (!m || !timingSafeEqual(digest(m[1]!), expected))
        throw new ApiError(
          401,
          'METRICS_UNAUTHORIZED',
          'Send the metrics token: Authorization: Bearer <METRICS_TOKEN>.',
          undefined,
          { 'www-authenticate': 'Bearer realm="metrics"' },
        );
    }
    res.set('Cache-Control', 'no-store').type(metrics.registry.contentType);
    res.send(await metrics.registry.metrics());
  });
  return router;
}

const digest = (s: string) => createHash('sha256').update(s).digest();

import { Router } from 'express';
import type { RallyClient } from '../../connector/rally/index.js';
import type { StateHealth } from '../state/index.js';

/**
 * Liveness says the process serves requests; readiness says the Rally target answers and, with
 * REDIS_URL, Redis too: a replica whose Redis is away cannot check SAML replays, and the load
 * balancer should know. Provisioning still works there; readiness is what an operator watches.
 */
export function createHealthRouter(deps: {
  rally: RallyClient;
  usingSandbox: boolean;
  state?: { health(): Promise<StateHealth> };
  now?: () => number;
}): Router {
  const router = Router();
  const now = deps.now ?? Date.now;
  // /readyz is unauthenticated: callers share one probe, reused for 5 s (Rally) and 1 s (Redis),
  // so polling it cannot turn this service into a source of traffic against either.
  const reuse = <T>(ms: number, run: () => Promise<T>) => {
    let cached: { at: number; result: Promise<T> } | undefined;
    return () => {
      if (!cached || now() - cached.at > ms) cached = { at: now(), result: run() };
      return cached.result;
    };
  };
  const probeRally = reuse(5_000, () => deps.rally.probe());
  const probeState = reuse(
    1_000,
    () => deps.state?.health() ?? Promise.resolve({ backend: 'memory' as const }),
  );
  router.get('/healthz', function healthz(_req, res) {
    res.json({ status: 'ok' });
  });
  router.get('/readyz', async function readyz(_req, res) {
    const [result, state] = await Promise.all([probeRally(), probeState()]);
    const rally = {
      target: deps.usingSandbox ? 'sandbox' : 'rally',
      up: result.up,
      ms: result.ms,
      ...(result.status && { status: result.status }),
    };
    const redis = state.backend === 'redis' ? { up: state.up, ms: state.ms } : undefined;
    const problems = [
      ...(result.up
        ? []
        : ['The Rally target does not answer. Check RALLY_URL and the network path to Rally.']),
      ...(redis && !redis.up
        ? [
            'Redis (shared state) does not answer: SAML test sign-ins are refused, provisioning goes on. Check REDIS_URL and the Redis server; the service reconnects by itself.',
          ]
        : []),
    ];
    const ready = problems.length === 0;
    res.status(ready ? 200 : 503).json({
      status: ready ? 'ready' : 'unavailable',
      rally,
      ...(redis && { redis }),
      ...(!ready && { message: problems.join(' ') }),
    });
  });
  return router;
}

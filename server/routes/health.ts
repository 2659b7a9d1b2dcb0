import { Router } from 'express';
import type { RallyClient } from '../../connector/rally/index.js';

/** Liveness says the process serves requests; readiness says the Rally target answers too. */
export function createHealthRouter(deps: {
  rally: RallyClient;
  usingSandbox: boolean;
  now?: () => number;
}): Router {
  const router = Router();
  const now = deps.now ?? Date.now;
  // /readyz is unauthenticated: callers share one probe, reused for 5 s, so polling it cannot
  // turn this service into a source of traffic against Rally.
  let cached: { at: number; probe: ReturnType<RallyClient['probe']> } | undefined;
  const probe = () => {
    if (!cached || now() - cached.at > 5_000) cached = { at: now(), probe: deps.rally.probe() };
    return cached.probe;
  };
  router.get('/healthz', function healthz(_req, res) {
    res.json({ status: 'ok' });
  });
  router.get('/readyz', async function readyz(_req, res) {
    const result = await probe();
    const rally = {
      target: deps.usingSandbox ? 'sandbox' : 'rally',
      up: result.up,
      ms: result.ms,
      ...(result.status && { status: result.status }),
    };
    res.status(result.up ? 200 : 503).json(
      result.up
        ? { status: 'ready', rally }
        : {
            status: 'unavailable',
            rally,
            message: 'The Rally target does not answer. Check RALLY_URL and the network path to Rally.',
          },
    );
  });
  return router;
}

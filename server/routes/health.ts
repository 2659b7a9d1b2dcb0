import { Router } from 'express';
import type { RallyClient } from '../../connector/rally/index.js';

/** Liveness says the process serves requests; readiness says the Rally target answers too. */
export function createHealthRouter(deps: { rally: RallyClient; usingSandbox: boolean }): Router {
  const router = Router();
  router.get('/healthz', function healthz(_req, res) {
    res.json({ status: 'ok' });
  });
  router.get('/readyz', async function readyz(_req, res) {
    const probe = await deps.rally.probe();
    const rally = {
      target: deps.usingSandbox ? 'sandbox' : 'rally',
      up: probe.up,
      ms: probe.ms,
      ...(probe.status && { status: probe.status }),
    };
    res.status(probe.up ? 200 : 503).json(
      probe.up
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

import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import type { Secret } from '../auth/secrets.js';
import { jsonErrorHandler, jsonNotFound } from '../errors.js';
import { createLogger } from '../logger.js';
import type { Metrics } from './metrics.js';
import { metricsRouter } from './routes.js';

/**
 * METRICS_PORT: `/metrics` on a listener of its own, so the scrape stays off the port the load
 * balancer exposes. It serves nothing else.
 */
export async function startMetricsServer(opts: {
  metrics: Metrics;
  host: string;
  port: number;
  token: Secret | undefined;
}): Promise<{ server: Server; url: string }> {
  const app = express();
  app.disable('x-powered-by');
  app.use(metricsRouter(opts.metrics, opts.token));
  app.use(jsonNotFound());
  app.use(jsonErrorHandler(createLogger({ level: 'silent' })));
  const server = createServer(app);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const host = opts.host.includes(':') ? `[${opts.host}]` : opts.host;
  return { server, url: `http://${host}:${port}/metrics` };
}

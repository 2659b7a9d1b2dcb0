import express, { type ErrorRequestHandler, type Express, type RequestHandler } from 'express';
import { jettyErrorPage } from './http/html.js';
import { createWsapiRouter } from './routes/router.js';
import type { Runtime } from './runtime.js';

/** Outside the WSAPI, Rally's container answers with Jetty HTML pages; so does the sandbox. */
const notFound: RequestHandler = function notFound(req, res) {
  res
    .status(404)
    .type('text/html; charset=utf-8')
    .send(jettyErrorPage(404, 'Not Found', req.originalUrl.split('?')[0]!));
};

const lastResort: ErrorRequestHandler = function lastResort(_error, req, res, _next) {
  res
    .status(500)
    .type('text/html; charset=utf-8')
    .send(jettyErrorPage(500, 'Server Error', req.originalUrl.split('?')[0]!));
};

export function createSandboxApp(runtime: Runtime): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.use('/slm/webservice/v2.0', createWsapiRouter(runtime));
  app.use(notFound);
  app.use(lastResort);
  return app;
}

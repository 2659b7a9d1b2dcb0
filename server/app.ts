import express, { type Express, type RequestHandler } from 'express';
import helmet from 'helmet';
import { pinoHttp } from 'pino-http';
import type { UserWindows } from '../connector/listing/user-window.js';
import type { RallyClient } from '../connector/rally/index.js';
import type { Config } from './config.js';
import { jsonErrorHandler, jsonNotFound } from './errors.js';
import type { Logger } from './logger.js';
import { createConnectorRouter } from './routes/connector/index.js';
import { createHealthRouter } from './routes/health.js';
import { createSamlRouter } from './routes/saml.js';
import { createRallyLookupForRequest } from './routes/saml-rally-lookup.js';
import { createScimRouter } from './routes/scim/index.js';

export interface AppDeps {
  readonly config: Config;
  readonly logger: Logger;
  readonly rally: RallyClient;
  /** Read-ahead user listing shared by the connector API (and SCIM). */
  readonly userWindows: UserWindows;
  /** The embedded sandbox's Express app, mounted at /sandbox when no RALLY_URL is set. */
  readonly sandboxApp?: RequestHandler;
}

/** Builds the whole HTTP surface from its dependencies; reads no environment, starts nothing. */
export function createApp(deps: AppDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.set('query parser', 'simple');

  app.use(
    pinoHttp({
      logger: deps.logger,
      // Paths only: query strings can carry Rally security tokens (?key=) and user names.
      serializers: {
        req: (req: { method: string; url: string; id: unknown }) => ({
          id: req.id,
          method: req.method,
          path: req.url.split('?')[0],
        }),
        res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
      },
      customLogLevel: (_req, res, err) =>
        err || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info',
      quietReqLogger: true,
    }),
  );
  app.use(helmet());

  app.use(createHealthRouter({ rally: deps.rally, usingSandbox: deps.sandboxApp !== undefined }));
  if (deps.sandboxApp) app.use('/sandbox', deps.sandboxApp);
  app.use('/connector/v1', createConnectorRouter({ rally: deps.rally, userWindows: deps.userWindows }));
  app.use(
    '/scim/v2',
    createScimRouter({
      rally: deps.rally,
      windows: deps.userWindows,
      publicUrl: deps.config.publicUrl,
      groupRole: deps.config.scim.groupRole,
      logger: deps.logger,
    }),
  );

  app.use(
    '/saml',
    createSamlRouter({
      publicUrl: deps.config.publicUrl,
      allowPrivateMetadata: deps.config.saml.allowPrivateMetadata,
      logger: deps.logger,
      lookupForRequest: createRallyLookupForRequest(deps.rally),
    }),
  );

  app.use(jsonNotFound());
  app.use(jsonErrorHandler(deps.logger));
  return app;
}

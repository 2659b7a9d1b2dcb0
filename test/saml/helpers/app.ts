import { Writable } from 'node:stream';
import express, { type Express, type Request } from 'express';
import helmet from 'helmet';
import type { IdpStore, MetadataFetcher, RallyUserLookup, SamlStateStore } from '../../../saml/index.js';
import { jsonErrorHandler, jsonNotFound } from '../../../server/errors.js';
import { createLogger } from '../../../server/logger.js';
import { createSamlRouter } from '../../../server/routes/saml.js';

/** The SAML router in an app shaped like createApp's: helmet first, JSON 404 and errors last. */
export function samlApp(opts: {
  publicUrl: string;
  now?: () => Date;
  lookupForRequest?: (req: Request) => RallyUserLookup | undefined;
  fetchMetadata?: MetadataFetcher;
  idpStore?: IdpStore;
  requestStore?: SamlStateStore;
}): { app: Express; logs: string[] } {
  const logs: string[] = [];
  const logger = createLogger({
    level: 'info',
    destination: new Writable({
      write(chunk: Buffer, _enc, done) {
        logs.push(chunk.toString());
        done();
      },
    }),
  });
  const app = express();
  app.disable('x-powered-by');
  app.set('query parser', 'simple');
  app.use(helmet());
  app.use('/saml', createSamlRouter({ allowPrivateMetadata: false, logger, ...opts }));
  app.use(jsonNotFound());
  app.use(jsonErrorHandler(logger));
  return { app, logs };
}

import express, { type Express, type RequestHandler } from 'express';
import helmet from 'helmet';
import { pinoHttp } from 'pino-http';
import type { UserWindows } from '../connector/listing/user-window.js';
import type { RallyClient } from '../connector/rally/index.js';
import { createAuthLayer, type ConsoleAuth, type CredentialResolver } from './auth/index.js';
import type { Audit } from './audit/index.js';
import type { Config } from './config.js';
import { jsonErrorHandler, jsonNotFound } from './errors.js';
import type { Logger } from './logger.js';
import { createAttributeCache } from '../connector/operations/attributes.js';
import { createConnectorRouter } from './routes/connector/index.js';
import { createAuditApi } from './routes/audit/api.js';
import { createAuditPages } from './routes/audit/page.js';
import { createHealthRouter } from './routes/health.js';
import { createSamlRouter } from './routes/saml.js';
import { createRallyLookupForRequest } from './routes/saml-rally-lookup.js';
import { createScimRouter } from './routes/scim/index.js';
import { createIntrospectionCache } from './auth/introspection-cache.js';
import { createMetrics, type Metrics } from './metrics/metrics.js';
import { metricsRouter, recordRequests } from './metrics/routes.js';
import { createStateStores, type StateStores } from './state/index.js';

export interface AppDeps {
  readonly config: Config;
  readonly logger: Logger;
  readonly rally: RallyClient;
  /** Read-ahead user listing shared by the connector API (and SCIM). */
  readonly userWindows: UserWindows;
  /** The embedded sandbox's Express app, mounted at /sandbox when no RALLY_URL is set. */
  readonly sandboxApp?: RequestHandler;
  /** Console sign-in (server/auth, docs/auth.md); built from config.console when absent. */
  readonly console?: ConsoleAuth;
  /** The Rally credential of each API request; built from config.apiAuth when absent. */
  readonly resolveCredential?: CredentialResolver;
  /** Clock for session timeouts, token expiry and failed-auth windows (tests move it). */
  readonly now?: () => number;
  /** Shared state (server/state): in this process's memory when absent, as one process needs. */
  readonly state?: StateStores;
  /** Prometheus metrics; a fresh registry when absent. The Rally client reports to `metrics.rally`. */
  readonly metrics?: Metrics;
  /** The audit trail and Okta links on the store (docs/audit.md); without it nothing is recorded. */
  readonly audit?: Audit;
}

/**
 * The label of a credential in metrics: a keyed hash of its one-way id, short enough to read.
 * Remembered for the busy credentials, as every Rally exchange asks for it.
 */
export function credentialLabelOf(state: Pick<StateStores, 'identityHash'>): (id: string) => string {
  const labels = new Map<string, string>();
  return (id) => {
    let label = labels.get(id);
    if (label === undefined) {
      if (labels.size >= 1000) labels.clear();
      label = state.identityHash(`metrics\0${id}`).slice(0, 12);
      labels.set(id, label);
    }
    return label;
  };
}

/** Builds the whole HTTP surface from its dependencies; reads no environment, starts nothing. */
export function createApp(deps: AppDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.set('query parser', 'simple');
  // req.ip and req.secure from X-Forwarded-* only for the proxies TRUST_PROXY names.
  const { trustProxy } = deps.config;
  app.set('trust proxy', Array.isArray(trustProxy) ? [...trustProxy] : trustProxy);
  const state =
    deps.state ??
    createStateStores({
      config: { ...(deps.config.state.hashSecret && { hashSecret: deps.config.state.hashSecret }) },
      failureWindowMs: deps.config.authFailures.windowMs,
      log: deps.logger,
    });
  const metrics = deps.metrics ?? createMetrics({ credentialLabel: credentialLabelOf(state) });
  const validation = deps.config.apiAuth.mode === 'oauth' ? deps.config.apiAuth.validation : undefined;
  const auth = createAuthLayer({
    config: deps.config,
    logger: deps.logger,
    ...(deps.now && { now: deps.now }),
    ...(deps.console && { console: deps.console }),
    ...(deps.resolveCredential && { resolveCredential: deps.resolveCredential }),
    failureStore: state.failureCounters,
    identityHash: state.identityHash,
    ...(validation?.kind === 'introspection' && {
      introspectionCache: createIntrospectionCache({
        maxSeconds: validation.cacheSeconds,
        now: deps.now ?? Date.now,
        ...(state.introspectionEntries && { entries: state.introspectionEntries }),
        keyOf: (token) => state.identityHash(`introspection\0${token}`),
        onLookup: (hit) => metrics.cacheLookup('introspection', hit),
      }),
    }),
  });

  app.use(recordRequests(metrics, ['/connector/v1', '/scim/v2', '/saml', '/auth', '/sandbox']));

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

  app.use(createHealthRouter({ rally: deps.rally, usingSandbox: deps.sandboxApp !== undefined, state }));
  // On the service port only with a token; METRICS_PORT serves them on a listener of its own.
  if (deps.config.metrics.token) app.use(metricsRouter(metrics, deps.config.metrics.token));
  if (deps.sandboxApp) app.use('/sandbox', deps.sandboxApp);
  // One cache of the subscription's dropdown values for both provisioning front doors.
  const attributes = createAttributeCache();
  app.use(
    '/connector/v1',
    auth.gates.json,
    createConnectorRouter({
      rally: deps.rally,
      userWindows: deps.userWindows,
      attributes,
      ...(auth.resolveCredential && { resolveCredential: auth.resolveCredential }),
      ...(deps.audit && { audit: deps.audit }),
    }),
  );
  app.use(
    '/scim/v2',
    auth.gates.scim,
    createScimRouter({
      rally: deps.rally,
      windows: deps.userWindows,
      attributes,
      publicUrl: deps.config.publicUrl,
      groupRole: deps.config.scim.groupRole,
      logger: deps.logger,
      ...(auth.resolveCredential && { resolveCredential: auth.resolveCredential }),
      ...(deps.audit && { audit: deps.audit }),
    }),
  );

  if (auth.console) app.use('/auth', auth.gates.page, auth.console.router);

  if (deps.audit) {
    const serviceCredential =
      deps.config.apiAuth.mode === 'oauth' ? deps.config.apiAuth.rallyCredential.reveal() : undefined;
    const shared = {
      rally: deps.rally,
      audit: deps.audit,
      ...(auth.console && { console: auth.console.guard }),
      ...(serviceCredential && { serviceCredential }),
    };
    app.use(
      '/audit/v1',
      auth.gates.json,
      createAuditApi({
        ...shared,
        ...(auth.resolveCredential && { resolveCredential: auth.resolveCredential }),
      }),
    );
    app.use('/audit', auth.gates.page, createAuditPages(shared));
  }

  app.use(
    '/saml',
    auth.gates.page,
    createSamlRouter({
      publicUrl: deps.config.publicUrl,
      allowPrivateMetadata: deps.config.saml.allowPrivateMetadata,
      logger: deps.logger,
      lookupForRequest: createRallyLookupForRequest(deps.rally),
      idpStore: state.idp,
      requestStore: state.saml,
      onValidated: (endpoint, valid) => metrics.samlValidated(endpoint, valid),
      ...(auth.console && { console: auth.console.guard }),
    }),
  );

  app.use(jsonNotFound());
  app.use(jsonErrorHandler(deps.logger));
  return app;
}

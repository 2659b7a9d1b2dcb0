import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { createUserWindows } from '../connector/listing/user-window.js';
import { createRallyClient } from '../connector/rally/index.js';
import { startRetention } from '../audit/retention.js';
import { createSandbox } from '../sandbox/index.js';
import { openStore } from '../store/index.js';
import { createAudit, type Audit } from './audit/index.js';
import { createApp, credentialLabelOf } from './app.js';
import { createMetrics } from './metrics/metrics.js';
import { startMetricsServer } from './metrics/server.js';
import { createStateStores } from './state/index.js';
import { ConfigError, loadConfig, type Config } from './config.js';
import { createLogger, type Logger } from './logger.js';

export interface Running {
  readonly url: string;
  readonly config: Config;
  /** The METRICS_PORT listener's /metrics URL, when one is configured. */
  readonly metricsUrl?: string;
  stop(): Promise<void>;
}

/**
 * The only place that reads the environment: parse config, build dependencies, listen. The
 * embedded sandbox serves at /sandbox when RALLY_URL is unset, so the client's base URL is known
 * only once the port is bound; the app is attached to the server after listen for that reason.
 */
export async function start(
  env: Readonly<Record<string, string | undefined>>,
  logger?: Logger,
): Promise<Running> {
  let config = loadConfig(env);
  const log = logger ?? createLogger({ level: config.logLevel });
  // Before listening: a store that cannot open stops the start, naming the database.
  const db = await openStore({
    dataDir: config.store.dataDir,
    ...(config.store.databaseUrl && { databaseUrl: config.store.databaseUrl.reveal() }),
  });
  const audit = createAudit({ db, logger: log });
  const server = createServer();
  server.keepAliveTimeout = 65_000; // longer than typical load balancer idle timeouts
  server.headersTimeout = 66_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => resolve());
  }).catch(async (err: unknown) => {
    await db.close();
    throw err;
  });
  const { port } = server.address() as AddressInfo;
  const hostForUrl = config.host.includes(':') ? `[${config.host}]` : config.host;
  const localOrigin = `http://${hostForUrl === '0.0.0.0' ? '127.0.0.1' : hostForUrl === '[::]' ? '[::1]' : hostForUrl}:${port}`;
  // PORT=0 binds a free port: links built from PUBLIC_URL must name the port actually bound.
  if (config.port === 0 && env.PUBLIC_URL === undefined)
    config = Object.freeze({ ...config, publicUrl: localOrigin });

  // Anything failing from here on must not leave the port bound.
  let built: ReturnType<typeof buildService>;
  try {
    built = buildService(config, log, localOrigin, audit);
  } catch (err) {
    server.close();
    await db.close();
    throw err;
  }
  const { app, rally, sandbox, rallyBase, state, metrics } = built;
  server.on('request', app);
  const metricsServer =
    config.metrics.port === undefined
      ? undefined
      : await startMetricsServer({
          metrics,
          host: config.host,
          port: config.metrics.port,
          token: config.metrics.token,
        }).catch(async (err: unknown) => {
          server.close();
          await state.close();
          await db.close();
          throw err;
        });
  const retention = startRetention({
    events: audit.events,
    days: config.store.retentionDays,
    onError: (err) => log.error({ err: (err as Error).message }, 'audit retention: pruning failed'),
    onPruned: (count) => log.info({ count }, 'audit retention: old events deleted'),
  });

  const url = config.port === 0 ? localOrigin : config.publicUrl;
  log.info(
    {
      url,
      rally: sandbox ? 'embedded sandbox' : 'external',
      state: state.backend,
      ...(metricsServer && { metrics: metricsServer.url }),
      auditStore: db.label,
      ...(config.store.databaseUrl === undefined && { dataDir: resolve(config.store.dataDir) }),
      consoleSignIn: config.console.signIn,
      apiAuth: config.apiAuth.mode,
      rallyBase: sandbox ? `${localOrigin}/sandbox/slm/webservice/v2.0` : rallyBase,
    },
    'rally-okta-connector listening',
  );
  if (config.console.signIn === 'none' && config.console.exposed) {
    log.warn(
      { host: config.host },
      'ALLOW_UNAUTHENTICATED_CONSOLE=true: the admin console (/saml) is served without sign-in to anyone who can reach this address; configure Okta sign-in instead (docs/auth.md)',
    );
  }
  if (sandbox) {
    log.info(
      { admin: sandbox.credentials.admin.username, viewer: sandbox.credentials.viewer.username },
      'sandbox seeded; see docs/sandbox.md for the seeded accounts and their passwords and API keys',
    );
  }

  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      log.info('shutting down');
      await Promise.all([
        closeServer(server, config.shutdownGraceMs),
        metricsServer && closeServer(metricsServer.server, 0),
      ]);
      retention.stop();
      await rally.close();
      await state.close();
      // Outcomes still being written behind their answers land before the store closes.
      await audit.events.flush();
      await db.close();
    })());
  return { url: localOrigin, config, stop, ...(metricsServer && { metricsUrl: metricsServer.url }) };
}

/** The sandbox (when no RALLY_URL), the Rally client and the app, for a server at `localOrigin`. */
function buildService(config: Config, log: Logger, localOrigin: string, audit: Audit) {
  const sandbox =
    config.rallyUrl === undefined
      ? createSandbox({
          seed: { users: config.sandbox.users, admin: config.sandbox.admin },
          ...(config.sandbox.latencyMs > 0 && { faults: { latencyMs: config.sandbox.latencyMs } }),
        })
      : undefined;
  const rallyBase = config.rallyUrl ?? `${localOrigin}/sandbox/slm/webservice/v2.0`;
  const state = createStateStores({
    config: config.state,
    failureWindowMs: config.authFailures.windowMs,
    log: log.child({ component: 'state' }),
  });
  const metrics = createMetrics({ credentialLabel: credentialLabelOf(state) });
  if (state.backend === 'redis') {
    metrics.redisUp(false);
    state.onChange((up) => metrics.redisUp(up));
  }
  const rally = createRallyClient({
    baseUrl: rallyBase,
    timeoutMs: config.rally.timeoutMs,
    concurrency: config.rally.concurrency,
    queueLimit: config.rally.queueLimit,
    log: log.child({ component: 'rally' }),
    observer: metrics.rally,
  });
  const userWindows = createUserWindows({
    client: rally,
    onLookup: (hit) => metrics.cacheLookup('user-listing', hit),
  });
  const app = createApp({
    config,
    logger: log,
    rally,
    userWindows,
    state,
    metrics,
    audit,
    ...(sandbox && { sandboxApp: sandbox.app }),
  });
  return { app, rally, sandbox, rallyBase, state, metrics };
}

/** Stops accepting, lets in-flight requests finish within the grace period, then cuts the rest. */
async function closeServer(server: Server, graceMs: number): Promise<void> {
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  server.closeIdleConnections();
  const timer = setTimeout(() => server.closeAllConnections(), graceMs);
  await closed;
  clearTimeout(timer);
}

export { ConfigError };

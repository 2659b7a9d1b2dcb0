import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createUserWindows } from '../connector/listing/user-window.js';
import { createRallyClient } from '../connector/rally/index.js';
import { startRetention } from '../audit/retention.js';
import { createSandbox } from '../sandbox/index.js';
import { openStore } from '../store/index.js';
import { createAudit, type Audit } from './audit/index.js';
import { createApp } from './app.js';
import { ConfigError, loadConfig, type Config } from './config.js';
import { createLogger, type Logger } from './logger.js';

export interface Running {
  readonly url: string;
  readonly config: Config;
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
  const retention = startRetention({
    events: audit.events,
    days: config.store.retentionDays,
    onError: (err) => log.error({ err: (err as Error).message }, 'audit retention: pruning failed'),
    onPruned: (count) => log.info({ count }, 'audit retention: old events deleted'),
  });
  const { app, rally, sandbox, rallyBase } = built;
  server.on('request', app);

  const url = config.port === 0 ? localOrigin : config.publicUrl;
  log.info(
    {
      url,
      rally: sandbox ? 'embedded sandbox' : 'external',
      auditStore: db.label,
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
      await closeServer(server, config.shutdownGraceMs);
      retention.stop();
      await rally.close();
      await db.close();
    })());
  return { url: localOrigin, config, stop };
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
  const rally = createRallyClient({
    baseUrl: rallyBase,
    timeoutMs: config.rally.timeoutMs,
    concurrency: config.rally.concurrency,
    queueLimit: config.rally.queueLimit,
    log: log.child({ component: 'rally' }),
  });
  const userWindows = createUserWindows({ client: rally });
  const app = createApp({
    config,
    logger: log,
    rally,
    userWindows,
    audit,
    ...(sandbox && { sandboxApp: sandbox.app }),
  });
  return { app, rally, sandbox, rallyBase };
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

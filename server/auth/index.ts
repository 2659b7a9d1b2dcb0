import type { RequestHandler, Response } from 'express';
import { URN } from '../../connector/scim/schemas.js';
import type { ApiAuthConfig } from './auth-config.js';
import type { Config } from '../config.js';
import { ApiError, errorBody } from '../errors.js';
import type { Logger } from '../logger.js';
import {
  createAuthFailureLimiter,
  type AuthFailureLimiter,
  type AuthFailureLimiterOptions,
  type Refusal,
} from './auth-rate-limit.js';
import type { IntrospectionCache } from './introspection-cache.js';
import { oauthResolver, type CredentialResolver } from './credential-resolver.js';
import { createIntrospectionValidator } from './introspection-validator.js';
import { createJwtValidator } from './jwt-validator.js';
import { createConsoleAuth, type ConsoleAuth } from './oidc-console.js';
import { createDiscovery } from './oidc-discovery.js';
import { prefersHtml, sendAuthPage } from './pages.js';

export type { ConsoleAuth } from './oidc-console.js';
export type { ConsoleGuard } from './console-guard.js';
export type { CredentialResolver } from './credential-resolver.js';

export interface AuthLayerDeps {
  readonly config: Config;
  readonly logger: Logger;
  readonly now?: () => number;
  /** Prebuilt console sign-in (tests inject a clock or fetch); built from config.console otherwise. */
  readonly console?: ConsoleAuth;
  /** Prebuilt credential resolver; built from config.apiAuth otherwise. */
  readonly resolveCredential?: CredentialResolver;
  /** Failed-auth counters and the keyed hash of presented secrets (server/state). */
  readonly failureStore: AuthFailureLimiterOptions['store'];
  readonly identityHash: (value: string) => string;
  /** Introspection answers, shared across replicas with REDIS_URL. */
  readonly introspectionCache?: IntrospectionCache;
}

export interface AuthLayer {
  /** Undefined: no sign-in configured (loopback, or ALLOW_UNAUTHENTICATED_CONSOLE). */
  readonly console: ConsoleAuth | undefined;
  /** Undefined: pass-through, each router with its own challenge realm. */
  readonly resolveCredential: CredentialResolver | undefined;
  /** Failed-authentication limit in front of each surface, refusing in its own format. */
  readonly gates: {
    readonly json: RequestHandler;
    readonly scim: RequestHandler;
    readonly page: RequestHandler;
  };
  readonly failures: AuthFailureLimiter;
}

/** Everything authentication adds to the app, from the frozen config (docs/auth.md). */
export function createAuthLayer(deps: AuthLayerDeps): AuthLayer {
  const now = deps.now ?? Date.now;
  const { config } = deps;
  const consoleAuth =
    deps.console ??
    (config.console.signIn === 'oidc'
      ? createConsoleAuth({
          oidc: config.console.oidc,
          publicUrl: config.publicUrl,
          logger: deps.logger,
          now,
        })
      : undefined);
  // Real time: express-rate-limit's stores keep their windows on Date.now.
  const failures = createAuthFailureLimiter({
    ...config.authFailures,
    store: deps.failureStore,
    hash: deps.identityHash,
  });
  return {
    console: consoleAuth,
    resolveCredential:
      deps.resolveCredential ?? credentialResolverFor(config.apiAuth, now, deps.introspectionCache),
    failures,
    gates: {
      json: failures.gate('api', (_req, res, why) => refuseJson(res, why)),
      scim: failures.gate('api', (_req, res, why) => {
        res
          .status(429)
          .set('Retry-After', String(why.retryAfterSeconds))
          .type('application/scim+json')
          .send(JSON.stringify({ schemas: [URN.error], status: '429', detail: tooMany(why) }));
      }),
      page: failures.gate('console', (req, res, why) => {
        if (!prefersHtml(req)) return refuseJson(res, why);
        res.set('Retry-After', String(why.retryAfterSeconds));
        sendAuthPage(res, 429, { title: 'Too many attempts', paragraphs: [tooMany(why)], failure: true });
      }),
    },
  };
}

/** AUTH_MODE=oauth builds a bearer-token resolver; pass-through leaves the routers' default. */
export function credentialResolverFor(
  auth: ApiAuthConfig,
  now: () => number,
  cache?: IntrospectionCache,
): CredentialResolver | undefined {
  if (auth.mode === 'passthrough') return undefined;
  const expect = { issuer: auth.issuer, audience: auth.audience, requiredScope: auth.requiredScope };
  const v = auth.validation;
  const metadata = createDiscovery({
    issuer: auth.issuer,
    // JWT validation only reads the metadata and keys; the id is never sent anywhere.
    clientId: v.kind === 'introspection' ? v.clientId : 'rally-okta-connector',
    ...(v.kind === 'introspection' && { clientSecret: v.clientSecret }),
    timeoutSeconds: 5,
  });
  const validate =
    v.kind === 'jwt'
      ? createJwtValidator({ expect, metadata, now })
      : createIntrospectionValidator({
          expect,
          metadata,
          cacheSeconds: v.cacheSeconds,
          now,
          ...(cache && { cache }),
        });
  return oauthResolver({ validate, credential: auth.rallyCredential, requiredScope: auth.requiredScope });
}

function tooMany(why: Refusal): string {
  const retry = `Retry after ${why.retryAfterSeconds} seconds with valid credentials.`;
  if (why.spraying)
    return `Too many different credentials failed authentication from your address, and ${why.identity ?? 'this credential'} has not authenticated from it recently. ${retry}`;
  if (why.identity)
    return `Too many failed authentication attempts for ${why.identity} from your address. ${retry} Other credentials from your address are not affected.`;
  return `Too many failed authentication attempts from your address. ${retry}`;
}

function refuseJson(res: Response, why: Refusal): void {
  const details = {
    retryAfterSeconds: why.retryAfterSeconds,
    ...(why.identity?.startsWith('user ') && { user: why.identity.slice('user '.length) }),
  };
  res
    .status(429)
    .set('Retry-After', String(why.retryAfterSeconds))
    .json(errorBody(new ApiError(429, 'TOO_MANY_AUTH_FAILURES', tooMany(why), details)));
}

import { Router, type ErrorRequestHandler, type Request } from 'express';
import * as client from 'openid-client';
import { describeCause, toApiError } from '../errors.js';
import type { Logger } from '../logger.js';
import { checkAdminGroups } from './admin-groups.js';
import type { OidcConsoleConfig } from './auth-config.js';
import { markAuthFailure } from './auth-rate-limit.js';
import { fromCodeExchangeError, refusedByProvider, unavailable } from './callback-errors.js';
import { createConsoleGuard, type ConsoleGuard } from './console-guard.js';
import { csrfTokensMatch, newCsrfToken } from './csrf.js';
import { AuthError } from './errors.js';
import { createDiscovery, type CustomFetch } from './oidc-discovery.js';
import { logoutRoutes } from './oidc-logout.js';
import { AUTH_CSS, sendAuthPage, type AuthPage } from './pages.js';
import { safeReturnTo } from './return-to.js';
import { createSessionStore, type LoginTransaction } from './session.js';

export interface ConsoleAuthDeps {
  readonly oidc: OidcConsoleConfig;
  readonly publicUrl: string;
  readonly logger: Logger;
  readonly now?: () => number;
  /** openid-client's HTTP calls to the provider (tests strip or change requests with it). */
  readonly fetch?: CustomFetch;
}

export interface ConsoleAuth {
  /** /auth/login, /auth/callback, /auth/logout, /auth/logged-out; mount at /auth. */
  readonly router: Router;
  readonly guard: ConsoleGuard;
}

/** A sign-in must come back within this time (Okta's own transactions last a few minutes). */
const LOGIN_TTL_MS = 10 * 60_000;

/**
 * Console sign-in with Okta: the authorization code flow with PKCE, state and nonce (OpenID
 * Connect Core 1.0 §3.1; RFC 7636), then a signed session cookie; sign-out in oidc-logout.ts.
 */
export function createConsoleAuth(deps: ConsoleAuthDeps): ConsoleAuth {
  const now = deps.now ?? Date.now;
  const secure = deps.publicUrl.startsWith('https:');
  const sessions = createSessionStore({ ...deps.oidc.session, secure, now });
  const discover = createDiscovery({
    issuer: deps.oidc.issuer,
    clientId: deps.oidc.clientId,
    clientSecret: deps.oidc.clientSecret,
    ...(deps.fetch && { fetch: deps.fetch }),
  });
  const provider = () => discover().catch((err: unknown) => Promise.reject(unavailable(err)));
  const redirectUri = `${deps.publicUrl}/auth/callback`;
  const log = deps.logger.child({ component: 'console-auth' });
  const router = Router();

  router.get('/assets/auth.css', function authCss(_req, res) {
    res.set('Cache-Control', 'public, max-age=3600').type('text/css').send(AUTH_CSS);
  });
  router.use(sessions.middleware);

  router.get('/login', async function startSignIn(req, res) {
    const returnTo = safeReturnTo(req.query['returnTo']);
    if (secure && !req.secure) throw insecureRequest();
    if (sessions.read(req).kind === 'active') return res.redirect(303, returnTo);
    const config = await provider();
    const tx: LoginTransaction = {
      state: client.randomState(),
      nonce: client.randomNonce(),
      verifier: client.randomPKCECodeVerifier(),
      returnTo,
      startedAt: now(),
    };
    sessions.beginLogin(req, tx);
    const url = client.buildAuthorizationUrl(config, {
      redirect_uri: redirectUri,
      scope: deps.oidc.scopes,
      state: tx.state,
      nonce: tx.nonce,
      code_challenge: await client.calculatePKCECodeChallenge(tx.verifier),
      code_challenge_method: 'S256',
    });
    res.redirect(302, url.href);
  });

  router.get('/callback', async function finishSignIn(req, res) {
    const tx = sessions.takeLogin(req);
    res.locals['returnTo'] = safeReturnTo(tx?.returnTo);
    // Only a callback that answers a sign-in this browser started can count as a failed sign-in:
    // any page could make a visitor's browser load /auth/callback and lock out their address.
    res.locals[SIGN_IN_STARTED] = tx !== undefined;
    const search = new URL(req.originalUrl, 'http://callback.invalid').search;
    const query = new URLSearchParams(search);
    const checked = checkTransaction(tx, query, now());
    const config = await provider();
    const current = new URL(redirectUri);
    current.search = search;
    const tokens = await client
      .authorizationCodeGrant(config, current, {
        pkceCodeVerifier: checked.verifier,
        expectedState: checked.state,
        expectedNonce: checked.nonce,
        idTokenExpected: true,
      })
      .catch((err: unknown) => Promise.reject(fromCodeExchangeError(err)));
    const claims = tokens.claims()!;
    const name = displayName(claims);
    let groups: unknown = claims['groups'];
    if (
      groups === undefined &&
      deps.oidc.adminGroups.length > 0 &&
      config.serverMetadata().userinfo_endpoint
    ) {
      // Okta's org authorization server may leave groups to the UserInfo response.
      const info = await client
        .fetchUserInfo(config, tokens.access_token, claims.sub)
        .catch((err: unknown) => Promise.reject(fromCodeExchangeError(err)));
      groups = info['groups'];
    }
    const gate = checkAdminGroups(groups, deps.oidc.adminGroups);
    if (!gate.ok) {
      markAuthFailure(res);
      log.warn({ sub: claims.sub, reason: gate.reason }, 'console: sign-in refused (admin groups)');
      return sendAuthPage(res, 403, notInGroupPage(name, gate.reason, deps.oidc.adminGroups));
    }
    sessions.signIn(req, { sub: claims.sub, name }, newCsrfToken(), tokens.id_token);
    log.info({ sub: claims.sub }, 'console: signed in');
    res.redirect(303, checked.returnTo);
  });

  logoutRoutes(router, {
    sessions,
    discover,
    publicUrl: deps.publicUrl,
    clientId: deps.oidc.clientId,
    log,
  });

  router.use(renderAuthError(log));
  return { router, guard: createConsoleGuard(sessions) };
}

const SIGN_IN_STARTED = 'signInStarted';

/** What must hold before the code is exchanged; each failure says what happened. */
function checkTransaction(
  tx: Partial<LoginTransaction> | undefined,
  query: URLSearchParams,
  now: number,
): LoginTransaction {
  if (!tx)
    throw new AuthError(
      'SIGN_IN_FAILED',
      'No sign-in is in progress in this browser: this link was used already, or the browser did not keep the sign-in cookie. Start the sign-in again.',
    );
  const { state, nonce, verifier, returnTo, startedAt } = tx;
  if (!state || !nonce || !verifier || typeof returnTo !== 'string' || typeof startedAt !== 'number')
    throw new AuthError(
      'SIGN_IN_FAILED',
      'The sign-in record in this browser is incomplete (state, nonce or PKCE code verifier missing), so Okta’s answer cannot be checked. Start the sign-in again.',
    );
  if (now - startedAt > LOGIN_TTL_MS)
    throw new AuthError(
      'SIGN_IN_FAILED',
      'The sign-in took longer than 10 minutes. Start the sign-in again.',
    );
  if (!csrfTokensMatch(state, query.get('state') ?? undefined))
    throw new AuthError(
      'SIGN_IN_FAILED',
      'The state parameter Okta sent back does not match the sign-in started in this browser (a forged or crossed-over link). Start the sign-in again.',
    );
  // The provider's own error is shown only once the answer is known to belong to this sign-in.
  const error = query.get('error');
  if (error !== null) throw refusedByProvider(error, query.get('error_description'));
  return { state, nonce, verifier, returnTo, startedAt };
}

function displayName(claims: client.IDToken): string {
  for (const key of ['name', 'preferred_username', 'email', 'sub'] as const) {
    const v = claims[key];
    if (typeof v === 'string' && v.trim() !== '') return v.trim().slice(0, 200);
  }
  return 'unknown user';
}

function notInGroupPage(
  name: string,
  reason: 'no-claim' | 'not-member',
  groups: readonly string[],
): AuthPage {
  return {
    title: 'Not allowed to use this console',
    failure: true,
    paragraphs:
      reason === 'no-claim'
        ? [
            `Okta signed you in as ${name}, but its ID token carries no groups claim, so membership of the console’s admin groups cannot be checked.`,
            'An Okta administrator must add a “groups” claim to the OIDC app (docs/auth.md, “Groups claim”). The admin groups are:',
          ]
        : [
            `Okta signed you in as ${name}, but you are not a member of any group allowed to use this console.`,
            'Ask an Okta administrator to add you to one of these groups, then sign in again:',
          ],
    list: groups,
    links: [{ href: '/auth/login', label: 'Sign in again' }],
  };
}

function insecureRequest(): AuthError {
  return new AuthError(
    'SIGN_IN_MISCONFIGURED',
    'This request reached the service over plain http although PUBLIC_URL is https, so the Secure sign-in cookie cannot be set. Open the console at PUBLIC_URL; the proxy in front must send X-Forwarded-Proto: https and TRUST_PROXY must trust it.',
  );
}

/** The sign-in routes' error page; a failure offers a fresh sign-in, never a redirect loop. */
function renderAuthError(log: Logger): ErrorRequestHandler {
  return function renderSignInError(err, req: Request, res, _next) {
    const e = err instanceof AuthError ? err : toApiError(err);
    if (e.status >= 500) log.error({ err: describeCause(err), path: req.path }, 'console sign-in failed');
    else log.warn({ code: e.code, reason: e.message }, 'console sign-in refused');
    if (res.headersSent) return void res.destroy();
    if (e.code === 'SIGN_IN_FAILED' && res.locals[SIGN_IN_STARTED] === true) markAuthFailure(res);
    const returnTo = typeof res.locals['returnTo'] === 'string' ? res.locals['returnTo'] : '/saml';
    sendAuthPage(res, e.status, {
      title: e.status >= 500 ? 'Sign-in is not available' : 'Sign-in failed',
      paragraphs: [e.message],
      links: [{ href: `/auth/login?returnTo=${encodeURIComponent(returnTo)}`, label: 'Sign in again' }],
      failure: true,
    });
  };
}

import express, { type Router } from 'express';
import * as client from 'openid-client';
import type { Logger } from '../logger.js';
import { markAuthFailure } from './auth-rate-limit.js';
import { csrfTokensMatch, submittedCsrfToken } from './csrf.js';
import { AuthError } from './errors.js';
import { sendAuthPage, type AuthPage } from './pages.js';
import type { SessionStore } from './session.js';

/**
 * Sign-out: GET /auth/logout asks to confirm, its CSRF-protected form posts back, the session is
 * cleared and, when the provider publishes an end_session_endpoint, the browser continues to it
 * (OpenID Connect RP-Initiated Logout 1.0 §2) and comes back to /auth/logged-out.
 */
export function logoutRoutes(
  router: Router,
  deps: {
    sessions: SessionStore;
    discover: () => Promise<client.Configuration>;
    publicUrl: string;
    clientId: string;
    log: Logger;
  },
): void {
  const { sessions } = deps;

  router.get('/logout', async function confirmSignOut(req, res) {
    const s = sessions.read(req);
    if (s.kind !== 'active') return sendAuthPage(res, 200, signedOutPage());
    const endSession = await deps.discover().then(
      (c) => c.serverMetadata().end_session_endpoint,
      () => undefined,
    );
    const page: AuthPage = {
      title: 'Sign out of the console?',
      paragraphs: [
        `You are signed in as ${s.user.name}.`,
        ...(endSession ? ['You will be signed out of Okta as well.'] : []),
      ],
      form: { action: '/auth/logout', fields: { _csrf: s.csrf }, button: 'Sign out' },
    };
    sendAuthPage(res, 200, page, endSession ? [new URL(endSession).origin] : []);
  });

  router.post(
    '/logout',
    express.urlencoded({ extended: false, limit: '4kb', parameterLimit: 5 }),
    async function signOut(req, res) {
      const s = sessions.read(req);
      if (s.kind !== 'active') return res.redirect(303, '/auth/logged-out');
      if (!csrfTokensMatch(s.csrf, submittedCsrfToken(req))) {
        markAuthFailure(res);
        throw new AuthError(
          'CSRF_TOKEN_INVALID',
          'The sign-out form’s security token does not match your session. Open /auth/logout and press Sign out again.',
        );
      }
      sessions.signOut(req);
      deps.log.info({ sub: s.user.sub }, 'console: signed out');
      const config = await deps.discover().catch(() => undefined);
      if (!config?.serverMetadata().end_session_endpoint) return res.redirect(303, '/auth/logged-out');
      const url = client.buildEndSessionUrl(config, {
        post_logout_redirect_uri: `${deps.publicUrl}/auth/logged-out`,
        client_id: deps.clientId,
        ...(s.idToken !== undefined && { id_token_hint: s.idToken }),
      });
      res.redirect(303, url.href);
    },
  );

  router.get('/logged-out', function signedOut(_req, res) {
    sendAuthPage(res, 200, signedOutPage());
  });
}

function signedOutPage(): AuthPage {
  return {
    title: 'You are signed out',
    paragraphs: ['You are signed out of the Rally Okta console.'],
    links: [{ href: '/auth/login', label: 'Sign in' }],
  };
}

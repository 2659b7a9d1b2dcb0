import type { Request, RequestHandler, Response } from 'express';
import { ApiError, errorBody } from '../errors.js';
import { markAuthFailure } from './auth-rate-limit.js';
import { csrfTokensMatch, submittedCsrfToken } from './csrf.js';
import { prefersHtml, sendAuthPage } from './pages.js';
import { safeReturnTo } from './return-to.js';
import type { SessionStore } from './session.js';

/** What console pages show of the session: who is signed in and the token their forms carry. */
export interface ConsoleView {
  readonly user: string;
  readonly csrfToken: string;
}

/**
 * The console's gate, used by the routers that serve admin pages (server/routes/saml.ts):
 * `identify` reads the session where it is optional, `requireSession` demands one, and
 * `verifyCsrf` checks a state-changing request after its body was parsed.
 */
export interface ConsoleGuard {
  readonly identify: RequestHandler;
  readonly requireSession: RequestHandler;
  readonly verifyCsrf: RequestHandler;
}

const VIEW = Symbol('consoleView');

export function consoleViewOf(res: Response): ConsoleView | undefined {
  return (res.locals as Record<symbol, ConsoleView | undefined>)[VIEW];
}

export function createConsoleGuard(sessions: SessionStore): ConsoleGuard {
  // Once per request: `identify` on the router and `requireSession` on a route both need it.
  const loaded = new WeakSet<Request>();
  const withSession =
    (then: RequestHandler): RequestHandler =>
    (req, res, next) => {
      if (loaded.has(req)) return then(req, res, next);
      loaded.add(req);
      sessions.middleware(req, res, (err?: unknown) => (err ? next(err) : then(req, res, next)));
    };

  return {
    identify: withSession(function identifyConsoleUser(req, res, next) {
      const s = sessions.read(req);
      if (s.kind === 'active') setView(res, { user: s.user.name, csrfToken: s.csrf });
      next();
    }),
    requireSession: withSession(function requireConsoleSession(req, res, next) {
      const s = sessions.read(req);
      if (s.kind === 'active') {
        setView(res, { user: s.user.name, csrfToken: s.csrf });
        next();
        return;
      }
      const expired = s.kind === 'expired';
      if (req.method === 'GET' && prefersHtml(req)) {
        res.redirect(302, `/auth/login?returnTo=${encodeURIComponent(safeReturnTo(req.originalUrl))}`);
        return;
      }
      const message = expired
        ? `Your console session expired (${s.reason === 'idle' ? 'no activity for too long' : 'it reached its maximum length'}). Sign in again at /auth/login.`
        : 'Sign in to the console first: open /auth/login in a browser (docs/auth.md).';
      refuse(req, res, new ApiError(401, expired ? 'SESSION_EXPIRED' : 'SIGN_IN_REQUIRED', message), {
        href: '/auth/login?returnTo=%2Fsaml',
        label: 'Sign in',
      });
    }),
    verifyCsrf: function verifyCsrfToken(req, res, next) {
      const view = consoleViewOf(res);
      if (view && csrfTokensMatch(view.csrfToken, submittedCsrfToken(req))) {
        next();
        return;
      }
      markAuthFailure(res);
      refuse(
        req,
        res,
        new ApiError(
          403,
          'CSRF_TOKEN_INVALID',
          'The form’s security token is missing or does not match your session. Reload the console page and submit the form again; scripts send the token as X-CSRF-Token.',
        ),
        { href: '/saml', label: 'Back to the console' },
      );
    },
  };
}

function setView(res: Response, view: ConsoleView): void {
  (res.locals as Record<symbol, ConsoleView>)[VIEW] = view;
}

function refuse(req: Request, res: Response, e: ApiError, link: { href: string; label: string }): void {
  if (prefersHtml(req)) {
    sendAuthPage(res, e.status, {
      title: titleOf(e.code),
      paragraphs: [e.message],
      links: [link],
      failure: true,
    });
    return;
  }
  res.status(e.status).set('Cache-Control', 'no-store').json(errorBody(e));
}

function titleOf(code: string): string {
  switch (code) {
    case 'SESSION_EXPIRED':
      return 'Your session expired';
    case 'CSRF_TOKEN_INVALID':
      return 'The form could not be accepted';
    default:
      return 'Sign-in required';
  }
}

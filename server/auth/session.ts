import type { Request, RequestHandler } from 'express';
import cookieSession from 'cookie-session';
import type { Secret } from './secrets.js';

/** What an in-progress sign-in keeps between /auth/login and /auth/callback. */
export interface LoginTransaction {
  readonly state: string;
  readonly nonce: string;
  readonly verifier: string;
  readonly returnTo: string;
  readonly startedAt: number;
}

export interface ConsoleUser {
  readonly sub: string;
  readonly name: string;
}

export type SessionState =
  | { readonly kind: 'none' }
  | { readonly kind: 'expired'; readonly reason: 'idle' | 'absolute' }
  | {
      readonly kind: 'active';
      readonly user: ConsoleUser;
      readonly csrf: string;
      readonly idToken: string | undefined;
    };

export interface SessionOptions {
  readonly secret: Secret;
  readonly idleMs: number;
  readonly absoluteMs: number;
  /** PUBLIC_URL is https: the cookie is Secure and takes the `__Host-` prefix. */
  readonly secure: boolean;
  readonly now: () => number;
}

export interface SessionStore {
  readonly middleware: RequestHandler;
  read(req: Request): SessionState;
  beginLogin(req: Request, tx: LoginTransaction): void;
  /** Returns the transaction and removes it: a callback URL works once. */
  takeLogin(req: Request): Partial<LoginTransaction> | undefined;
  signIn(req: Request, user: ConsoleUser, csrf: string, idToken: string | undefined): void;
  signOut(req: Request): void;
}

/** Rewriting the cookie on every request buys nothing; idle time is tracked to the minute. */
const TOUCH_EVERY_MS = 60_000;
/** Browsers drop cookies over 4 kB; an ID token with many groups could push the session past it. */
const MAX_ID_TOKEN_CHARS = 2400;

/**
 * The console session: a signed (HMAC), httpOnly, SameSite=Lax cookie (cookie-session), so the
 * service keeps no session state and any replica can serve the console. Timeouts are checked on
 * the server from the cookie's own timestamps with the injected clock; the cookie's Max-Age (the
 * absolute timeout) only makes the browser forget it.
 */
export function createSessionStore(opts: SessionOptions): SessionStore {
  const middleware = cookieSession({
    name: opts.secure ? '__Host-rally-console' : 'rally-console',
    keys: [opts.secret.reveal()],
    httpOnly: true,
    sameSite: 'lax',
    secure: opts.secure,
    path: '/',
    maxAge: opts.absoluteMs,
  });
  const data = (req: Request): Record<string, unknown> => req.session ?? {};
  // read() clears an expired session; a second read in the same request must still say why.
  const seen = new WeakMap<Request, SessionState>();
  const remember = (req: Request, state: SessionState): SessionState => {
    seen.set(req, state);
    return state;
  };

  return {
    middleware,
    read(req) {
      const known = seen.get(req);
      if (known) return known;
      const s = data(req);
      const user = s['user'] as Partial<ConsoleUser> | undefined;
      const { createdAt, seenAt, csrf } = s;
      if (
        typeof user?.sub !== 'string' ||
        typeof user.name !== 'string' ||
        typeof createdAt !== 'number' ||
        typeof seenAt !== 'number' ||
        typeof csrf !== 'string'
      )
        return remember(req, { kind: 'none' });
      const now = opts.now();
      const reason =
        now - createdAt >= opts.absoluteMs ? 'absolute' : now - seenAt >= opts.idleMs ? 'idle' : undefined;
      if (reason) {
        req.session = null;
        return remember(req, { kind: 'expired', reason });
      }
      if (now - seenAt >= TOUCH_EVERY_MS) req.session!['seenAt'] = now;
      const idToken = typeof s['idToken'] === 'string' ? s['idToken'] : undefined;
      return remember(req, { kind: 'active', user: { sub: user.sub, name: user.name }, csrf, idToken });
    },
    beginLogin(req, tx) {
      // A new sign-in replaces whatever the cookie held: no fixation of an older session.
      req.session = { login: tx };
      seen.delete(req);
    },
    takeLogin(req) {
      const tx = data(req)['login'];
      if (tx === undefined || tx === null || typeof tx !== 'object') return undefined;
      req.session = null;
      seen.delete(req);
      return tx as Partial<LoginTransaction>;
    },
    signIn(req, user, csrf, idToken) {
      const now = opts.now();
      req.session = {
        user,
        csrf,
        createdAt: now,
        seenAt: now,
        ...(idToken !== undefined && idToken.length <= MAX_ID_TOKEN_CHARS && { idToken }),
      };
      seen.delete(req);
    },
    signOut(req) {
      req.session = null;
      seen.delete(req);
    },
  };
}

import { createHash, timingSafeEqual } from 'node:crypto';
import type { Request } from 'express';
import type { Identity } from '../runtime.js';
import type { Store } from '../store/store.js';
import type { Session, UserRecord } from '../types/records.js';

export type AuthOutcome =
  | { readonly ok: true; readonly identity: Identity }
  | { readonly ok: false; readonly reason: 'missing' | 'incorrect' };

export const AUTH_FAILURE_REASONS = {
  missing: 'Full authentication is required to access this resource',
  incorrect: 'The username or password you entered is incorrect.',
} as const;

function sameSecret(given: string, expected: string): boolean {
  const digest = (text: string) => createHash('sha256').update(text).digest();
  return timingSafeEqual(digest(given), digest(expected));
}

export function sessionCookie(req: Request): string | undefined {
  for (const part of (req.get('cookie') ?? '').split(';')) {
    const [name, ...value] = part.trim().split('=');
    if (name === 'JSESSIONID') return value.join('=');
  }
  return undefined;
}

function liveSession(req: Request, store: Store): Session | undefined {
  const id = sessionCookie(req);
  const session = id === undefined ? undefined : store.sessions.get(id);
  const user = session && store.usersByOid.get(session.user);
  return user && !user.Disabled ? session : undefined;
}

function basicUser(header: string, store: Store): UserRecord | undefined {
  const decoded = Buffer.from(header.slice(6).trim(), 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return undefined;
  const user = store.usersByName.get(decoded.slice(0, colon).toLowerCase());
  const password = decoded.slice(colon + 1);
  return user?.password && sameSecret(password, user.password) ? user : undefined;
}

/**
 * Identifies the caller (reference: Authentication). Precedence: `ZSESSIONID` API key, then
 * `Authorization: Basic`, then the JSESSIONID session cookie. Disabled users never authenticate.
 */
export function identify(req: Request, store: Store): AuthOutcome {
  const session = liveSession(req, store);
  const apiKey = req.get('zsessionid');
  const authorization = req.get('authorization');
  let user: UserRecord | undefined;
  let mode: Identity['mode'];
  if (apiKey !== undefined) {
    user = store.usersByApiKey.get(apiKey.trim());
    mode = 'apiKey';
  } else if (authorization && /^basic /i.test(authorization)) {
    user = basicUser(authorization, store);
    mode = 'basic';
  } else if (session) {
    user = store.usersByOid.get(session.user);
    mode = 'session';
  } else {
    return { ok: false, reason: 'missing' };
  }
  if (!user || user.Disabled) return { ok: false, reason: 'incorrect' };
  return { ok: true, identity: { user, mode, session } };
}

/**
 * Writes by Basic/session callers need `?key=<SecurityToken>` bound to their JSESSIONID; an API-key
 * caller needs none unless it also sends a session cookie (KB 127054), in which case the key must match.
 */
export function writeKeyAccepted(identity: Identity, key: string | undefined): boolean {
  const { session, user } = identity;
  if (identity.mode === 'apiKey' && !session) return true;
  return (
    session !== undefined && session.user === user.oid && key !== undefined && sameSecret(key, session.token)
  );
}

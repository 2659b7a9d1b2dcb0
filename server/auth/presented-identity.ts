import type { Request } from 'express';

/**
 * Who a request claims to be, for the failed-authentication limit: the Basic username, or a
 * keyed hash of the API key or bearer token. The secret itself is never kept: `key` is an HMAC
 * (server/state/identity-hash.ts) and only a username may be shown back (`username`).
 */
export interface PresentedIdentity {
  /** Stable within one deployment (same key on every replica), holds no secret. */
  readonly key: string;
  readonly kind: 'username' | 'apiKey' | 'token';
  /** Basic only: the username as sent (lowercased), which the 429 may name. */
  readonly username?: string;
  /**
   * Keyed hash of the whole credential (for Basic, username and password): tells one guess from
   * another, and a credential that authenticated from one that did not. Holds no secret either.
   */
  readonly fingerprint: string;
}

export function presentedIdentity(
  req: Request,
  hash: (value: string) => string,
): PresentedIdentity | undefined {
  const header = req.headers.authorization?.trim();
  if (header) {
    const basic = /^Basic +(\S+)$/i.exec(header);
    if (basic) {
      const decoded = Buffer.from(basic[1]!, 'base64').toString('utf8');
      const colon = decoded.indexOf(':');
      const username = decoded.slice(0, colon).trim().toLowerCase();
      // Without a colon there is no username, only a value that may be a secret: hashed, never
      // shown. A username longer than any email is a guess at the limiter, not a person: hashed.
      if (colon > 0 && username !== '' && username.length <= 254)
        return {
          key: `u:${hash(`u\0${username}`)}`,
          kind: 'username',
          username,
          fingerprint: `b:${hash(`b\0${decoded}`)}`,
        };
    }
    const bearer = /^Bearer +(\S+)$/i.exec(header);
    if (bearer) return secretIdentity(`t:${hash(`t\0${bearer[1]!}`)}`, 'token');
    return secretIdentity(`k:${hash(`k\0${header}`)}`, 'apiKey');
  }
  const zsessionid = req.headers.zsessionid;
  if (typeof zsessionid === 'string' && zsessionid !== '')
    return secretIdentity(`k:${hash(`k\0${zsessionid.trim()}`)}`, 'apiKey');
  return undefined;
}

/** A key or token is its own identity: one hash serves as key and fingerprint. */
const secretIdentity = (key: string, kind: 'apiKey' | 'token'): PresentedIdentity => ({
  key,
  kind,
  fingerprint: key,
});

/** How a 429 names the blocked identity: a username as sent, never a key or token. */
export function describeIdentity(id: PresentedIdentity): string {
  if (id.username !== undefined) return `user ${id.username}`;
  // A bearer value is a Rally API key in pass-through mode and an access token with AUTH_MODE=oauth.
  return id.kind === 'token' ? 'this API key or access token' : 'this API key';
}

import type { IncomingHttpHeaders } from 'node:http';
import type { RallyCredential } from '../../connector/rally/index.js';

/**
 * Reads the pass-through Rally credential from a request: `Authorization: Basic` (Rally username
 * and password), `Authorization: Bearer <API key>`, a bare API key in `Authorization` (Okta's
 * "HTTP Header" auth may or may not prefix Bearer), or a `ZSESSIONID` header as Rally itself takes.
 * Returns why it failed otherwise, so a 401 can say what to fix.
 */
export type CredentialResult = { ok: true; credential: RallyCredential } | { ok: false; reason: string };

const TOKEN = /^[A-Za-z0-9._~+/=-]{8,512}$/;

export function readRallyCredential(headers: IncomingHttpHeaders): CredentialResult {
  const zsession = headers.zsessionid;
  const authorization = headers.authorization?.trim();
  if (authorization) return fromAuthorization(authorization);
  if (typeof zsession === 'string' && zsession.trim() !== '') {
    const key = zsession.trim();
    return TOKEN.test(key) ? { ok: true, credential: { kind: 'apiKey', apiKey: key } } : malformedKey();
  }
  return {
    ok: false,
    reason:
      'No Rally credential was sent. Use Basic auth with a Rally username and password, or send a Rally API key as "Authorization: Bearer <key>".',
  };
}

function fromAuthorization(value: string): CredentialResult {
  const space = value.indexOf(' ');
  const scheme = space === -1 ? '' : value.slice(0, space).toLowerCase();
  const rest = space === -1 ? value : value.slice(space + 1).trim();
  if (scheme === 'basic') return fromBasic(rest);
  if (scheme === 'bearer')
    return TOKEN.test(rest) ? { ok: true, credential: { kind: 'apiKey', apiKey: rest } } : malformedKey();
  if (space === -1 && TOKEN.test(value)) return { ok: true, credential: { kind: 'apiKey', apiKey: value } };
  return {
    ok: false,
    reason:
      'The Authorization header is not Basic, Bearer or a Rally API key. Check the connection settings in Okta.',
  };
}

function fromBasic(encoded: string): CredentialResult {
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(encoded)) return malformedBasic();
  const decoded = Buffer.from(encoded, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon <= 0 || colon === decoded.length - 1) return malformedBasic();
  return {
    ok: true,
    credential: { kind: 'basic', username: decoded.slice(0, colon), password: decoded.slice(colon + 1) },
  };
}

const malformedBasic = (): CredentialResult => ({
  ok: false,
  reason: 'The Basic credentials are malformed. Send base64("rally-username:password").',
});

const malformedKey = (): CredentialResult => ({
  ok: false,
  reason: 'The Rally API key is malformed. Copy it again from Rally (it starts with "_").',
});

import type { Request, Response } from 'express';
import type { RallyCredential } from '../../connector/rally/index.js';
import { readRallyCredential } from './rally-credential.js';
import type { Secret } from './secrets.js';
import type { TokenVerdict } from './token-checks.js';

export interface CredentialFailure {
  readonly ok: false;
  readonly status: 401 | 403;
  readonly code: string;
  readonly message: string;
  readonly wwwAuthenticate: string;
}

/**
 * Where the Rally credential of an API request comes from: `caller` (pass-through, sent with the
 * request) or `service` (AUTH_MODE=oauth: held by the service, released for a valid token).
 */
export type CredentialResolution =
  | {
      readonly ok: true;
      readonly credential: RallyCredential;
      readonly source: 'caller' | 'service';
      /** AUTH_MODE=oauth: the token's client id, else its subject (the audit trail's actor). */
      readonly principal?: string;
    }
  | CredentialFailure;

/**
 * The seam between authentication and the API routers (connector, SCIM): they ask for a Rally
 * credential and render a failure in their own format. Client faults resolve to a failure; a
 * fault on the server's side (the authorization server unreachable) rejects with an AuthError.
 */
export type CredentialResolver = (req: Request) => Promise<CredentialResolution>;

const REALM = 'rally-okta-connector';

/** Today's behaviour: the caller sends the Rally credential (Basic, API key, ZSESSIONID). */
export function passthroughResolver(realm = REALM): CredentialResolver {
  return async function resolvePassthrough(req) {
    const r = readRallyCredential(req.headers);
    if (r.ok) return { ok: true, credential: r.credential, source: 'caller' };
    return {
      ok: false,
      status: 401,
      code: 'INVALID_CREDENTIALS',
      message: r.reason,
      wwwAuthenticate: `Basic realm="${realm}"`,
    };
  };
}

/**
 * AUTH_MODE=oauth: `Authorization: Bearer <access token>` (RFC 6750 §2.1) from the Okta
 * authorization server, validated by `validate`, releases the Rally credential the service holds.
 * A request without a token gets a bare challenge (RFC 6750 §3.1: no error code).
 */
export function oauthResolver(opts: {
  validate: (token: string) => Promise<TokenVerdict>;
  credential: Secret<RallyCredential>;
  requiredScope: string;
}): CredentialResolver {
  return async function resolveBearer(req) {
    const token = bearerToken(req.headers.authorization);
    if (token === undefined)
      return {
        ok: false,
        status: 401,
        code: 'INVALID_TOKEN',
        message:
          'This service accepts OAuth 2.0 access tokens: send "Authorization: Bearer <access token>" from the Okta authorization server (docs/auth.md). Rally credentials are not accepted here.',
        wwwAuthenticate: `Bearer realm="${REALM}", scope="${opts.requiredScope}"`,
      };
    const verdict = await opts.validate(token);
    if (verdict.ok) {
      const principal = verdict.clientId ?? verdict.subject;
      return {
        ok: true,
        credential: opts.credential.reveal(),
        source: 'service',
        ...(principal !== undefined && { principal }),
      };
    }
    const scope = verdict.error === 'insufficient_scope' ? `, scope="${opts.requiredScope}"` : '';
    return {
      ok: false,
      status: verdict.error === 'insufficient_scope' ? 403 : 401,
      code: verdict.error === 'insufficient_scope' ? 'INSUFFICIENT_SCOPE' : 'INVALID_TOKEN',
      message: verdict.message,
      wwwAuthenticate: `Bearer realm="${REALM}", error="${verdict.error}", error_description="${verdict.description}"${scope}`,
    };
  };
}

/** RFC 6750 §2.1 b64token; longer than any token Okta issues, shorter than a header attack. */
const B64TOKEN = /^[A-Za-z0-9\-._~+/]+=*$/;

function bearerToken(header: string | undefined): string | undefined {
  const m = /^Bearer +(\S+)\s*$/i.exec(header ?? '');
  const token = m?.[1];
  return token !== undefined && token.length <= 16_384 && B64TOKEN.test(token) ? token : undefined;
}

const SOURCE = Symbol('credentialSource');

const PRINCIPAL = Symbol('credentialPrincipal');

export function rememberCredentialSource(
  res: Response,
  source: 'caller' | 'service',
  principal?: string,
): void {
  (res.locals as Record<symbol, string>)[SOURCE] = source;
  if (principal !== undefined) (res.locals as Record<symbol, string>)[PRINCIPAL] = principal;
}

/** The OAuth client (or subject) a service-held credential was released to. */
export function principalOf(res: Response): string | undefined {
  return (res.locals as Record<symbol, string | undefined>)[PRINCIPAL];
}

/**
 * Rally refusing the credential the *service* holds is not the caller's fault: their token was
 * good. The routers turn such a 401 into this 502, so Workflows shows what to fix and where.
 */
export function serviceCredentialRefused(
  res: Response,
): { status: 502; code: string; message: string } | undefined {
  if ((res.locals as Record<symbol, string>)[SOURCE] !== 'service') return undefined;
  return {
    status: 502,
    code: 'SERVICE_CREDENTIAL_REFUSED',
    message:
      'The access token is valid, but Rally refused the credential this service holds (RALLY_API_KEY, or RALLY_USERNAME and RALLY_PASSWORD). An administrator of the service must update it.',
  };
}

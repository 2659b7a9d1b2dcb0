/**
 * The claims of an access token, from a verified JWT (RFC 9068) or an introspection response
 * (RFC 7662 §2.2), and the checks both must pass: issuer, audience, expiry and the required
 * scope. Failures carry the RFC 6750 §3.1 error code.
 */
export interface TokenClaims {
  readonly iss?: unknown;
  readonly aud?: unknown;
  readonly exp?: unknown;
  /** RFC 9068 / RFC 7662: a space-separated string. */
  readonly scope?: unknown;
  /** Okta's access tokens list scopes in `scp` instead. */
  readonly scp?: unknown;
  readonly sub?: unknown;
  readonly client_id?: unknown;
  /** Okta's client id claim in access tokens. */
  readonly cid?: unknown;
}

export interface TokenExpectations {
  readonly issuer: string;
  readonly audience: string;
  readonly requiredScope: string;
}

export type TokenVerdict =
  | { readonly ok: true; readonly clientId: string | undefined; readonly subject: string | undefined }
  | {
      readonly ok: false;
      readonly error: 'invalid_token' | 'insufficient_scope';
      /** Safe for a WWW-Authenticate quoted string: plain ASCII, no quotes. */
      readonly description: string;
      /** For the JSON/SCIM body: what to change. */
      readonly message: string;
    };

export function invalidToken(description: string, message: string): TokenVerdict {
  return { ok: false, error: 'invalid_token', description, message };
}

export function checkTokenClaims(
  c: TokenClaims,
  expect: TokenExpectations,
  nowMs: number,
  clockToleranceMs = 0,
): TokenVerdict {
  if (c.iss !== undefined && c.iss !== expect.issuer)
    return invalidToken(
      'The access token was issued by another authorization server',
      `The access token was not issued by ${expect.issuer} (OAUTH_ISSUER). Get the token from that authorization server’s token URL.`,
    );
  const audiences = typeof c.aud === 'string' ? [c.aud] : Array.isArray(c.aud) ? c.aud : [];
  if (!audiences.includes(expect.audience))
    return invalidToken(
      'The access token is meant for another audience',
      `The access token’s audience is not ${expect.audience} (OAUTH_AUDIENCE). Request it from the authorization server whose audience is ${expect.audience}.`,
    );
  if (typeof c.exp !== 'number' || c.exp * 1000 + clockToleranceMs <= nowMs)
    return invalidToken('The access token expired', 'The access token expired. Request a new one.');
  if (!scopesOf(c).includes(expect.requiredScope))
    return {
      ok: false,
      error: 'insufficient_scope',
      description: `The access token lacks the ${expect.requiredScope} scope`,
      message: `The access token does not carry the scope ${expect.requiredScope} (OAUTH_REQUIRED_SCOPE). Grant the scope to the client in Okta and request it with the token.`,
    };
  return {
    ok: true,
    clientId: firstString(c.client_id, c.cid),
    subject: firstString(c.sub),
  };
}

function scopesOf(c: TokenClaims): string[] {
  if (typeof c.scope === 'string') return c.scope.split(' ').filter((s) => s !== '');
  if (Array.isArray(c.scp)) return c.scp.filter((s): s is string => typeof s === 'string');
  return [];
}

function firstString(...values: unknown[]): string | undefined {
  return values.find((v): v is string => typeof v === 'string');
}

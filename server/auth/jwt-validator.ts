import { createRemoteJWKSet, errors, jwtVerify, type JWTVerifyGetKey } from 'jose';
import type * as client from 'openid-client';
import { AuthError } from './errors.js';
import { checkTokenClaims, invalidToken, type TokenExpectations, type TokenVerdict } from './token-checks.js';

/** Clock skew allowed between us and the authorization server, for every time claim alike. */
const CLOCK_TOLERANCE_S = 5;

/** Asymmetric algorithms only: a JWKS never holds the shared secret an HS256 token would need. */
const ALGORITHMS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA'];

/**
 * Local validation of JWT access tokens (RFC 9068) against the issuer's published keys, as an
 * Okta custom authorization server issues them. Keys are fetched from the discovered `jwks_uri`
 * and cached by jose (refetched when a token names an unknown key). A revoked token stays valid
 * until it expires: use introspection where revocation must take effect at once.
 */
export function createJwtValidator(opts: {
  expect: TokenExpectations;
  metadata: () => Promise<client.Configuration>;
  now: () => number;
}): (token: string) => Promise<TokenVerdict> {
  let keys: Promise<JWTVerifyGetKey> | undefined;
  const keySet = () =>
    (keys ??= opts.metadata().then(
      (config) => {
        const uri = config.serverMetadata().jwks_uri;
        if (!uri) throw new Error('the authorization server publishes no jwks_uri');
        return createRemoteJWKSet(new URL(uri), { timeoutDuration: 5000 });
      },
      (err: unknown) => {
        keys = undefined;
        throw err;
      },
    ));

  return async function validateJwt(token) {
    const jwks = await keySet().catch((err: unknown) => Promise.reject(unavailable(err)));
    try {
      const { payload } = await jwtVerify(token, jwks, {
        algorithms: ALGORITHMS,
        currentDate: new Date(opts.now()),
        clockTolerance: CLOCK_TOLERANCE_S,
        requiredClaims: ['iss', 'aud', 'exp'],
      });
      return checkTokenClaims(payload, opts.expect, opts.now(), CLOCK_TOLERANCE_S * 1000);
    } catch (err) {
      if (err instanceof errors.JWTExpired)
        return invalidToken('The access token expired', 'The access token expired. Request a new one.');
      if (err instanceof errors.JWTClaimValidationFailed)
        return invalidToken(
          'The access token is missing a required claim',
          `The access token’s “${err.claim}” claim is missing or not valid.`,
        );
      if (isTokenFault(err))
        return invalidToken(
          'The access token is not a valid signed token from the authorization server',
          `The access token is not a JWT signed by ${opts.expect.issuer} (OAUTH_ISSUER). Send the access_token from that authorization server’s token response.`,
        );
      throw unavailable(err);
    }
  };
}

/** Faults of the token itself; anything else (timeouts, unreachable keys) is the server's side. */
function isTokenFault(err: unknown): boolean {
  return (
    err instanceof errors.JWSInvalid ||
    err instanceof errors.JWTInvalid ||
    err instanceof errors.JWSSignatureVerificationFailed ||
    err instanceof errors.JWKSNoMatchingKey ||
    err instanceof errors.JWKSMultipleMatchingKeys ||
    err instanceof errors.JOSEAlgNotAllowed ||
    err instanceof errors.JOSENotSupported
  );
}

export function unavailable(err: unknown): AuthError {
  return new AuthError(
    'AUTH_SERVER_UNAVAILABLE',
    'The authorization server (OAUTH_ISSUER) could not be reached or gave an unexpected answer, so the access token could not be checked. Retry in a moment.',
    { cause: err },
  );
}

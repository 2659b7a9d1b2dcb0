import * as client from 'openid-client';
import { AuthError } from './errors.js';
import { createIntrospectionCache, type IntrospectionCache } from './introspection-cache.js';
import { unavailable } from './jwt-validator.js';
import {
  checkTokenClaims,
  invalidToken,
  type TokenClaims,
  type TokenExpectations,
  type TokenVerdict,
} from './token-checks.js';

/**
 * Validation by token introspection (RFC 7662) with openid-client's `tokenIntrospection`: the
 * authorization server says whether the token is active, so revocation takes effect within the
 * cache time. Concurrent requests with the same token share one introspection call.
 */
export function createIntrospectionValidator(opts: {
  expect: TokenExpectations;
  metadata: () => Promise<client.Configuration>;
  cacheSeconds: number;
  now: () => number;
  /** Shared across replicas with REDIS_URL (server/state); this process's memory otherwise. */
  cache?: IntrospectionCache;
}): (token: string) => Promise<TokenVerdict> {
  const cache = opts.cache ?? createIntrospectionCache({ maxSeconds: opts.cacheSeconds, now: opts.now });
  const inFlight = new Map<string, Promise<TokenClaims | undefined>>();

  const introspect = async (token: string): Promise<TokenClaims | undefined> => {
    const config = await opts.metadata().catch((err: unknown) => Promise.reject(unavailable(err)));
    const answer = await client
      .tokenIntrospection(config, token, { token_type_hint: 'access_token' })
      .catch((err: unknown) => {
        // The token is the only thing a caller controls in the request: a server refusing to
        // read it (some refuse JWT-shaped or oversized tokens) means an inactive token, not an outage.
        if (err instanceof client.ResponseBodyError && TOKEN_REFUSALS.has(err.error)) return undefined;
        throw fromIntrospectionError(err);
      });
    if (answer?.active !== true) return undefined;
    await cache.put(token, answer);
    return answer;
  };

  return async function validateByIntrospection(token) {
    let claims = await cache.get(token);
    if (claims === undefined) {
      let pending = inFlight.get(token);
      if (pending === undefined) {
        pending = introspect(token).finally(() => inFlight.delete(token));
        inFlight.set(token, pending);
      }
      claims = await pending;
    }
    if (claims === undefined)
      return invalidToken(
        'The access token is not active',
        'The authorization server says the access token is not active: it expired, was revoked, or was not issued by OAUTH_ISSUER. Request a new one.',
      );
    return checkTokenClaims(claims, opts.expect, opts.now());
  };
}

const TOKEN_REFUSALS = new Set(['invalid_request', 'invalid_token', 'unsupported_token_type']);

function fromIntrospectionError(err: unknown): AuthError {
  if (err instanceof client.ResponseBodyError && (err.error === 'invalid_client' || err.status === 401))
    return new AuthError(
      'AUTH_SERVER_UNAVAILABLE',
      'The authorization server refused this service’s introspection client: an administrator must check OAUTH_CLIENT_ID and OAUTH_CLIENT_SECRET.',
      { cause: err },
    );
  return unavailable(err);
}

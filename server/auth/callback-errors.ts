import * as client from 'openid-client';
import { AuthError } from './errors.js';

const START_AGAIN = 'Start the sign-in again.';

/**
 * openid-client's failures during the code exchange, in words an admin can act on. The original
 * error is kept as `cause` for the log; provider descriptions are short protocol text, never a
 * token, and are quoted.
 */
export function fromCodeExchangeError(err: unknown): AuthError {
  if (err instanceof AuthError) return err;
  if (err instanceof client.ResponseBodyError) {
    const said = err.error_description ? ` Okta said: “${clip(err.error_description)}”.` : '';
    if (err.error === 'invalid_grant')
      return new AuthError(
        'SIGN_IN_FAILED',
        `Okta refused the authorization code: it was already used, it expired, or the PKCE code verifier does not match it.${said} ${START_AGAIN}`,
        { cause: err },
      );
    if (err.error === 'invalid_client' || err.error === 'unauthorized_client')
      return new AuthError(
        'SIGN_IN_MISCONFIGURED',
        `Okta refused this service’s client credentials (${err.error}). Check OIDC_CLIENT_ID and OIDC_CLIENT_SECRET against the Okta app.${said}`,
        { cause: err },
      );
    return new AuthError(
      'SIGN_IN_FAILED',
      `Okta refused the sign-in (${clip(err.error)}).${said} ${START_AGAIN}`,
      {
        cause: err,
      },
    );
  }
  if (err instanceof client.AuthorizationResponseError)
    return refusedByProvider(err.error, err.error_description ?? null, err);
  if (err instanceof client.ClientError) {
    const claim = ((err.cause as { cause?: { claim?: unknown } } | undefined)?.cause?.claim ?? '') as string;
    if (err.code === 'OAUTH_JWT_CLAIM_COMPARISON_FAILED' && claim === 'nonce')
      return new AuthError(
        'SIGN_IN_FAILED',
        `The ID token Okta returned was not issued for this sign-in (its nonce does not match). ${START_AGAIN}`,
        { cause: err },
      );
    if (err.code === 'OAUTH_JWT_CLAIM_COMPARISON_FAILED')
      return new AuthError(
        'SIGN_IN_MISCONFIGURED',
        `The ID token’s “${clip(claim)}” claim does not match this service’s settings: check OIDC_ISSUER and OIDC_CLIENT_ID against the Okta app.`,
        { cause: err },
      );
    if (err.code === 'OAUTH_JWT_TIMESTAMP_CHECK_FAILED')
      return new AuthError(
        'SIGN_IN_FAILED',
        `The ID token is expired or not valid yet: check that this server’s clock is right. ${START_AGAIN}`,
        { cause: err },
      );
    if (err.code === 'OAUTH_RESPONSE_IS_NOT_CONFORM' || err.code === 'OAUTH_RESPONSE_IS_NOT_JSON')
      return unavailable(err);
    return new AuthError(
      'SIGN_IN_FAILED',
      `Okta’s answer could not be verified (${err.code ?? 'unknown reason'}). ${START_AGAIN}`,
      { cause: err },
    );
  }
  // fetch() rejects with a TypeError when the provider cannot be reached.
  if (err instanceof TypeError) return unavailable(err);
  return new AuthError('SIGN_IN_FAILED', `The sign-in could not be completed. ${START_AGAIN}`, {
    cause: err,
  });
}

/** An `error` in the redirect back (e.g. access_denied: the user is not assigned to the app). */
export function refusedByProvider(error: string, description: string | null, cause?: unknown): AuthError {
  return new AuthError(
    'SIGN_IN_FAILED',
    `Okta did not sign you in (${clip(error)}${description ? `: ${clip(description)}` : ''}). ${START_AGAIN}`,
    cause === undefined ? {} : { cause },
  );
}

export function unavailable(err: unknown): AuthError {
  return new AuthError(
    'AUTH_SERVER_UNAVAILABLE',
    'The sign-in provider (OIDC_ISSUER) could not be reached or gave an unexpected answer. Try again in a moment; if it persists, check OIDC_ISSUER and the network path to Okta.',
    { cause: err },
  );
}

const clip = (s: string) => s.replace(/[^\x20-\x7e]/g, '').slice(0, 200);

/**
 * Every error code the HTTP API answers with, its status and what it means. docs/errors.md lists
 * the same codes (test/server/error-codes.test.ts checks that the two agree), so an admin can look
 * any `error.code` up. Add a code here, then to the docs, before answering with it.
 */
export interface ErrorCodeInfo {
  readonly status: number;
  readonly meaning: string;
}

export const ERROR_CODES = {
  INVALID_CREDENTIALS: {
    status: 401,
    meaning:
      'No Rally credential was sent, it was malformed, or Rally refused it. The message says whether the username/password or the API key was refused.',
  },
  INSUFFICIENT_PERMISSIONS: {
    status: 403,
    meaning:
      'The credential is valid but the Rally account may not do this (e.g. it is not a Subscription Admin). The message names the account and what it lacks.',
  },
  VALIDATION_FAILED: {
    status: 400,
    meaning:
      'The request is invalid: `details.fields` lists each bad field (missing, wrong type, unknown field, unknown Rally dropdown value with the allowed ones). Rally’s own refusals carry `details.rallyMessages`.',
  },
  INVALID_USERNAME: {
    status: 400,
    meaning: 'The userName is not in email format, which Rally requires. Check the Okta username mapping.',
  },
  INVALID_CURSOR: {
    status: 400,
    meaning:
      'The cursor was changed, truncated, or belongs to a listing with other filters. Pass nextCursor exactly as received.',
  },
  MALFORMED_JSON: { status: 400, meaning: 'The request body is not valid JSON.' },
  UNSAFE_JSON: {
    status: 400,
    meaning:
      'The JSON body nests too deeply or uses a reserved key (`__proto__`, `constructor`, `prototype`).',
  },
  BAD_REQUEST: { status: 400, meaning: 'The request could not be read.' },
  USER_NOT_FOUND: { status: 404, meaning: 'Rally has no user with that id.' },
  GROUP_NOT_FOUND: { status: 404, meaning: 'Rally has no workspace or project with that group id.' },
  NOT_FOUND: { status: 404, meaning: 'Rally has no such object.' },
  ROUTE_NOT_FOUND: { status: 404, meaning: 'No endpoint has this method and path.' },
  USER_EXISTS: {
    status: 409,
    meaning:
      'Rally already has a user with that userName. `error.existingId` holds its id when this account can see it, so a flow can link instead of create.',
  },
  CONFLICT: {
    status: 409,
    meaning:
      'Rally refused the change because of the object’s current state (e.g. removing a user’s only workspace).',
  },
  PAYLOAD_TOO_LARGE: { status: 413, meaning: 'The request body is larger than 100 kB.' },
  UNSUPPORTED_ENCODING: { status: 415, meaning: 'The body is not UTF-8 JSON.' },
  RATE_LIMITED: {
    status: 429,
    meaning:
      'Rally is throttling this account, or too many requests are queued for this credential. Retry after `Retry-After` seconds.',
  },
  INTERNAL_ERROR: {
    status: 500,
    meaning: 'A fault in this service. It was logged; nothing in the request is wrong.',
  },
  RALLY_UNAVAILABLE: {
    status: 502,
    meaning: 'Rally could not be reached or answered with an error page or an unexpected body. Retry later.',
  },
  RALLY_TIMEOUT: { status: 504, meaning: 'Rally did not answer in time. Retry later.' },
  INVALID_TOKEN: {
    status: 401,
    meaning:
      'AUTH_MODE=oauth: no access token was sent, or it is not valid for this service (expired, revoked, another issuer or audience). `WWW-Authenticate: Bearer error="invalid_token"` says which.',
  },
  INSUFFICIENT_SCOPE: {
    status: 403,
    meaning:
      'AUTH_MODE=oauth: the access token does not carry OAUTH_REQUIRED_SCOPE (`WWW-Authenticate: Bearer error="insufficient_scope"`).',
  },
  SERVICE_CREDENTIAL_REFUSED: {
    status: 502,
    meaning:
      'AUTH_MODE=oauth: the token was valid but Rally refused the credential the service holds (RALLY_API_KEY or RALLY_USERNAME/RALLY_PASSWORD).',
  },
  AUTH_SERVER_UNAVAILABLE: {
    status: 502,
    meaning:
      'The Okta authorization server could not be reached or refused this service’s own client, so a token or sign-in could not be checked. Retry later.',
  },
  TOO_MANY_AUTH_FAILURES: {
    status: 429,
    meaning:
      'Too many failed authentications for this identity (the Basic username, or this API key or token) from this address, or too many different identities failed from it (AUTH_FAIL_LIMIT, AUTH_SPRAY_LIMIT per AUTH_FAIL_WINDOW_SECONDS). Other credentials are not affected. Retry after `Retry-After` seconds.',
  },
  SIGN_IN_REQUIRED: { status: 401, meaning: 'Console: sign in at /auth/login first.' },
  SESSION_EXPIRED: {
    status: 401,
    meaning:
      'Console: the session passed SESSION_IDLE_MINUTES without use or SESSION_ABSOLUTE_MINUTES in total. Sign in again.',
  },
  SIGN_IN_FAILED: {
    status: 400,
    meaning:
      'Console: the sign-in could not be completed (state mismatch, code already used, nonce mismatch, PKCE failure, Okta refused). The page says which; start again.',
  },
  SIGN_IN_MISCONFIGURED: {
    status: 500,
    meaning:
      'Console: the OIDC settings do not match the Okta app (client id or secret, issuer), or the request reached the service over http although PUBLIC_URL is https.',
  },
  NOT_IN_ADMIN_GROUP: {
    status: 403,
    meaning:
      'Console: the user signed in but is in none of OIDC_ADMIN_GROUPS (or the ID token has no groups claim).',
  },
  CSRF_TOKEN_INVALID: {
    status: 403,
    meaning:
      'Console: a form was posted without the session’s CSRF token (or with a wrong one). Reload the page; scripts send `X-CSRF-Token`.',
  },
  SHARED_STATE_UNAVAILABLE: {
    status: 503,
    meaning:
      'REDIS_URL is set and Redis does not answer: SAML test sign-ins and IdP loading are refused rather than run without replay protection. Provisioning goes on. The service reconnects by itself; check the Redis server.',
  },
  METRICS_UNAUTHORIZED: {
    status: 401,
    meaning: '`GET /metrics` needs `Authorization: Bearer <METRICS_TOKEN>`.',
  },
  AUDIT_STORE_UNAVAILABLE: {
    status: 503,
    meaning:
      'The audit store (the SQLite file in DATA_DIR, or the PostgreSQL database of DATABASE_URL) could not record the change, so it was not sent to Rally: no unaudited change. The message names the database. Retry once it is back.',
  },
  INVALID_FILTER: {
    status: 400,
    meaning:
      'Audit API: a filter, limit, format or cursor is not valid; the message names it and the values it accepts.',
  },
} as const satisfies Record<string, ErrorCodeInfo>;

export type ErrorCode = keyof typeof ERROR_CODES;

/**
 * The auth layer's error codes and their HTTP status; each is also in server/error-codes.ts and
 * docs/errors.md. Messages are written for the admin and never hold a token, code or secret.
 */
export const AUTH_ERROR_STATUS = {
  SIGN_IN_REQUIRED: 401,
  SESSION_EXPIRED: 401,
  SIGN_IN_FAILED: 400,
  SIGN_IN_MISCONFIGURED: 500,
  NOT_IN_ADMIN_GROUP: 403,
  CSRF_TOKEN_INVALID: 403,
  INVALID_TOKEN: 401,
  INSUFFICIENT_SCOPE: 403,
  TOO_MANY_AUTH_FAILURES: 429,
  AUTH_SERVER_UNAVAILABLE: 502,
  SERVICE_CREDENTIAL_REFUSED: 502,
} as const;

export type AuthErrorCode = keyof typeof AUTH_ERROR_STATUS;

export class AuthError extends Error {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  constructor(
    readonly code: AuthErrorCode,
    message: string,
    opts: { cause?: unknown; headers?: Readonly<Record<string, string>> } = {},
  ) {
    super(message, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.name = 'AuthError';
    this.status = AUTH_ERROR_STATUS[code];
    this.headers = opts.headers ?? {};
  }
}

import { describeCredential, isRallyError, type RallyCredential } from './rally/index.js';

/**
 * The connector's error codes and their HTTP status. Every code is also listed, with its meaning,
 * in server/error-codes.ts and docs/errors.md (a test keeps the three in step).
 */
export const CONNECTOR_ERROR_STATUS = {
  INVALID_CREDENTIALS: 401,
  INSUFFICIENT_PERMISSIONS: 403,
  VALIDATION_FAILED: 400,
  INVALID_USERNAME: 400,
  INVALID_CURSOR: 400,
  USER_NOT_FOUND: 404,
  GROUP_NOT_FOUND: 404,
  NOT_FOUND: 404,
  USER_EXISTS: 409,
  CONFLICT: 409,
  RATE_LIMITED: 429,
  RALLY_UNAVAILABLE: 502,
  RALLY_TIMEOUT: 504,
} as const;

export type ConnectorErrorCode = keyof typeof CONNECTOR_ERROR_STATUS;

export interface ConnectorErrorOptions {
  /** Machine-readable specifics (bad fields, allowed values, Rally's own messages). */
  readonly details?: Readonly<Record<string, unknown>>;
  /** Fields a card reads directly from `error` (e.g. `existingId` on USER_EXISTS). */
  readonly extra?: Readonly<Record<string, unknown>>;
  readonly retryAfterSeconds?: number;
  readonly cause?: unknown;
}

/** The one error type of the connector operations: a stable code, its status, an admin-facing message. */
export class ConnectorError extends Error {
  readonly code: ConnectorErrorCode;
  readonly status: number;
  readonly details: Readonly<Record<string, unknown>> | undefined;
  readonly extra: Readonly<Record<string, unknown>> | undefined;
  readonly retryAfterSeconds: number | undefined;

  constructor(code: ConnectorErrorCode, message: string, opts: ConnectorErrorOptions = {}) {
    super(message, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.name = 'ConnectorError';
    this.code = code;
    this.status = CONNECTOR_ERROR_STATUS[code];
    this.details = opts.details;
    this.extra = opts.extra;
    this.retryAfterSeconds = opts.retryAfterSeconds;
  }
}

export interface FieldProblem {
  readonly field: string;
  readonly problem: string;
}

export function validationFailed(problems: readonly FieldProblem[], hint?: string): ConnectorError {
  const list = problems.map((p) => `${p.field}: ${p.problem}`).join('; ');
  return new ConnectorError(
    'VALIDATION_FAILED',
    `The request is invalid. ${list}.${hint ? ` ${hint}` : ''}`,
    {
      details: { fields: problems },
    },
  );
}

const rallySaid = (messages: readonly string[]) =>
  messages.length > 0 ? { rallyMessages: messages } : undefined;

/**
 * Turns a Rally failure that no operation gave a more specific meaning into a ConnectorError,
 * keeping Rally's own words in `details.rallyMessages`. Anything else is passed back untouched.
 */
export function fromRallyFailure(err: unknown, cred: RallyCredential): unknown {
  if (!isRallyError(err)) return err;
  const details = rallySaid(err.rallyMessages);
  const opts = { ...(details && { details }), cause: err };
  const said = details ? ' Rally’s own words are in details.rallyMessages.' : '';
  switch (err.code) {
    case 'RALLY_UNAUTHORIZED':
      return new ConnectorError(
        'INVALID_CREDENTIALS',
        cred.kind === 'apiKey'
          ? 'Rally refused the API key. Check that the key is current and copied in full (it starts with "_").'
          : `Rally refused the ${describeCredential(cred)}. Check the username (email format) and password.`,
        opts,
      );
    case 'RALLY_FORBIDDEN':
      return new ConnectorError('INSUFFICIENT_PERMISSIONS', `${err.message}${said}`, opts);
    case 'RALLY_NOT_FOUND':
      return new ConnectorError('NOT_FOUND', err.message, opts);
    case 'RALLY_CONFLICT':
      return new ConnectorError('CONFLICT', err.message, opts);
    case 'RALLY_VALIDATION':
      return new ConnectorError('VALIDATION_FAILED', `${err.message}${said}`, opts);
    case 'RALLY_THROTTLED':
      return new ConnectorError('RATE_LIMITED', `${err.message} Wait and retry.`, {
        ...opts,
        retryAfterSeconds: err.retryAfterSeconds ?? 1,
      });
    case 'RALLY_TIMEOUT':
      return new ConnectorError('RALLY_TIMEOUT', `${err.message} Retry later.`, opts);
    case 'RALLY_UNAVAILABLE':
    case 'RALLY_BAD_RESPONSE':
      return new ConnectorError('RALLY_UNAVAILABLE', `${err.message} Retry later.`, opts);
  }
}

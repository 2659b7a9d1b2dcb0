/**
 * The one error type of the Rally layer. Everything Rally can answer — HTML 401 pages, HTTP 200
 * envelopes with `Errors`, proxy 5xx pages, resets, timeouts — becomes a RallyError here, so no
 * layer above `connector/rally/` ever looks at a Rally envelope or an HTTP status from Rally.
 */
export const RALLY_ERROR_CODES = {
  RALLY_UNAUTHORIZED: 401,
  RALLY_FORBIDDEN: 403,
  RALLY_NOT_FOUND: 404,
  RALLY_CONFLICT: 409,
  RALLY_VALIDATION: 400,
  RALLY_THROTTLED: 429,
  RALLY_UNAVAILABLE: 502,
  RALLY_BAD_RESPONSE: 502,
  RALLY_TIMEOUT: 504,
} as const;

export type RallyErrorCode = keyof typeof RALLY_ERROR_CODES;

export interface RallyErrorOptions {
  /** Rally's own messages (from `Errors`, or the title of an HTML error page). */
  rallyMessages?: readonly string[];
  /** Seconds a caller should wait before retrying (throttling only). */
  retryAfterSeconds?: number;
  /** HTTP status Rally answered with, when there was an answer. */
  httpStatus?: number;
  cause?: unknown;
}

export class RallyError extends Error {
  readonly code: RallyErrorCode;
  readonly status: number;
  readonly rallyMessages: readonly string[];
  readonly retryAfterSeconds: number | undefined;
  readonly httpStatus: number | undefined;

  constructor(code: RallyErrorCode, message: string, opts: RallyErrorOptions = {}) {
    super(message, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.name = 'RallyError';
    this.code = code;
    this.status = RALLY_ERROR_CODES[code];
    this.rallyMessages = opts.rallyMessages ?? [];
    this.retryAfterSeconds = opts.retryAfterSeconds;
    this.httpStatus = opts.httpStatus;
  }
}

export function isRallyError(e: unknown, code?: RallyErrorCode): e is RallyError {
  return e instanceof RallyError && (code === undefined || e.code === code);
}

/** Errors after which the request may or may not have reached Rally (a write may have happened). */
export function isAmbiguous(e: unknown): boolean {
  return isRallyError(e) && (e.code === 'RALLY_UNAVAILABLE' || e.code === 'RALLY_TIMEOUT');
}

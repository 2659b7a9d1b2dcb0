import type { ErrorRequestHandler, RequestHandler } from 'express';
import { isRallyError, type RallyError } from '../connector/rally/index.js';
import { isStoreError } from '../store/index.js';
import { AuthError } from './auth/errors.js';
import { StateUnavailableError } from './state/errors.js';
import type { Logger } from './logger.js';

/**
 * The error model of the HTTP API: a stable SCREAMING_SNAKE `code`, the HTTP `status`, a message
 * an admin can act on and optional `details`. Routers throw ApiError (or let a RallyError
 * through); `errorHandler` is the one place that writes them to the wire.
 */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: Readonly<Record<string, unknown>>,
    readonly headers?: Readonly<Record<string, string>>,
    options?: { cause?: unknown; extra?: Readonly<Record<string, unknown>> },
  ) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'ApiError';
    this.extra = options?.extra;
  }

  /** Fields a client reads directly from `error` (e.g. `existingId`); never code/message/status. */
  readonly extra: Readonly<Record<string, unknown>> | undefined;
}

/** What each Rally failure is called on our API (see docs/errors.md). */
const RALLY_CODES: Readonly<Record<RallyError['code'], string>> = {
  RALLY_UNAUTHORIZED: 'INVALID_CREDENTIALS',
  RALLY_FORBIDDEN: 'INSUFFICIENT_PERMISSIONS',
  RALLY_NOT_FOUND: 'NOT_FOUND',
  RALLY_CONFLICT: 'CONFLICT',
  RALLY_VALIDATION: 'VALIDATION_FAILED',
  RALLY_THROTTLED: 'RATE_LIMITED',
  RALLY_UNAVAILABLE: 'RALLY_UNAVAILABLE',
  RALLY_BAD_RESPONSE: 'RALLY_UNAVAILABLE',
  RALLY_TIMEOUT: 'RALLY_TIMEOUT',
};

export function fromRallyError(err: RallyError): ApiError {
  const headers: Record<string, string> = {};
  if (err.status === 429) headers['retry-after'] = String(Math.max(1, Math.ceil(err.retryAfterSeconds ?? 1)));
  const details = err.rallyMessages.length > 0 ? { rallyMessages: err.rallyMessages } : undefined;
  return new ApiError(err.status, RALLY_CODES[err.code], err.message, details, headers, { cause: err });
}

/** Errors Express and its body parser raise for a client's malformed request. */
function fromHttpError(err: {
  status?: number;
  statusCode?: number;
  type?: string;
  expose?: boolean;
}): ApiError | undefined {
  const status = err.status ?? err.statusCode;
  if (typeof status !== 'number' || status < 400 || status >= 500) return undefined;
  switch (err.type) {
    case 'entity.parse.failed':
      return new ApiError(400, 'MALFORMED_JSON', 'The request body is not valid JSON. Send a JSON object.');
    case 'entity.too.large':
      return new ApiError(413, 'PAYLOAD_TOO_LARGE', 'The request body is too large. Send at most 100 kB.');
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return new ApiError(415, 'UNSUPPORTED_ENCODING', 'Send the body as UTF-8 JSON.');
    default:
      return new ApiError(status, 'BAD_REQUEST', 'The request could not be read.');
  }
}

export function toApiError(err: unknown): ApiError {
  if (err instanceof ApiError) return err;
  if (err instanceof AuthError)
    return new ApiError(err.status, err.code, err.message, undefined, err.headers, { cause: err });
  if (isRallyError(err)) return fromRallyError(err);
  if (err instanceof StateUnavailableError)
    return new ApiError(err.status, err.code, err.message, undefined, { 'retry-after': '5' }, { cause: err });
  if (isStoreError(err))
    return new ApiError(
      503,
      'AUDIT_STORE_UNAVAILABLE',
      `The audit store, ${err.label}, is unavailable: no change was sent to Rally (this service makes no unaudited change) and no audit record can be read. Retry once the database is back.`,
      undefined,
      { 'retry-after': '5' },
      { cause: err },
    );
  if (err && typeof err === 'object') {
    const http = fromHttpError(err as Parameters<typeof fromHttpError>[0]);
    if (http) return http;
  }
  return new ApiError(
    500,
    'INTERNAL_ERROR',
    'Something went wrong on our side. The error was logged.',
    undefined,
    undefined,
    {
      cause: err,
    },
  );
}

export function errorBody(e: ApiError): { error: Record<string, unknown> } {
  return {
    error: {
      ...e.extra,
      code: e.code,
      message: e.message,
      status: e.status,
      ...(e.details && { details: e.details }),
    },
  };
}

/** Renders any error as `{error: {code, message, status, details?}}`; never a stack or a path. */
export function jsonErrorHandler(log: Logger): ErrorRequestHandler {
  return function renderJsonError(err, req, res, _next) {
    const e = toApiError(err);
    if (e.status >= 500) log.error({ err: describeCause(e), path: req.path }, 'request failed');
    if (res.headersSent) {
      res.destroy();
      return;
    }
    res
      .status(e.status)
      .set(e.headers ?? {})
      .json(errorBody(e));
  };
}

export function jsonNotFound(): RequestHandler {
  return function notFound(req, _res, next) {
    next(
      new ApiError(
        404,
        'ROUTE_NOT_FOUND',
        `No route for ${req.method} ${req.path}. See the README for the API.`,
      ),
    );
  };
}

/** A log-safe view of an error: names, codes and messages only (messages never hold secrets). */
export function describeCause(err: unknown, depth = 0): Record<string, unknown> | undefined {
  if (!(err instanceof Error) || depth > 3) return undefined;
  return {
    type: err.name,
    message: err.message,
    ...((err as { code?: unknown }).code !== undefined && { code: String((err as { code?: unknown }).code) }),
    ...(err.stack && { stack: err.stack }),
    ...(err.cause !== undefined && { cause: describeCause(err.cause, depth + 1) }),
  };
}

import type { ErrorRequestHandler } from 'express';
import { ConnectorError, fromRallyFailure } from '../../../connector/errors.js';
import { serviceCredentialRefused } from '../../auth/credential-resolver.js';
import { ApiError } from '../../errors.js';
import { CHALLENGE, credentialOf } from './auth.js';

/**
 * The one place connector failures become API errors: Rally failures no operation gave a meaning
 * get the connector's codes (with the credential kind named in 401s), then ConnectorError becomes
 * ApiError for the app's JSON error renderer. Other errors pass through unchanged.
 */
export function connectorErrors(): ErrorRequestHandler {
  return function translateConnectorError(err, _req, res, next) {
    const cred = credentialOf(res);
    const e = cred ? fromRallyFailure(err, cred) : err;
    const api = e instanceof ConnectorError ? toApiError(e) : e;
    // A Rally 401 for the credential the service holds (AUTH_MODE=oauth) is not the caller's fault.
    const held = api instanceof ApiError && api.status === 401 ? serviceCredentialRefused(res) : undefined;
    next(
      held ? new ApiError(held.status, held.code, held.message, undefined, undefined, { cause: api }) : api,
    );
  };
}

export function toApiError(e: ConnectorError): ApiError {
  const headers: Record<string, string> = {};
  if (e.status === 401) Object.assign(headers, CHALLENGE);
  if (e.status === 429) headers['retry-after'] = String(Math.max(1, Math.ceil(e.retryAfterSeconds ?? 1)));
  return new ApiError(e.status, e.code, e.message, e.details, headers, {
    cause: e,
    ...(e.extra && { extra: e.extra }),
  });
}

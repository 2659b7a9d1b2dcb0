import type { ErrorRequestHandler, RequestHandler } from 'express';
import { isRallyError, type RallyError } from '../../../connector/rally/index.js';
import { ScimError, type ScimType } from '../../../connector/scim/errors.js';
import { URN } from '../../../connector/scim/schemas.js';
import { serviceCredentialRefused } from '../../auth/credential-resolver.js';
import { describeCause, toApiError } from '../../errors.js';
import type { Logger } from '../../logger.js';

/** The one place SCIM errors reach the wire: RFC 7644 §3.12 bodies, `status` as a string. */
export function scimErrorHandler(log: Logger): ErrorRequestHandler {
  return function renderScimError(err, req, res, _next) {
    let e = toScimError(err);
    // A Rally 401 for the credential the service holds (AUTH_MODE=oauth) is not the caller's fault.
    const held = e.status === 401 ? serviceCredentialRefused(res) : undefined;
    if (held) e = new ScimError(held.status, held.message, undefined, undefined, { cause: err });
    if (e.status >= 500) log.error({ err: describeCause(err), path: req.path }, 'SCIM request failed');
    if (res.headersSent) return void res.destroy();
    res
      .status(e.status)
      .set(e.headers ?? {})
      .type('application/scim+json')
      .send(
        JSON.stringify({
          schemas: [URN.error],
          status: String(e.status),
          ...(e.scimType && { scimType: e.scimType }),
          detail: e.detail,
        }),
      );
  };
}

export function scimNotFound(): RequestHandler {
  return function scimRouteNotFound(req, _res, next) {
    next(
      new ScimError(
        404,
        `No SCIM endpoint for ${req.method} ${req.path}. Use /Users, /Groups, /ProjectRoles, /WorkspaceRoles, /ServiceProviderConfig, /ResourceTypes or /Schemas.`,
      ),
    );
  };
}

const RALLY_SCIM_TYPES: Partial<Record<RallyError['code'], ScimType>> = {
  RALLY_CONFLICT: 'uniqueness',
  RALLY_VALIDATION: 'invalidValue',
};

export function toScimError(err: unknown): ScimError {
  if (err instanceof ScimError) return err;
  if (isRallyError(err)) {
    const said = err.rallyMessages.length > 0 ? ` Rally said: ${err.rallyMessages.join('; ')}` : '';
    const headers: Record<string, string> = {};
    if (err.status === 429)
      headers['retry-after'] = String(Math.max(1, Math.ceil(err.retryAfterSeconds ?? 1)));
    return new ScimError(err.status, `${err.message}${said}`, RALLY_SCIM_TYPES[err.code], headers, {
      cause: err,
    });
  }
  // Body parser and other HTTP errors share the JSON API's wording.
  const api = toApiError(err);
  const scimType: ScimType | undefined = api.code === 'MALFORMED_JSON' ? 'invalidSyntax' : undefined;
  return new ScimError(api.status, api.message, scimType, api.headers, { cause: err });
}

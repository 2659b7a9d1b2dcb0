import type { RequestHandler, Response } from 'express';
import type { RallyCredential } from '../../../connector/rally/index.js';
import {
  passthroughResolver,
  rememberCredentialSource,
  type CredentialResolver,
} from '../../auth/credential-resolver.js';
import { ApiError } from '../../errors.js';

/** rally-node and Okta's Basic connections send credentials after a challenge (reference). */
export const CHALLENGE = { 'www-authenticate': 'Basic realm="rally-okta-connector"' } as const;

/**
 * Gets the request's Rally credential from the resolver: pass-through by default (nothing is
 * stored beyond the request), or the service-held one for a valid OAuth token (AUTH_MODE=oauth).
 */
export function requireRallyCredential(resolve: CredentialResolver = passthroughResolver()): RequestHandler {
  return async function authenticate(req, res, next) {
    const result = await resolve(req);
    if (!result.ok) {
      next(
        new ApiError(result.status, result.code, result.message, undefined, {
          'www-authenticate': result.wwwAuthenticate,
        }),
      );
      return;
    }
    res.locals.credential = result.credential;
    rememberCredentialSource(res, result.source, result.principal);
    next();
  };
}

export function credentialOf(res: Response): RallyCredential | undefined {
  return res.locals.credential as RallyCredential | undefined;
}

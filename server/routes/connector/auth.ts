import type { RequestHandler, Response } from 'express';
import type { RallyCredential } from '../../../connector/rally/index.js';
import { readRallyCredential } from '../../auth/rally-credential.js';
import { ApiError } from '../../errors.js';

/** rally-node and Okta's Basic connections send credentials after a challenge (reference). */
export const CHALLENGE = { 'www-authenticate': 'Basic realm="rally-okta-connector"' } as const;

/** Reads the pass-through Rally credential; nothing is stored beyond the request. */
export function requireRallyCredential(): RequestHandler {
  return function authenticate(req, res, next) {
    const result = readRallyCredential(req.headers);
    if (!result.ok) {
      next(new ApiError(401, 'INVALID_CREDENTIALS', result.reason, undefined, CHALLENGE));
      return;
    }
    res.locals.credential = result.credential;
    next();
  };
}

export function credentialOf(res: Response): RallyCredential | undefined {
  return res.locals.credential as RallyCredential | undefined;
}

import type { Request } from 'express';
import type { RallyClient } from '../../connector/rally/index.js';
import type { RallyUserLookup } from '../../saml/index.js';
import { readRallyCredential } from '../auth/rally-credential.js';
import { ApiError } from '../errors.js';

const CHALLENGE = { 'www-authenticate': 'Basic realm="rally-okta-connector"' } as const;

/**
 * The production `rally-user` lookup: the caller's own Rally credential, read from the request
 * exactly as the connector API reads it, and used for one UserName query. Asked for the check
 * without a usable credential, the request fails with 401 rather than silently skipping it.
 */
export function createRallyLookupForRequest(rally: RallyClient): (req: Request) => RallyUserLookup {
  return function lookupForRequest(req) {
    const result = readRallyCredential(req.headers);
    if (!result.ok) throw new ApiError(401, 'INVALID_CREDENTIALS', result.reason, undefined, CHALLENGE);
    const api = rally.as(result.credential, { deadline: rally.deadline() });
    return async function lookUpRallyUser(userName) {
      const user = await api.findUserByUserName(userName);
      return user
        ? { found: true, disabled: user.Disabled === true, userName: user.UserName }
        : { found: false };
    };
  };
}

import type { RequestHandler, Response } from 'express';
import { createBlockCache } from '../../../connector/listing/block-cache.js';
import {
  credentialId,
  isRallyError,
  type RallyClient,
  type RallyCredential,
} from '../../../connector/rally/index.js';
import { consoleViewOf, type ConsoleGuard } from '../../auth/console-guard.js';
import { passthroughResolver, type CredentialResolver } from '../../auth/credential-resolver.js';
import { ApiError } from '../../errors.js';

export interface Reader {
  /** `console`: a signed-in admin; `rally`: a Subscription Admin's credential; `oauth`: a token with the scope. */
  readonly via: 'console' | 'rally' | 'oauth';
  readonly credential?: RallyCredential;
  readonly name?: string;
}

const READER = Symbol('auditReader');
export const readerOf = (res: Response): Reader => (res.locals as Record<symbol, Reader>)[READER]!;

/**
 * Who may read the audit trail: a signed-in console admin, a caller whose Rally credential is a
 * Subscription Admin's (the connector's pass-through, checked once a minute per credential), or
 * an OAuth token carrying the required scope (AUTH_MODE=oauth, checked by the resolver).
 */
export function requireAuditReader(deps: {
  rally: RallyClient;
  resolveCredential?: CredentialResolver;
  console?: ConsoleGuard;
  now?: () => number;
}): RequestHandler[] {
  const resolve = deps.resolveCredential ?? passthroughResolver();
  const admins = createBlockCache<{ admin: boolean; userName: string }>({
    ttlMs: 60_000,
    maxEntries: 1000,
    now: deps.now ?? Date.now,
  });
  const set = (res: Response, r: Reader) => ((res.locals as Record<symbol, Reader>)[READER] = r);
  const check: RequestHandler = async function auditReader(req, res, next) {
    const view = consoleViewOf(res);
    if (view) {
      set(res, { via: 'console', name: view.user });
      return next();
    }
    const r = await resolve(req);
    if (!r.ok)
      throw new ApiError(r.status, r.code, r.message, undefined, { 'www-authenticate': r.wwwAuthenticate });
    if (r.source === 'service') {
      set(res, {
        via: 'oauth',
        credential: r.credential,
        ...(r.principal !== undefined && { name: `oauth:${r.principal}` }),
      });
      return next();
    }
    const who = await admins
      .get(credentialId(r.credential), async () => {
        const u = await deps.rally.as(r.credential, { deadline: deps.rally.deadline() }).currentUser();
        return { admin: u.SubscriptionAdmin === true, userName: u.UserName };
      })
      .catch((err: unknown) => {
        if (isRallyError(err, 'RALLY_UNAUTHORIZED'))
          throw new ApiError(401, 'INVALID_CREDENTIALS', 'Rally refused the credential.', undefined, {
            'www-authenticate': 'Basic realm="rally-okta-connector"',
          });
        throw err;
      });
    if (!who.admin)
      throw new ApiError(
        403,
        'INSUFFICIENT_PERMISSIONS',
        `${who.userName} is not a Rally Subscription Admin: the audit trail is readable by Subscription Admins, signed-in console admins and OAuth clients with the required scope.`,
      );
    set(res, { via: 'rally', credential: r.credential, name: who.userName });
    next();
  };
  return deps.console ? [deps.console.identify, check] : [check];
}

import type { RequestHandler } from 'express';
import { ConnectorError } from '../../../connector/errors.js';
import { createBlockCache } from '../../../connector/listing/block-cache.js';
import { ping } from '../../../connector/operations/ping.js';
import { credentialId, type RallyClient, type RallyCredential } from '../../../connector/rally/index.js';
import { ScimError } from '../../../connector/scim/errors.js';

/**
 * Okta's "Test API Credentials" only lists users, which any Rally account may do; an account that
 * cannot create users would pass it and then fail every push, one user at a time. So every SCIM
 * request first checks — once per credential per `ttlMs` — that the account may provision (the
 * connector's `_authping` check: Subscription Admin, or an allowed Workspace Admin, with write
 * access), and a refusal names the permission it lacks.
 */
export function provisioningCheck(deps: {
  rally: RallyClient;
  credentialOf: (res: Parameters<RequestHandler>[1]) => RallyCredential;
  ttlMs?: number;
  now?: () => number;
}): RequestHandler {
  const checked = createBlockCache<true>({
    ttlMs: deps.ttlMs ?? 5 * 60_000,
    maxEntries: 1000,
    now: deps.now ?? Date.now,
  });
  return async function mayProvision(_req, res, next) {
    const cred = deps.credentialOf(res);
    try {
      await checked.get(credentialId(cred), async () => {
        await ping(deps.rally.as(cred, { deadline: deps.rally.deadline() }), { cred });
        return true;
      });
    } catch (err) {
      if (err instanceof ConnectorError) {
        throw new ScimError(err.status, err.message, undefined, retryAfter(err.retryAfterSeconds), {
          cause: err,
        });
      }
      throw err;
    }
    next();
  };
}

function retryAfter(seconds: number | undefined): Record<string, string> | undefined {
  return seconds === undefined ? undefined : { 'retry-after': String(Math.max(1, Math.ceil(seconds))) };
}

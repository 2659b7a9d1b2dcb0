import type { Response } from 'express';
import { createBlockCache } from '../../connector/listing/block-cache.js';
import { credentialId, type RallyApi, type RallyCredential } from '../../connector/rally/index.js';
import { principalOf } from '../auth/credential-resolver.js';

/**
 * Who a write is made by: the OAuth client the service-held credential was released to, the
 * Basic username, or the owner of an API key (looked up once per key and cached; a key's owner
 * never changes). Only the username is kept, never the key.
 */
export function createActorLookup(opts: { now?: () => number } = {}) {
  const owners = createBlockCache<string>({
    ttlMs: 60 * 60_000,
    maxEntries: 1000,
    now: opts.now ?? Date.now,
  });
  return function actorOf(res: Response, cred: RallyCredential, api: RallyApi, consoleUser?: string) {
    return async (): Promise<string> => {
      const principal = principalOf(res);
      if (principal !== undefined) return `oauth:${principal}`;
      if (consoleUser !== undefined) return consoleUser;
      if (cred.kind === 'basic') return cred.username;
      return owners.get(credentialId(cred), async () => (await api.currentUser()).UserName);
    };
  };
}

import { createBlockCache } from '../listing/block-cache.js';
import { credentialId, type RallyApi, type RallyAttribute, type RallyCredential } from '../rally/index.js';

/**
 * The User type definition with allowed values, per credential (a subscription's values are
 * what that account sees), cached briefly: dropdown checks run on every create and update, and
 * reading the type definition costs Rally several requests.
 */
export interface AttributeCache {
  get(cred: RallyCredential, api: RallyApi): Promise<readonly RallyAttribute[]>;
}

export function createAttributeCache(
  opts: { ttlMs?: number; maxEntries?: number; now?: () => number } = {},
): AttributeCache {
  const cache = createBlockCache<readonly RallyAttribute[]>({
    ttlMs: opts.ttlMs ?? 5 * 60_000,
    maxEntries: opts.maxEntries ?? 200,
    now: opts.now ?? Date.now,
  });
  return {
    get: (cred, api) => cache.get(credentialId(cred), () => api.userAttributes()),
  };
}

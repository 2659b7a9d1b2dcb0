import type { IdpConfig } from './metadata/idp-config.js';

/** Where the IdP under test is kept between "load metadata" and "test sign-in". */
export interface IdpStore {
  get(): Promise<IdpConfig | undefined>;
  put(idp: IdpConfig): Promise<void>;
}

export function createMemoryIdpStore(): IdpStore {
  let current: IdpConfig | undefined;
  return {
    async get() {
      return current;
    },
    async put(idp) {
      current = idp;
    },
  };
}

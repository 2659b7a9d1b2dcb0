import { createOidAllocator } from '../ids.js';
import type { Models } from '../models/registry.js';
import { createPrng } from '../prng.js';
import { createStore, type Store } from '../store/store.js';
import type { SubscriptionRecord } from '../types/records.js';
import type { SeedConfig } from './config.js';
import { SEED_EPOCH, seedOrg } from './org.js';
import { seedAccounts, seedPeople } from './people.js';
import { seedTypeDefinitions } from './typedefs.js';

/** Builds the whole data set from the seed alone: same config, same data and ObjectIDs. */
export function seedStore(config: SeedConfig, models: Models): Store {
  const oids = createOidAllocator(createPrng(config.randomSeed ^ 0x0b1ec7));
  const subscription: SubscriptionRecord = {
    oid: oids.next(),
    version: 0,
    created: SEED_EPOCH,
    Name: 'Acme Sandbox Subscription',
    SubscriptionID: 20_000 + (config.randomSeed & 0xfff),
    SubscriptionType: 'Unlimited',
    State: 'Enabled',
    WorkspaceAdminsCanManageUsers: false,
  };
  const store = createStore(config.randomSeed, oids, subscription);
  seedTypeDefinitions(store, models);
  const org = seedOrg(store);
  const admin = seedAccounts(store, config, org);
  for (const record of [...store.workspaces.values(), ...store.projects.values()]) record.owner = admin.oid;
  seedPeople(store, config.users, createPrng(config.randomSeed), org);
  store.revision = 0;
  return store;
}

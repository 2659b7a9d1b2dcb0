import type { Models } from '../models/registry.js';
import type { Store } from '../store/store.js';
import type { UserRecord } from '../types/records.js';

/** What a write needs: the data, the models, the clock reading and who is acting. */
export interface WriteEnv {
  readonly store: Store;
  readonly models: Models;
  readonly now: number;
  readonly actor: UserRecord;
}

export interface WriteOutcome<R> {
  readonly record: R;
  readonly warnings: readonly string[];
}

import { join } from 'node:path';
import type { Db } from './db.js';
import { migrate } from './migrations.js';
import { openPostgres } from './postgres.js';
import { openSqlite } from './sqlite.js';

export { StoreError, isStoreError, type Db, type Param, type Queryable, type Row } from './db.js';
export { describeUrl } from './postgres.js';

export interface StoreOptions {
  /** `postgres://…`: the shared store of every replica. Absent: SQLite in `dataDir`. */
  readonly databaseUrl?: string;
  readonly dataDir: string;
}

export const SQLITE_FILE = 'rally-okta.db';

/** Opens the configured engine and brings its schema up to date. */
export async function openStore(opts: StoreOptions): Promise<Db> {
  const db = opts.databaseUrl ? openPostgres(opts.databaseUrl) : openSqlite(join(opts.dataDir, SQLITE_FILE));
  try {
    await migrate(db);
  } catch (err) {
    await db.close().catch(() => undefined);
    throw err;
  }
  return db;
}

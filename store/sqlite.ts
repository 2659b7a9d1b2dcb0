import { mkdirSync } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { StoreError, type Db, type Param, type Queryable, type Row } from './db.js';

/**
 * The zero-setup engine: one file, written synchronously (better-sqlite3), so an intent is on
 * disk before the Rally call starts. WAL lets readers (the audit API, exports) run beside writes;
 * `synchronous = NORMAL` under WAL survives a process kill, which is the crash that matters here.
 */
export function openSqlite(file: string): Db {
  const path = resolve(file);
  // Error bodies carry the label: the file's name and its variable, never the server's paths.
  const label = `the SQLite database ${basename(path)} in DATA_DIR`;
  let db: Database.Database;
  try {
    mkdirSync(dirname(path), { recursive: true });
    db = new Database(path);
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('busy_timeout = 5000');
  } catch (err) {
    throw new StoreError(label, `Cannot open ${label}: ${(err as Error).message}`, { cause: err });
  }
  const statements = new Map<string, Database.Statement>();
  const prepared = (sql: string) => {
    let s = statements.get(sql);
    if (!s) {
      s = db.prepare(sql);
      statements.set(sql, s);
    }
    return s;
  };
  const guard = <T>(what: () => T): T => {
    try {
      return what();
    } catch (err) {
      throw new StoreError(label, `${label} refused a statement: ${(err as Error).message}`, { cause: err });
    }
  };
  const q: Queryable = {
    engine: 'sqlite',
    run: async (sql: string, params: readonly Param[] = []) =>
      guard(() => prepared(sql).run(...params).changes),
    all: async <T extends Row>(sql: string, params: readonly Param[] = []) =>
      guard(() => prepared(sql).all(...params) as T[]),
  };
  // One connection: a transaction must not interleave with other callers' statements.
  let queue: Promise<unknown> = Promise.resolve();
  return {
    ...q,
    label,
    transaction<T>(fn: (tx: Queryable) => Promise<T>) {
      const next = queue.then(async () => {
        guard(() => db.exec('BEGIN IMMEDIATE'));
        try {
          const out = await fn(q);
          guard(() => db.exec('COMMIT'));
          return out;
        } catch (err) {
          if (db.inTransaction) db.exec('ROLLBACK');
          throw err;
        }
      });
      queue = next.catch(() => undefined);
      return next;
    },
    close: async () => {
      if (db.open) db.close();
    },
  };
}

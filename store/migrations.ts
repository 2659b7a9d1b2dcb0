import type { Db, Queryable } from './db.js';

/**
 * The one schema, in order. Each entry runs once, in a transaction, and is recorded in
 * `schema_migrations`; on PostgreSQL an advisory lock lets replicas start together safely. The
 * DDL is the subset both engines read alike (TEXT, INTEGER, BIGINT). Never edit an applied
 * migration: append a new one.
 */
export const MIGRATIONS: ReadonlyArray<{ version: number; name: string; sql: readonly string[] }> = [
  {
    version: 1,
    name: 'audit events and Okta links',
    sql: [
      `CREATE TABLE audit_events (
        id TEXT PRIMARY KEY,
        at BIGINT NOT NULL,
        surface TEXT NOT NULL,
        operation TEXT NOT NULL,
        actor TEXT NOT NULL,
        request_id TEXT,
        client_address TEXT,
        target_id TEXT,
        target_user_name TEXT,
        target_user_name_lc TEXT,
        target_external_id TEXT,
        changes TEXT NOT NULL,
        status TEXT NOT NULL,
        error_code TEXT,
        rally_message TEXT,
        duration_ms INTEGER,
        deadline BIGINT NOT NULL
      )`,
      'CREATE INDEX audit_events_at ON audit_events (at, id)',
      'CREATE INDEX audit_events_target ON audit_events (target_id, at)',
      'CREATE INDEX audit_events_user ON audit_events (target_user_name_lc, at)',
      'CREATE INDEX audit_events_external ON audit_events (target_external_id)',
      'CREATE INDEX audit_events_status ON audit_events (status, deadline)',
      `CREATE TABLE okta_links (
        object_id TEXT PRIMARY KEY,
        external_id TEXT NOT NULL UNIQUE,
        linked_at BIGINT NOT NULL
      )`,
    ],
  },
];

const LOCK_KEY = 0x72616c6c; // "rall": one key for this schema's migrations

export async function migrate(db: Db, now: () => number = Date.now): Promise<number[]> {
  return db.transaction(
    async (tx) => {
      await tx.run(
        'CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)',
      );
      const done = new Set(
        (await tx.all<{ version: number }>('SELECT version FROM schema_migrations')).map((r) =>
          Number(r.version),
        ),
      );
      const applied: number[] = [];
      for (const m of MIGRATIONS) {
        if (done.has(m.version)) continue;
        for (const statement of m.sql) await tx.run(statement);
        await record(tx, m, now());
        applied.push(m.version);
      }
      return applied;
    },
    { lockKey: LOCK_KEY },
  );
}

const record = (tx: Queryable, m: { version: number; name: string }, at: number) =>
  tx.run('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)', [
    m.version,
    m.name,
    at,
  ]);

import pg from 'pg';
import { StoreError, type Db, type Param, type Queryable, type Row } from './db.js';

/** BIGINT (epoch milliseconds) and COUNT come back as numbers, not strings. */
const types = {
  getTypeParser: ((oid: number, format?: string) =>
    oid === 20
      ? (v: string) => Number(v)
      : pg.types.getTypeParser(oid, format as 'text')) as typeof pg.types.getTypeParser,
};

/**
 * `?` placeholders become `$1, $2…` (our SQL never holds a literal question mark), and each
 * statement text gets a name, so every pooled connection parses and plans it once and then only
 * binds values: the audit's intent is written before every Rally write, on the request's path.
 * Statement texts are a small fixed set (filters combine a handful of clauses), so the names are
 * bounded too.
 */
const prepared = new Map<string, { name: string; text: string }>();
function statement(sql: string): { name: string; text: string } {
  let s = prepared.get(sql);
  if (!s) {
    let n = 0;
    s = { name: `s${prepared.size + 1}`, text: sql.replace(/\?/g, () => `$${++n}`) };
    prepared.set(sql, s);
  }
  return s;
}

/** What may be said of a connection string: host, port and database, never the user or password. */
export function describeUrl(url: string): string {
  try {
    const u = new URL(url);
    return `the PostgreSQL database ${u.pathname.replace(/^\//, '') || '(default)'} on ${u.hostname}:${u.port || '5432'}`;
  } catch {
    return 'the PostgreSQL database named by DATABASE_URL';
  }
}

/** The shared engine: every replica points DATABASE_URL at the same server. */
export function openPostgres(url: string, opts: { max?: number } = {}): Db {
  const label = describeUrl(url);
  const pool = new pg.Pool({
    connectionString: url,
    max: opts.max ?? 10,
    connectionTimeoutMillis: 5000,
    types,
  });
  // An idle client losing its server must not crash the process; the next query reports it.
  pool.on('error', () => undefined);
  const fail = (err: unknown): never => {
    throw new StoreError(label, `${label} did not answer: ${(err as Error).message}`, { cause: err });
  };
  const on = (c: pg.Pool | pg.PoolClient): Queryable => ({
    engine: 'postgres',
    run: async (sql: string, params: readonly Param[] = []) =>
      (await c.query({ ...statement(sql), values: params as Param[] }).catch(fail)).rowCount ?? 0,
    all: async <T extends Row>(sql: string, params: readonly Param[] = []) =>
      (await c.query<T>({ ...statement(sql), values: params as Param[] }).catch(fail)).rows,
  });
  return {
    ...on(pool),
    label,
    async transaction<T>(fn: (tx: Queryable) => Promise<T>, o: { lockKey?: number } = {}) {
      const client = await pool.connect().catch(fail);
      try {
        await client.query('BEGIN').catch(fail);
        if (o.lockKey !== undefined) await client.query('SELECT pg_advisory_xact_lock($1)', [o.lockKey]);
        const out = await fn(on(client));
        await client.query('COMMIT').catch(fail);
        return out;
      } catch (err) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw err;
      } finally {
        client.release();
      }
    },
    close: () => pool.end(),
  };
}

/**
 * The one query layer both engines run behind: SQL written once with `?` placeholders (the
 * PostgreSQL adapter numbers them), rows as plain objects, numbers as numbers. Plain SQL keeps
 * the few statements the audit trail needs readable and lets each engine stream in its own way
 * (docs/audit.md says why no query builder).
 */
export type Param = string | number | null;
export type Row = Record<string, unknown>;

export interface Db {
  readonly engine: 'sqlite' | 'postgres';
  /** What errors and logs may call this database: its file, or host/port/name; never a password. */
  readonly label: string;
  run(sql: string, params?: readonly Param[]): Promise<number>;
  all<T extends Row = Row>(sql: string, params?: readonly Param[]): Promise<T[]>;
  /** Runs `fn` in one transaction; `lockKey` serialises it across processes where supported. */
  transaction<T>(fn: (tx: Queryable) => Promise<T>, opts?: { lockKey?: number }): Promise<T>;
  close(): Promise<void>;
}

export type Queryable = Pick<Db, 'engine' | 'run' | 'all'>;

/** The database cannot be reached or refused a statement: callers answer 503 naming it. */
export class StoreError extends Error {
  readonly code = 'AUDIT_STORE_UNAVAILABLE';
  constructor(
    readonly label: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'StoreError';
  }
}

export const isStoreError = (e: unknown): e is StoreError => e instanceof StoreError;

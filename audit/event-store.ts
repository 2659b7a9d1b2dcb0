import { randomUUID } from 'node:crypto';
import type { Db, Param } from '../store/index.js';
import type { AuditEvent, Intent, Operation, Outcome, Status, Surface } from './event.js';

export interface EventFilter {
  readonly userName?: string;
  readonly targetId?: string;
  readonly surface?: Surface;
  readonly operation?: Operation;
  readonly status?: Status;
  readonly since?: number;
  readonly until?: number;
  /** Keyset position: events strictly older than this (at, id). */
  readonly before?: { at: number; id: string };
}

interface EventRow {
  id: string;
  at: number;
  surface: string;
  operation: string;
  actor: string;
  request_id: string | null;
  client_address: string | null;
  target_id: string | null;
  target_user_name: string | null;
  target_external_id: string | null;
  changes: string;
  status: string;
  error_code: string | null;
  rally_message: string | null;
  duration_ms: number | null;
  deadline: number;
}

export interface EventStore {
  /** Writes the intent; rejects (StoreError) when the database cannot take it. */
  begin(intent: Intent): Promise<{ id: string; at: number }>;
  /**
   * Completes an event. Callers need not wait for it: every read of this store first waits for
   * the outcomes still being written by this process, so what it answered is what it reads.
   */
  finish(id: string, outcome: Outcome & { durationMs?: number; targetId?: string }): Promise<void>;
  /** Resolves once every outcome this process had begun writing is written (or has failed). */
  flush(): Promise<void>;
  page(
    filter: EventFilter,
    limit: number,
  ): Promise<Array<AuditEvent & { position: { at: number; id: string } }>>;
  /** Every matching event, newest first, read in keyset batches: memory stays flat. */
  iterate(filter: EventFilter, batch?: number): AsyncGenerator<AuditEvent, void, undefined>;
  /** As `iterate`, with `changes` left as the stored JSON text: exports copy it, never parse it. */
  iterateRaw(filter: EventFilter): AsyncGenerator<RawEvent, void, undefined>;
  /** Pending past their deadline or unknown, for one user (by Rally id or userName). */
  unresolvedFor(user: {
    id?: string;
    userName?: string;
    externalId?: string;
  }): Promise<Array<AuditEvent & { deadline: number }>>;
  /** Creates this service sent for an Okta user that did or may have landed. */
  createsFor(externalId: string): Promise<AuditEvent[]>;
  /** Rally ids of users by the latest succeeded operation (create, deactivate…), for reconciliation. */
  targetsOf(operations: readonly Operation[]): Promise<Map<string, Operation>>;
  prune(olderThan: number): Promise<number>;
}

export type RawEvent = Omit<AuditEvent, 'changes'> & { readonly changesJson: string };

const COLUMNS =
  'id, at, surface, operation, actor, request_id, client_address, target_id, target_user_name, target_external_id, changes, status, error_code, rally_message, duration_ms, deadline';

export function createEventStore(db: Db, opts: { now?: () => number } = {}): EventStore {
  const now = opts.now ?? Date.now;
  // Outcomes being written: a write answers its caller once Rally has, not once the database has
  // taken the outcome too (the intent, written before the Rally call, is what must be durable).
  const writing = new Set<Promise<unknown>>();
  // Only those begun before the read: a steady stream of writes must not hold a read back.
  const flush = async () => {
    if (writing.size > 0) await Promise.allSettled([...writing]);
  };

  function where(f: EventFilter): { sql: string; params: Param[] } {
    const parts: string[] = [];
    const params: Param[] = [];
    const add = (sql: string, ...p: Param[]) => {
      parts.push(sql);
      params.push(...p);
    };
    if (f.userName !== undefined) add('target_user_name_lc = ?', f.userName.toLowerCase());
    if (f.targetId !== undefined) add('target_id = ?', f.targetId);
    if (f.surface !== undefined) add('surface = ?', f.surface);
    if (f.operation !== undefined) add('operation = ?', f.operation);
    // `pending` past the request's deadline reads as `unknown`: the process died or lost the answer.
    if (f.status === 'unknown') add("(status = 'unknown' OR (status = 'pending' AND deadline < ?))", now());
    else if (f.status === 'pending') add("status = 'pending' AND deadline >= ?", now());
    else if (f.status !== undefined) add('status = ?', f.status);
    if (f.since !== undefined) add('at >= ?', f.since);
    if (f.until !== undefined) add('at <= ?', f.until);
    if (f.before) add('(at < ? OR (at = ? AND id < ?))', f.before.at, f.before.at, f.before.id);
    return { sql: parts.length ? `WHERE ${parts.join(' AND ')}` : '', params };
  }

  const toEvent = (r: EventRow): AuditEvent => {
    const { changesJson, ...e } = toRaw(r);
    return { ...e, changes: JSON.parse(changesJson) as Record<string, unknown> };
  };
  const toRaw = (r: EventRow): RawEvent => {
    const status = r.status === 'pending' && Number(r.deadline) < now() ? 'unknown' : (r.status as Status);
    return {
      id: r.id,
      at: new Date(Number(r.at)).toISOString(),
      surface: r.surface as Surface,
      operation: r.operation as Operation,
      actor: r.actor,
      request: { id: r.request_id, address: r.client_address },
      target: {
        id: r.target_id,
        userName: r.target_user_name,
        ...(r.target_external_id !== null && { externalId: r.target_external_id }),
      },
      changesJson: r.changes,
      outcome: {
        status,
        ...(r.error_code !== null && { code: r.error_code }),
        ...(r.rally_message !== null && { rallyMessage: r.rally_message }),
      },
      durationMs: r.duration_ms === null ? null : Number(r.duration_ms),
    };
  };

  const rowsOf = async (filter: EventFilter, limit: number) => {
    await flush();
    const w = where(filter);
    return db.all<EventRow & Record<string, unknown>>(
      `SELECT ${COLUMNS} FROM audit_events ${w.sql} ORDER BY at DESC, id DESC LIMIT ?`,
      [...w.params, limit],
    );
  };
  async function page(filter: EventFilter, limit: number) {
    return (await rowsOf(filter, limit)).map((r) => ({
      ...toEvent(r),
      position: { at: Number(r.at), id: r.id },
    }));
  }

  return {
    async begin(intent) {
      const id = randomUUID();
      const at = now();
      await db.run(
        `INSERT INTO audit_events (${COLUMNS}, target_user_name_lc) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'pending', NULL, NULL, NULL, ?, ?)`,
        [
          id,
          at,
          intent.surface,
          intent.operation,
          intent.actor,
          intent.request.id,
          intent.request.address,
          intent.target.id,
          intent.target.userName,
          intent.target.externalId ?? null,
          JSON.stringify(intent.changes),
          intent.deadline,
          intent.target.userName?.toLowerCase() ?? null,
        ],
      );
      return { id, at };
    },
    async finish(id, o) {
      const written = db.run(
        'UPDATE audit_events SET status = ?, error_code = ?, rally_message = ?, duration_ms = COALESCE(?, duration_ms), target_id = COALESCE(target_id, ?) WHERE id = ?',
        [o.status, o.code ?? null, o.rallyMessage ?? null, o.durationMs ?? null, o.targetId ?? null, id],
      );
      writing.add(written);
      try {
        await written;
      } finally {
        writing.delete(written);
      }
    },
    flush,
    page,
    async *iterate(filter, batch = 200) {
      let before = filter.before;
      for (;;) {
        const rows = await page({ ...filter, ...(before && { before }) }, batch);
        for (const { position: _p, ...e } of rows) yield e;
        const last = rows.at(-1);
        if (!last || rows.length < batch) return;
        before = last.position;
      }
    },
    async *iterateRaw(filter) {
      // Small batches: rows die young while the socket drains, so the heap stays small.
      const batch = 100;
      let before = filter.before;
      for (;;) {
        const rows = await rowsOf({ ...filter, ...(before && { before }) }, batch);
        for (const r of rows) yield toRaw(r);
        const last = rows.at(-1);
        if (!last || rows.length < batch) return;
        before = { at: Number(last.at), id: last.id };
      }
    },
    async unresolvedFor(user) {
      await flush();
      const keys: string[] = [];
      const params: Param[] = [];
      if (user.id !== undefined) (keys.push('target_id = ?'), params.push(user.id));
      if (user.userName !== undefined)
        (keys.push('target_user_name_lc = ?'), params.push(user.userName.toLowerCase()));
      if (user.externalId !== undefined) (keys.push('target_external_id = ?'), params.push(user.externalId));
      if (keys.length === 0) return [];
      const rows = await db.all<EventRow & Record<string, unknown>>(
        `SELECT ${COLUMNS} FROM audit_events WHERE (status = 'unknown' OR (status = 'pending' AND deadline < ?)) AND (${keys.join(' OR ')}) ORDER BY at`,
        [now(), ...params],
      );
      return rows.map((r) => ({ ...toEvent(r), deadline: Number(r.deadline) }));
    },
    async createsFor(externalId) {
      await flush();
      const rows = await db.all<EventRow & Record<string, unknown>>(
        `SELECT ${COLUMNS} FROM audit_events WHERE target_external_id = ? AND operation = 'user.create' AND status <> 'failed' ORDER BY at`,
        [externalId],
      );
      return rows.map(toEvent);
    },
    async targetsOf(operations) {
      await flush();
      const marks = operations.map(() => '?').join(', ');
      const rows = await db.all<{ target_id: string; operation: string }>(
        `SELECT target_id, operation FROM audit_events WHERE status = 'succeeded' AND target_id IS NOT NULL AND operation IN (${marks}) ORDER BY at, id`,
        [...operations],
      );
      const out = new Map<string, Operation>();
      for (const r of rows) out.set(r.target_id, r.operation as Operation);
      return out;
    },
    prune: (olderThan) => db.run('DELETE FROM audit_events WHERE at < ?', [olderThan]),
  };
}

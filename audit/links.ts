import type { Db } from '../store/index.js';

/**
 * Okta's user id (SCIM `externalId`) against the Rally ObjectID (RFC 7643 §3.1): returned on every
 * read and used to answer Okta's retried POST with the user it already created.
 */
export interface LinkStore {
  byExternalId(externalId: string): Promise<string | undefined>;
  forIds(objectIds: readonly string[]): Promise<Map<string, string>>;
  link(objectId: string, externalId: string): Promise<void>;
  /** Every linked ObjectID (reconciliation: one set for the whole subscription). */
  linkedIds(): Promise<Set<string>>;
}

export function createLinkStore(db: Db, now: () => number = Date.now): LinkStore {
  return {
    async byExternalId(externalId) {
      const rows = await db.all<{ object_id: string }>(
        'SELECT object_id FROM okta_links WHERE external_id = ?',
        [externalId],
      );
      return rows[0]?.object_id;
    },
    async forIds(ids) {
      const out = new Map<string, string>();
      for (let i = 0; i < ids.length; i += 500) {
        const chunk = ids.slice(i, i + 500);
        const rows = await db.all<{ object_id: string; external_id: string }>(
          `SELECT object_id, external_id FROM okta_links WHERE object_id IN (${chunk.map(() => '?').join(', ')})`,
          chunk,
        );
        for (const r of rows) out.set(r.object_id, r.external_id);
      }
      return out;
    },
    async link(objectId, externalId) {
      // Okta's id for a person never changes; a Rally user re-linked to a new Okta user moves.
      // No transaction: SQLite's one connection is shared by concurrent requests.
      await db.run(
        'DELETE FROM okta_links WHERE (external_id = ? AND object_id <> ?) OR (object_id = ? AND external_id <> ?)',
        [externalId, objectId, objectId, externalId],
      );
      await db.run(
        'INSERT INTO okta_links (object_id, external_id, linked_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING',
        [objectId, externalId, now()],
      );
    },
    async linkedIds() {
      const rows = await db.all<{ object_id: string }>('SELECT object_id FROM okta_links');
      return new Set(rows.map((r) => r.object_id));
    },
  };
}

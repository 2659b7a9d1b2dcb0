import type { TypeModel } from '../models/model.js';
import type { Models } from '../models/registry.js';
import type { Store } from '../store/store.js';
import type { Meta } from '../types/records.js';
import { type ResolvedPath, resolvePath } from './resolve-path.js';

type SortKey = string | number | null;

interface Term {
  readonly name: string;
  readonly path: ResolvedPath;
  readonly descending: boolean;
}

export interface Order {
  /** Canonical form, part of the query cache key. */
  readonly key: string;
  sort<R extends Meta>(records: readonly R[], store: Store): readonly R[];
}

function sortKey(term: Term, record: Meta, store: Store): SortKey {
  const value = term.path.get(record, store);
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return value.toLowerCase();
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (typeof value === 'number') return value;
  return value.oid;
}

function compareKeys(a: SortKey, b: SortKey): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  return a < b ? -1 : 1;
}

function byOid<R extends Meta>(records: readonly R[]): readonly R[] {
  for (let i = 1; i < records.length; i++) {
    if (records[i - 1]!.oid > records[i]!.oid) return [...records].sort((a, b) => a.oid - b.oid);
  }
  return records;
}

/**
 * `order=UserName Asc,ObjectID`: comma-separated terms, each an attribute path and an optional Asc/Desc.
 * Ties always fall back to ObjectID so paging is stable. Unknown attributes are ignored (documented).
 */
export function compileOrder(models: Models, model: TypeModel, param: string | undefined): Order {
  const terms: Term[] = [];
  for (const part of (param ?? '').split(',')) {
    const [name, direction = 'asc', ...rest] = part.trim().split(/\s+/);
    if (!name || rest.length > 0 || !/^(asc|desc)$/i.test(direction)) continue;
    try {
      const path = resolvePath(models, model, name.split('.'));
      if (path.field.name === 'ObjectID' && path.owner === model && direction.toLowerCase() === 'asc') break;
      terms.push({ name: name.toLowerCase(), path, descending: direction.toLowerCase() === 'desc' });
    } catch {
      continue;
    }
  }
  if (terms.length === 0) return { key: 'ObjectID', sort: byOid };
  return {
    key: terms.map((t) => `${t.name} ${t.descending ? 'desc' : 'asc'}`).join(','),
    sort(records, store) {
      const keyed = records.map((record) => ({ record, keys: terms.map((t) => sortKey(t, record, store)) }));
      keyed.sort((a, b) => {
        for (const [i, term] of terms.entries()) {
          const diff = compareKeys(a.keys[i]!, b.keys[i]!);
          if (diff !== 0) return term.descending ? -diff : diff;
        }
        return a.record.oid - b.record.oid;
      });
      return keyed.map((k) => k.record);
    },
  };
}

import { and, or, where, type Query } from '../rally/index.js';
import { badRequest } from './errors.js';
import type { Filter } from './filter.js';

/**
 * A parsed SCIM filter as a Rally query, built only with the escaping query builder. `null` means
 * "matches nothing" (e.g. an id that is not a Rally ObjectID), which needs no Rally call at all.
 */
export type RallyFilter = Query | null;

export function userFilterToQuery(f: Filter): RallyFilter {
  return toQuery(f, (attr, value) => {
    const s = typeof value === 'string' ? value : undefined;
    switch (attr) {
      case 'username':
        return s === undefined ? null : where('UserName', '=', s);
      case 'emails.value':
      case 'emails':
        return s === undefined ? null : where('EmailAddress', '=', s);
      case 'id':
        return objectIdQuery(value);
      case 'active':
        return typeof value === 'boolean' ? where('Disabled', '=', !value) : null;
      default:
        throw badRequest(
          'invalidFilter',
          `Filtering Users by "${attr}" is not supported; use userName, emails.value, id or active.`,
        );
    }
  });
}

export function groupFilterToQuery(f: Filter): RallyFilter {
  return toQuery(f, (attr, value) => {
    switch (attr) {
      case 'displayname':
        return typeof value === 'string' ? where('Name', '=', value) : null;
      case 'id':
        return objectIdQuery(value);
      default:
        throw badRequest(
          'invalidFilter',
          `Filtering Groups by "${attr}" is not supported; use displayName or id.`,
        );
    }
  });
}

function toQuery(f: Filter, leaf: (attr: string, value: unknown) => RallyFilter): RallyFilter {
  if (f.op === 'eq') return leaf(f.attr, f.value);
  const l = toQuery(f.left, leaf);
  const r = toQuery(f.right, leaf);
  if (f.op === 'and') return l === null || r === null ? null : and(l, r);
  return l === null ? r : r === null ? l : or(l, r);
}

/** Our ids are Rally ObjectIDs written as decimal strings. */
export function parseObjectId(id: unknown): number | undefined {
  const s = typeof id === 'number' ? String(id) : id;
  if (typeof s !== 'string' || !/^[1-9]\d{0,15}$/.test(s)) return undefined;
  const n = Number(s);
  return Number.isSafeInteger(n) ? n : undefined;
}

function objectIdQuery(value: unknown): RallyFilter {
  const n = parseObjectId(value);
  return n === undefined ? null : where('ObjectID', '=', n);
}

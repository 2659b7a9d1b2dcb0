import type { TypeModel } from '../models/model.js';
import type { Models } from '../models/registry.js';
import type { Store } from '../store/store.js';
import type { Meta } from '../types/records.js';
import type { ResultCache } from './cache.js';
import type { QueryNode } from './parse.js';
import { resolvePath } from './resolve-path.js';

/** The numeric bounds a query's top-level AND puts on one attribute path, e.g. `User.ObjectID`. */
export interface Range {
  readonly path: readonly string[];
  readonly lo: number;
  readonly hi: number;
}

/**
 * The bounds of the first numeric path that an AND of comparisons (`>=`, `>`, `<=`, `<`, `=`)
 * closes on both sides, or undefined. Any other query scans the whole type as before; a range
 * only narrows the candidates, the full predicate still decides each of them.
 */
export function rangeOf(models: Models, model: TypeModel, node: QueryNode): Range | undefined {
  const bounds = new Map<string, { path: readonly string[]; lo: number; hi: number }>();
  const visit = (n: QueryNode): void => {
    if (n.kind === 'logical') {
      if (n.op === 'AND') {
        visit(n.left);
        visit(n.right);
      }
      return;
    }
    if (n.value.quoted || !['=', '<', '<=', '>', '>='].includes(n.op)) return;
    const value = Number(n.value.text);
    if (n.value.text.trim() === '' || !Number.isFinite(value)) return;
    if (resolvePath(models, model, n.path).field.kind !== 'number') return;
    const key = n.path.join('.').toLowerCase();
    const b = bounds.get(key) ?? { path: n.path, lo: -Infinity, hi: Infinity };
    // Open bounds are widened to closed ones: the predicate removes the edge values again.
    if (n.op === '=' || n.op === '>' || n.op === '>=') b.lo = Math.max(b.lo, value);
    if (n.op === '=' || n.op === '<' || n.op === '<=') b.hi = Math.min(b.hi, value);
    bounds.set(key, b);
  };
  visit(node);
  for (const b of bounds.values()) if (b.lo > -Infinity && b.hi < Infinity) return b;
  return undefined;
}

interface Entry {
  readonly value: number;
  /** Position in the ordered source, so candidates come back in the query's order. */
  readonly at: number;
}

/**
 * The records of `sorted` whose value at `range.path` lies in [lo, hi], in `sorted`'s order. The
 * value index is built once per cached source (hence per store revision) and path: an import
 * asks for the permissions of one ObjectID range of users after another, and each would
 * otherwise test every permission of the workspace.
 */
export function inRange<R extends Meta>(
  env: { models: Models; store: Store; cache: ResultCache },
  model: TypeModel<R>,
  sorted: readonly R[],
  sortedKey: string,
  range: Range,
): R[] {
  const indexKey = `${sortedKey}|index:${range.path.join('.').toLowerCase()}`;
  let index = env.cache.get(indexKey) as readonly Entry[] | undefined;
  if (!index) {
    const path = resolvePath(env.models, model, range.path);
    const entries: Entry[] = [];
    sorted.forEach((record, at) => {
      const value = path.get(record, env.store);
      if (typeof value === 'number') entries.push({ value, at });
    });
    entries.sort((a, b) => a.value - b.value || a.at - b.at);
    env.cache.set(indexKey, entries);
    index = entries;
  }
  const positions: number[] = [];
  for (let i = firstAtLeast(index, range.lo); i < index.length && index[i]!.value <= range.hi; i++) {
    positions.push(index[i]!.at);
  }
  positions.sort((a, b) => a - b);
  return positions.map((at) => sorted[at]!);
}

function firstAtLeast(index: readonly Entry[], lo: number): number {
  let low = 0;
  let high = index.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (index[mid]!.value < lo) low = mid + 1;
    else high = mid;
  }
  return low;
}

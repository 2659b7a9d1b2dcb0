import type { TypeModel } from '../models/model.js';
import type { Models } from '../models/registry.js';
import type { Store } from '../store/store.js';
import type { Meta } from '../types/records.js';
import type { ResultCache } from './cache.js';
import { compileQuery, type Predicate } from './compile.js';
import { compileOrder } from './order.js';
import { parseQuery } from './parse.js';
import { inRange, rangeOf } from './range-index.js';

export interface QuerySpec<R extends Meta> {
  readonly model: TypeModel<R>;
  /** Everything the caller may see before `query` applies (visibility and `workspace` scope). */
  source(): readonly R[];
  /** Identifies `source()` for caching (type, scope, viewer); null disables caching. */
  readonly sourceKey: string | null;
  readonly query: string | undefined;
  readonly order: string | undefined;
  /** 1-based. */
  readonly start: number;
  readonly pageSize: number;
}

export interface QueryPage<R> {
  readonly total: number;
  readonly items: readonly R[];
}

export interface QueryEnv {
  readonly models: Models;
  readonly store: Store;
  readonly cache: ResultCache;
}

/**
 * Filter-then-slice over a cached sorted list: the order of a source is computed once per store
 * revision, and the filtered list once per query, so paging costs O(page) after the first page. A
 * query that bounds a numeric path on both sides tests only the records in that range.
 * Throws QuerySyntaxError for a bad query.
 */
export function runQuery<R extends Meta>(env: QueryEnv, spec: QuerySpec<R>): QueryPage<R> {
  const parsed = spec.query ? parseQuery(spec.query) : null;
  const predicate: Predicate | null = parsed ? compileQuery(env.models, spec.model, parsed) : null;
  const order = compileOrder(env.models, spec.model, spec.order);
  const sortedKey = spec.sourceKey && `${spec.sourceKey}|${order.key}|${env.store.revision}`;
  const matchKey = sortedKey && `${sortedKey}|${spec.query ?? ''}`;
  let matches = matchKey ? (env.cache.get(matchKey) as readonly R[] | undefined) : undefined;
  if (!matches) {
    let sorted = sortedKey ? (env.cache.get(sortedKey) as readonly R[] | undefined) : undefined;
    if (!sorted) {
      sorted = order.sort(spec.source(), env.store);
      if (sortedKey) env.cache.set(sortedKey, sorted);
    }
    const range = parsed && sortedKey ? rangeOf(env.models, spec.model, parsed) : undefined;
    const candidates = range && sortedKey ? inRange(env, spec.model, sorted, sortedKey, range) : sorted;
    matches = predicate ? candidates.filter((record) => predicate(record, env.store)) : candidates;
    if (matchKey) env.cache.set(matchKey, matches);
  }
  return { total: matches.length, items: matches.slice(spec.start - 1, spec.start - 1 + spec.pageSize) };
}

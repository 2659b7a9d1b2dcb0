import type { Json } from '../serialize/serialize.js';
import type { EnvelopeKind } from './wsapi-error.js';

/** Envelopes (reference: Response envelopes): one top-level key, `Errors`/`Warnings` always present. */
const API = { _rallyAPIMajor: '2', _rallyAPIMinor: '0' } as const;

export interface QueryResultInit {
  total: number;
  start: number;
  pageSize: number;
  results: readonly Json[];
  warnings: readonly string[];
}

export function queryResult(init: QueryResultInit): Json {
  return {
    QueryResult: {
      ...API,
      Errors: [],
      Warnings: init.warnings,
      TotalResultCount: init.total,
      StartIndex: init.start,
      PageSize: init.pageSize,
      Results: init.results,
    },
  };
}

export function operationResult(extra: Json = {}, warnings: readonly string[] = []): Json {
  return { OperationResult: { ...API, Errors: [], Warnings: warnings, ...extra } };
}

export function createResult(object: Json, warnings: readonly string[] = []): Json {
  return { CreateResult: { ...API, Errors: [], Warnings: warnings, Object: object } };
}

/** A single read: `{"User": {...fields, "Errors": [], "Warnings": []}}`. */
export function singleResult(type: string, object: Json, warnings: readonly string[] = []): Json {
  return { [type]: { ...object, Errors: [], Warnings: warnings } };
}

/** Failure of any kind; a QueryResult failure reports zero counts, as Rally's parse errors do. */
export function errorResult(
  kind: EnvelopeKind,
  errors: readonly string[],
  warnings: readonly string[] = [],
): Json {
  const body: Json = { ...API, Errors: errors, Warnings: warnings };
  if (kind === 'QueryResult')
    Object.assign(body, { TotalResultCount: 0, StartIndex: 0, PageSize: 0, Results: [] });
  return { [kind]: body };
}

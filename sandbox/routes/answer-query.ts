import type { Request, Response } from 'express';
import { queryResult } from '../http/envelopes.js';
import { sendJson } from '../http/respond.js';
import type { TypeModel } from '../models/model.js';
import { parseFetch, SHALLOW } from '../query/fetch.js';
import { runQuery } from '../query/run-query.js';
import { requestState, type Runtime } from '../runtime.js';
import { serializeObject } from '../serialize/serialize.js';
import type { Meta } from '../types/records.js';
import { pageParams, param } from './request-params.js';
import { serializeContext } from './route-context.js';

export interface QuerySource {
  readonly model: TypeModel;
  readonly records: () => readonly Meta[];
  /** Identifies `records()` for the result cache; null disables caching. */
  readonly key: string | null;
}

/** Answers a QueryResult for `source` honouring query, order, start, pagesize and fetch. */
export function answerQuery(runtime: Runtime, req: Request, res: Response, source: QuerySource): void {
  requestState(runtime, req).envelope = 'QueryResult';
  const { start, pageSize, warnings } = pageParams(req);
  const fetch = parseFetch(param(req, 'fetch'), SHALLOW);
  const page = runQuery(
    { models: runtime.models, store: runtime.data.store, cache: runtime.data.cache },
    {
      model: source.model,
      source: source.records,
      sourceKey: source.key,
      query: param(req, 'query'),
      order: param(req, 'order'),
      start,
      pageSize,
    },
  );
  const ctx = serializeContext(runtime, req);
  const results = page.items.map((record) => serializeObject(ctx, source.model, record, fetch));
  sendJson(runtime, req, res, queryResult({ total: page.total, start, pageSize, results, warnings }));
}

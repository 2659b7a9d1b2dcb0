import { uuidFor } from '../ids.js';
import type { FieldSpec } from '../models/field.js';
import type { TypeModel } from '../models/model.js';
import type { Models } from '../models/registry.js';
import { ALL, fetches, type Fetch } from '../query/fetch.js';
import type { Store } from '../store/store.js';
import type { Meta } from '../types/records.js';
import { createdAtText } from './created-at.js';

export interface SerializeContext {
  /** Absolute WSAPI base built from the request, e.g. `http://127.0.0.1:3000/sandbox/slm/webservice/v2.0`. */
  readonly base: string;
  readonly store: Store;
  readonly models: Models;
  readonly now: number;
}

export type Json = Record<string, unknown>;

const API = { _rallyAPIMajor: '2', _rallyAPIMinor: '0' } as const;

/**
 * Which attributes of a type a fetch writes, worked out once per (fetch, type) rather than per
 * object: a page of 2000 objects with three references each would otherwise test every attribute
 * of every type against the fetch list thousands of times.
 */
type Plan = readonly FieldSpec<Meta>[];
const plans = new WeakMap<Fetch, WeakMap<TypeModel, { object?: Plan; ref?: Plan }>>();

function plansOf(fetch: Fetch, model: TypeModel) {
  let byModel = plans.get(fetch);
  if (!byModel) plans.set(fetch, (byModel = new WeakMap()));
  let entry = byModel.get(model);
  if (!entry) byModel.set(model, (entry = {}));
  return entry;
}

function objectPlan(model: TypeModel, fetch: Fetch): Plan {
  const entry = plansOf(fetch, model);
  return (entry.object ??= model.fields.filter(
    (field) => fetches(fetch, field.name) || model.alwaysFetched?.has(field.name),
  ));
}

/** Scalar attributes of a referenced type named in an explicit fetch list (one level, as Rally does). */
function refPlan(model: TypeModel, fetch: Fetch): Plan {
  const entry = plansOf(fetch, model);
  return (entry.ref ??= model.fields.filter(
    (field) => field.kind !== 'ref' && field.kind !== 'collection' && fetches(fetch, field.name),
  ));
}

function concreteOf<R extends Meta>(model: TypeModel<R>, record: R): TypeModel<R> {
  return model.concrete?.(record) ?? model;
}

export function refUrl(ctx: SerializeContext, model: TypeModel, record: Meta): string {
  const concrete = concreteOf(model, record);
  return `${ctx.base}/${concrete.path}/${concrete.idOf(record)}`;
}

/**
 * A reference sub-object. With an explicit fetch list, scalar attributes of the referenced type that are
 * in the list are included too (one level, as Rally does for `fetch=User,UserName`).
 */
export function refObject(ctx: SerializeContext, model: TypeModel, record: Meta, fetch?: Fetch): Json {
  const concrete = concreteOf(model, record);
  const out: Json = {
    _rallyAPIMajor: API._rallyAPIMajor,
    _rallyAPIMinor: API._rallyAPIMinor,
    _ref: refUrl(ctx, concrete, record),
    _refObjectUUID: uuidFor(ctx.store.salt, record.oid),
    _refObjectName: concrete.nameOf(record, ctx.store),
  };
  if (fetch?.mode === 'list') {
    for (const field of refPlan(concrete, fetch)) writeField(ctx, concrete, record, field, out, undefined);
  }
  out._type = concrete.name;
  return out;
}

function writeField(
  ctx: SerializeContext,
  model: TypeModel,
  record: Meta,
  field: FieldSpec<Meta>,
  out: Json,
  fetch: Fetch | undefined,
): void {
  if (field.kind === 'ref') {
    const target = field.get(record, ctx.store);
    out[field.name] = target ? refObject(ctx, ctx.models.byName(field.target), target, fetch) : null;
  } else if (field.kind === 'collection') {
    out[field.name] = {
      _rallyAPIMajor: API._rallyAPIMajor,
      _rallyAPIMinor: API._rallyAPIMinor,
      _ref: `${refUrl(ctx, model, record)}/${field.name}`,
      _type: field.itemType,
      Count: field.items(record, ctx.store).length,
    };
  } else if (field.kind === 'date') {
    const value = field.get(record, ctx.store);
    out[field.name] = typeof value === 'number' ? new Date(value).toISOString() : null;
    if (field.name === 'CreationDate') out._CreatedAt = createdAtText(record.created, ctx.now);
  } else {
    out[field.name] = field.get(record, ctx.store);
  }
}

/** An object as WSAPI answers it: metadata first, then the fetched attributes, `_type` last. */
export function serializeObject(
  ctx: SerializeContext,
  model: TypeModel,
  record: Meta,
  fetch: Fetch = ALL,
): Json {
  const concrete = concreteOf(model, record);
  const out: Json = {
    _rallyAPIMajor: API._rallyAPIMajor,
    _rallyAPIMinor: API._rallyAPIMinor,
    _ref: refUrl(ctx, concrete, record),
    _refObjectUUID: uuidFor(ctx.store.salt, record.oid),
    _objectVersion: String(record.version),
    _refObjectName: concrete.nameOf(record, ctx.store),
  };
  for (const field of objectPlan(concrete, fetch)) writeField(ctx, concrete, record, field, out, fetch);
  out._type = concrete.name;
  return out;
}

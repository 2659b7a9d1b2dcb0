import type { Request } from 'express';
import { visibility } from '../domain/access.js';
import type { WriteEnv } from '../domain/write-env.js';
import { MESSAGES } from '../http/messages.js';
import { WsapiError } from '../http/wsapi-error.js';
import { uuidFor } from '../ids.js';
import type { TypeModel } from '../models/model.js';
import { requestState, type Runtime } from '../runtime.js';
import type { SerializeContext } from '../serialize/serialize.js';
import type { Meta, UserRecord } from '../types/records.js';

export function caller(runtime: Runtime, req: Request): UserRecord {
  return requestState(runtime, req).identity.user;
}

/** `_ref`s are absolute and built from the request, so they are right standalone and mounted at /sandbox. */
export function serializeContext(runtime: Runtime, req: Request): SerializeContext {
  return {
    base: `${req.protocol}://${req.get('host') ?? 'localhost'}${req.baseUrl}`,
    store: runtime.data.store,
    models: runtime.models,
    now: runtime.now(),
  };
}

export function writeEnv(runtime: Runtime, req: Request): WriteEnv {
  return {
    store: runtime.data.store,
    models: runtime.models,
    now: runtime.now(),
    actor: caller(runtime, req),
  };
}

/** Path type segment → model, case-insensitively; unknown types answer an OperationResult error. */
export function modelFor(runtime: Runtime, segment: string): TypeModel {
  const model = runtime.models.byPath(segment);
  if (!model) throw new WsapiError([MESSAGES.unknownType(segment)], { envelope: 'OperationResult' });
  return model;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** By ObjectID (or permission id), else by ObjectUUID; hidden records are treated as missing. */
export function findVisible(runtime: Runtime, req: Request, model: TypeModel, id: string): Meta | undefined {
  const { store } = runtime.data;
  const record =
    model.find(store, id) ??
    (UUID.test(id)
      ? model.all(store).find((r) => uuidFor(store.salt, r.oid) === id.toLowerCase())
      : undefined);
  const visible = visibility(store, model.name, caller(runtime, req));
  return record && (!visible || visible(record)) ? record : undefined;
}

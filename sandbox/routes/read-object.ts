import type { RequestHandler } from 'express';
import { visibility } from '../domain/access.js';
import { singleResult } from '../http/envelopes.js';
import { MESSAGES } from '../http/messages.js';
import { sendJson } from '../http/respond.js';
import { WsapiError } from '../http/wsapi-error.js';
import { ALL, parseFetch } from '../query/fetch.js';
import type { Runtime } from '../runtime.js';
import { serializeObject } from '../serialize/serialize.js';
import { answerQuery } from './answer-query.js';
import { param } from './request-params.js';
import { caller, findVisible, modelFor, serializeContext } from './route-context.js';

/** `GET /{type}/{oid}`: the full object unless `fetch` narrows it; missing → "Cannot find object to read". */
export function createReadObject(runtime: Runtime): RequestHandler {
  return function readObject(req, res) {
    const model = modelFor(runtime, String(req.params.type));
    const record = findVisible(runtime, req, model, String(req.params.id));
    if (!record) throw new WsapiError([MESSAGES.cannotRead()]);
    const concrete = model.concrete?.(record) ?? model;
    const object = serializeObject(
      serializeContext(runtime, req),
      concrete,
      record,
      parseFetch(param(req, 'fetch'), ALL),
    );
    sendJson(runtime, req, res, singleResult(concrete.name, object));
  };
}

/** `GET /{type}/{oid}/{Collection}`: a QueryResult over the collection's items (e.g. TeamMemberships). */
export function createQueryCollection(runtime: Runtime): RequestHandler {
  return function queryCollection(req, res) {
    const model = modelFor(runtime, String(req.params.type));
    const owner = findVisible(runtime, req, model, String(req.params.id));
    if (!owner) throw new WsapiError([MESSAGES.cannotRead()]);
    const name = String(req.params.collection);
    const field = model.fieldIndex.get(name.toLowerCase());
    if (field?.kind !== 'collection') throw new WsapiError([MESSAGES.unknownCollection(model.name, name)]);
    const { store } = runtime.data;
    const viewer = caller(runtime, req);
    const itemModel = runtime.models.byName(field.itemType);
    const visible = visibility(store, itemModel.name, viewer);
    answerQuery(runtime, req, res, {
      model: itemModel,
      records: () => field.items(owner, store).filter((r) => !visible || visible(r)),
      key: `${model.name}:${owner.oid}:${field.name}|${visible ? viewer.oid : '*'}`,
    });
  };
}

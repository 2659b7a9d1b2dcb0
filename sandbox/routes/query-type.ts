import type { Request, RequestHandler } from 'express';
import { visibility } from '../domain/access.js';
import { singleResult } from '../http/envelopes.js';
import { MESSAGES } from '../http/messages.js';
import { sendJson } from '../http/respond.js';
import { WsapiError } from '../http/wsapi-error.js';
import type { TypeModel } from '../models/model.js';
import { ALL, parseFetch } from '../query/fetch.js';
import { parseRef } from '../refs.js';
import { requestState, type Runtime } from '../runtime.js';
import { serializeObject } from '../serialize/serialize.js';
import type { Meta, PermissionRecord, ProjectRecord } from '../types/records.js';
import { answerQuery } from './answer-query.js';
import { param } from './request-params.js';
import { caller, findVisible, modelFor, serializeContext } from './route-context.js';

/** `workspace=/workspace/oid` scopes project and permission queries; absent = all the caller may see. */
function workspaceScope(runtime: Runtime, req: Request, model: TypeModel): ((r: Meta) => boolean) | null {
  const raw = param(req, 'workspace');
  if (raw === undefined || raw === '' || raw === 'null') return null;
  const ref = parseRef(raw);
  const workspace =
    ref?.type === 'workspace' ? findVisible(runtime, req, runtime.models.workspace, ref.id) : undefined;
  if (!workspace) throw new WsapiError([MESSAGES.unknownWorkspace(raw)]);
  const { store } = runtime.data;
  const oid = workspace.oid;
  switch (model.name) {
    case 'Project':
      return (r) => (r as ProjectRecord).workspace === oid;
    case 'WorkspacePermission':
      return (r) => (r as PermissionRecord).target === oid;
    case 'ProjectPermission':
      return (r) => store.projects.get((r as PermissionRecord).target)?.workspace === oid;
    default:
      return null;
  }
}

/**
 * `GET /{type}`. Without `query`, `/user` answers the current user and `/subscription` the current
 * subscription as single objects (reference: Base and paths); `/users` and everything else are queries.
 */
export function createQueryType(runtime: Runtime): RequestHandler {
  return function queryType(req, res) {
    const segment = String(req.params.type);
    const plural = segment.toLowerCase() === 'users';
    const model = plural ? runtime.models.user : modelFor(runtime, segment);
    const viewer = caller(runtime, req);
    const { store } = runtime.data;
    if (
      !plural &&
      param(req, 'query') === undefined &&
      (model.name === 'User' || model.name === 'Subscription')
    ) {
      const record = model.name === 'User' ? viewer : store.subscription;
      const object = serializeObject(
        serializeContext(runtime, req),
        model,
        record,
        parseFetch(param(req, 'fetch'), ALL),
      );
      sendJson(runtime, req, res, singleResult(model.name, object));
      return;
    }
    requestState(runtime, req).envelope = 'QueryResult';
    const visible = visibility(store, model.name, viewer);
    const scope = workspaceScope(runtime, req, model);
    answerQuery(runtime, req, res, {
      model,
      records: () => model.all(store).filter((r) => (!visible || visible(r)) && (!scope || scope(r))),
      key: `${model.name}|${visible ? viewer.oid : '*'}|${scope ? String(param(req, 'workspace')) : '*'}`,
    });
  };
}

import type { RequestHandler } from 'express';
import { editTeam, type TeamOwner } from '../domain/teams.js';
import { operationResult } from '../http/envelopes.js';
import { MESSAGES } from '../http/messages.js';
import { sendJson } from '../http/respond.js';
import { WsapiError } from '../http/wsapi-error.js';
import { parseFetch, SHALLOW } from '../query/fetch.js';
import type { Runtime } from '../runtime.js';
import { serializeObject } from '../serialize/serialize.js';
import type { ProjectRecord, UserRecord } from '../types/records.js';
import { param } from './request-params.js';
import { findVisible, modelFor, serializeContext, writeEnv } from './route-context.js';

function collectionItems(body: unknown): readonly unknown[] {
  const items =
    typeof body === 'object' && body !== null
      ? (body as { CollectionItems?: unknown }).CollectionItems
      : undefined;
  if (!Array.isArray(items)) throw new WsapiError([MESSAGES.bodyShape('CollectionItems')]);
  return items;
}

/**
 * `POST /user/{oid}/TeamMemberships/add|remove` and `POST /project/{oid}/TeamMembers/add|remove`
 * (reference: Collections). Answers an OperationResult whose `Results` are the items.
 */
export function createEditCollection(runtime: Runtime): RequestHandler {
  return function editCollection(req, res) {
    const model = modelFor(runtime, String(req.params.type));
    const operation = String(req.params.operation).toLowerCase();
    const collection = String(req.params.collection).toLowerCase();
    if (operation !== 'add' && operation !== 'remove') {
      throw new WsapiError([MESSAGES.unknownRoute(req.method, req.originalUrl.split('?')[0]!)]);
    }
    const owner = findVisible(runtime, req, model, String(req.params.id));
    if (!owner) throw new WsapiError([MESSAGES.cannotUpdate()]);
    let team: TeamOwner;
    if (model.name === 'User' && collection === 'teammemberships')
      team = { kind: 'user', user: owner as UserRecord };
    else if (model.name === 'Project' && collection === 'teammembers') {
      team = { kind: 'project', project: owner as ProjectRecord };
    } else
      throw new WsapiError([
        MESSAGES.unsupported(operation, `${model.name}.${String(req.params.collection)}`),
      ]);
    const items = editTeam(writeEnv(runtime, req), team, operation, collectionItems(req.body));
    const itemModel = team.kind === 'user' ? runtime.models.project : runtime.models.user;
    const ctx = serializeContext(runtime, req);
    const fetch = parseFetch(param(req, 'fetch'), SHALLOW);
    sendJson(
      runtime,
      req,
      res,
      operationResult({ Results: items.map((item) => serializeObject(ctx, itemModel, item, fetch)) }),
    );
  };
}

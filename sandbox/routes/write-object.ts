import type { RequestHandler } from 'express';
import { unwrapBody } from '../domain/coerce.js';
import { createPermission, deletePermission } from '../domain/permissions.js';
import { updateProfile } from '../domain/profiles.js';
import { updateSubscription } from '../domain/subscription.js';
import { createUser, deleteUser, updateUser } from '../domain/users.js';
import type { WriteOutcome } from '../domain/write-env.js';
import { createResult, operationResult } from '../http/envelopes.js';
import { MESSAGES } from '../http/messages.js';
import { sendJson } from '../http/respond.js';
import { WsapiError } from '../http/wsapi-error.js';
import { ALL, parseFetch } from '../query/fetch.js';
import { requestState, type Runtime } from '../runtime.js';
import { serializeObject } from '../serialize/serialize.js';
import type {
  Meta,
  PermissionRecord,
  SubscriptionRecord,
  UserProfileRecord,
  UserRecord,
} from '../types/records.js';
import { param } from './request-params.js';
import { findVisible, modelFor, serializeContext, writeEnv } from './route-context.js';

/** `POST|PUT /{type}/create` (pyral creates with PUT): User, WorkspacePermission, ProjectPermission. */
export function createCreateObject(runtime: Runtime): RequestHandler {
  return function createObject(req, res) {
    const model = modelFor(runtime, String(req.params.type));
    requestState(runtime, req).envelope = 'CreateResult';
    const input = unwrapBody(req.body, model.name);
    const env = writeEnv(runtime, req);
    let outcome: WriteOutcome<Meta>;
    if (model.name === 'User') outcome = createUser(env, input);
    else if (model.name === 'WorkspacePermission') outcome = createPermission(env, 'workspace', input);
    else if (model.name === 'ProjectPermission') outcome = createPermission(env, 'project', input);
    else throw new WsapiError([MESSAGES.unsupported('create', model.name)]);
    const object = serializeObject(
      serializeContext(runtime, req),
      model,
      outcome.record,
      parseFetch(param(req, 'fetch'), ALL),
    );
    sendJson(runtime, req, res, createResult(object, outcome.warnings));
  };
}

/** `POST|PUT /{type}/{oid}` (rally-node updates with PUT): User, UserProfile, Subscription. */
export function createUpdateObject(runtime: Runtime): RequestHandler {
  return function updateObject(req, res) {
    const model = modelFor(runtime, String(req.params.type));
    const record = findVisible(runtime, req, model, String(req.params.id));
    if (!record) throw new WsapiError([MESSAGES.cannotUpdate()]);
    const input = unwrapBody(req.body, model.name);
    const env = writeEnv(runtime, req);
    let outcome: WriteOutcome<Meta>;
    if (model.name === 'User') outcome = updateUser(env, record as UserRecord, input);
    else if (model.name === 'UserProfile') outcome = updateProfile(env, record as UserProfileRecord, input);
    else if (model.name === 'Subscription')
      outcome = updateSubscription(env, record as SubscriptionRecord, input);
    else throw new WsapiError([MESSAGES.unsupported('update', model.name)]);
    const object = serializeObject(
      serializeContext(runtime, req),
      model,
      outcome.record,
      parseFetch(param(req, 'fetch'), ALL),
    );
    sendJson(runtime, req, res, operationResult({ Object: object }, outcome.warnings));
  };
}

/** `DELETE /{type}/{oid}`: User (Subscription Admin only) and permissions. */
export function createDeleteObject(runtime: Runtime): RequestHandler {
  return function deleteObject(req, res) {
    const model = modelFor(runtime, String(req.params.type));
    const record = findVisible(runtime, req, model, String(req.params.id));
    if (!record) throw new WsapiError([MESSAGES.cannotDelete()]);
    const env = writeEnv(runtime, req);
    if (model.name === 'User') deleteUser(env, record as UserRecord);
    else if (model.name === 'WorkspacePermission' || model.name === 'ProjectPermission') {
      deletePermission(env, record as PermissionRecord);
    } else throw new WsapiError([MESSAGES.unsupported('delete', model.name)]);
    sendJson(runtime, req, res, operationResult());
  };
}

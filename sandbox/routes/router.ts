import express, { type RequestHandler, type Router } from 'express';
import { createAuthenticate, createCountRequests, createThrottle } from '../http/admission.js';
import { createParseBody, createRequireWriteKey } from '../http/body.js';
import { createDelay, createInjectFaults } from '../http/fault-injection.js';
import { MESSAGES } from '../http/messages.js';
import { createRenderError } from '../http/render-error.js';
import { WsapiError } from '../http/wsapi-error.js';
import type { Runtime } from '../runtime.js';
import { createAuthorize } from './authorize.js';
import { createEditCollection } from './edit-collection.js';
import { createQueryType } from './query-type.js';
import { createQueryCollection, createReadObject } from './read-object.js';
import { createCreateObject, createDeleteObject, createUpdateObject } from './write-object.js';

/** Some toolkits add `.js` to the last path segment (`/defect/create.js`): accept and drop it. */
const stripJsSuffix: RequestHandler = function stripJsSuffix(req, _res, next) {
  const queryAt = req.url.indexOf('?');
  const path = queryAt < 0 ? req.url : req.url.slice(0, queryAt);
  if (/\.js$/i.test(path)) req.url = path.slice(0, -3) + (queryAt < 0 ? '' : req.url.slice(queryAt));
  next();
};

const unknownRoute: RequestHandler = function unknownRoute(req) {
  throw new WsapiError([MESSAGES.unknownRoute(req.method, req.originalUrl.split('?')[0]!)]);
};

/**
 * The WSAPI route table. Pipeline order (documented): count → authenticate (401 here) → per-user
 * concurrency gate → latency → injected faults → JSON body → write key → route.
 */
export function createWsapiRouter(runtime: Runtime): Router {
  const router = express.Router();
  router.use(stripJsSuffix);
  router.use(createCountRequests(runtime));
  router.use(createAuthenticate(runtime));
  router.use(createThrottle(runtime));
  router.use(createDelay(runtime));
  router.use(createInjectFaults(runtime));
  router.use(createParseBody());
  router.use(createRequireWriteKey(runtime));

  const create = createCreateObject(runtime);
  const update = createUpdateObject(runtime);
  const edit = createEditCollection(runtime);
  router.get('/security/authorize', createAuthorize(runtime));
  router.route('/:type/create').post(create).put(create);
  router.get('/:type', createQueryType(runtime));
  router
    .route('/:type/:id')
    .get(createReadObject(runtime))
    .post(update)
    .put(update)
    .delete(createDeleteObject(runtime));
  router.get('/:type/:id/:collection', createQueryCollection(runtime));
  router.route('/:type/:id/:collection/:operation').post(edit).put(edit);
  router.use(unknownRoute);
  router.use(createRenderError(runtime));
  return router;
}

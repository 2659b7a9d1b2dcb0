import { Router } from 'express';
import { endpoints } from '../../../connector/endpoints.js';
import type { UserWindows } from '../../../connector/listing/user-window.js';
import { openApiDocument } from '../../../connector/openapi.js';
import { createAttributeCache, type AttributeCache } from '../../../connector/operations/attributes.js';
import { ping } from '../../../connector/operations/ping.js';
import type { RallyClient } from '../../../connector/rally/index.js';
import type { Audit } from '../../audit/index.js';
import type { CredentialResolver } from '../../auth/credential-resolver.js';
import { connectorErrors } from './errors.js';
import { groupRoutes } from './groups.js';
import { handle } from './handle.js';
import { userRoutes } from './users.js';

export interface ConnectorRouterDeps {
  readonly rally: RallyClient;
  readonly userWindows: UserWindows;
  /** The subscription's dropdown values per credential (shared with SCIM); one is made if absent. */
  readonly attributes?: AttributeCache;
  /** How requests get their Rally credential; pass-through when absent (docs/auth.md). */
  readonly resolveCredential?: CredentialResolver;
  /** The audit trail every write is recorded in (docs/audit.md). */
  readonly audit?: Audit;
}

/** The Okta Workflows connector API, mounted at /connector/v1 (routes: connector/endpoints.ts). */
export function createConnectorRouter(deps: ConnectorRouterDeps): Router {
  const router = Router();
  const attributes = deps.attributes ?? createAttributeCache();
  const openapi = openApiDocument();

  router.get('/openapi.json', function serveOpenApi(_req, res) {
    res.json(openapi);
  });
  handle(router, deps, endpoints.ping, ({ api, cred }) => ping(api, { cred }));
  userRoutes(router, { ...deps, attributes });
  groupRoutes(router, deps);
  router.use(connectorErrors());
  return router;
}

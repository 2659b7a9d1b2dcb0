import type { Router } from 'express';
import { endpoints } from '../../../connector/endpoints.js';
import type { UserWindows } from '../../../connector/listing/user-window.js';
import type { AttributeCache } from '../../../connector/operations/attributes.js';
import { createUser } from '../../../connector/operations/create-user.js';
import {
  getUserWithEntitlements,
  listEntitlements,
} from '../../../connector/operations/list-entitlements.js';
import { listUsers } from '../../../connector/operations/list-users.js';
import { updateUser } from '../../../connector/operations/update-user.js';
import { userSchema } from '../../../connector/operations/user-schema.js';
import type { RallyClient } from '../../../connector/rally/index.js';
import { handle, type HandleDeps } from './handle.js';

export interface UserRouteDeps extends HandleDeps {
  readonly rally: RallyClient;
  readonly userWindows: UserWindows;
  readonly attributes: AttributeCache;
}

export function userRoutes(router: Router, deps: UserRouteDeps): void {
  handle(router, deps, endpoints.listUsers, ({ cred, query }) => listUsers(deps.userWindows, cred, query));
  handle(router, deps, endpoints.getUser, ({ api, params }) => getUserWithEntitlements(api, params));
  handle(router, deps, endpoints.listEntitlements, ({ api, query }) => listEntitlements(api, query));
  handle(router, deps, endpoints.createUser, ({ api, cred, body }) =>
    createUser(api, body, { attributes: () => deps.attributes.get(cred, api) }),
  );
  handle(router, deps, endpoints.updateUser, ({ api, cred, params, body }) =>
    updateUser(api, { id: params.id, patch: body }, { attributes: () => deps.attributes.get(cred, api) }),
  );
  handle(router, deps, endpoints.userSchema, async ({ api, cred }) =>
    userSchema(await deps.attributes.get(cred, api)),
  );
}

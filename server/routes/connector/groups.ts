import type { Router } from 'express';
import { endpoints } from '../../../connector/endpoints.js';
import { listGroups } from '../../../connector/operations/list-groups.js';
import { addMember, listMembers, removeMember } from '../../../connector/operations/members.js';
import { handle, type HandleDeps } from './handle.js';

export function groupRoutes(router: Router, deps: HandleDeps): void {
  handle(router, deps, endpoints.listGroups, ({ api, query }) => listGroups(api, query));
  handle(router, deps, endpoints.listMembers, ({ api, params, query }) =>
    listMembers(api, { groupId: params.id, ...query }),
  );
  handle(router, deps, endpoints.addMember, ({ api, params, body }) =>
    addMember(api, { groupId: params.id, userId: params.userId, role: body.role }),
  );
  handle(router, deps, endpoints.removeMember, ({ api, params }) =>
    removeMember(api, { groupId: params.id, userId: params.userId }),
  );
}

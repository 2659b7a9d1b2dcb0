import { refPath, type Caller } from './caller.js';
import { objectOf, queryPage, unwrap, type QueryPage } from './envelope.js';
import { isRallyError } from './errors.js';
import { and, where, type Query } from './escape-query.js';
import { paginate } from './paginate.js';
import type {
  ProjectRole,
  RallyPermission,
  RallyProject,
  RallySubscription,
  RallyWorkspace,
  WorkspaceRole,
} from './types.js';

/**
 * Rally has no Group type: workspaces and projects, with the permissions users hold on them, are
 * what Okta sees as groups (reference: "Group-like objects").
 */
export interface GroupOps {
  subscription(): Promise<RallySubscription>;
  /** `maxItems` on listings: the reader needs no more than that many (no read-ahead past them). */
  workspaces(opts?: { maxItems?: number }): AsyncGenerator<RallyWorkspace, void, undefined>;
  projects(opts?: {
    workspaceId?: number;
    query?: Query;
    maxItems?: number;
  }): AsyncGenerator<RallyProject, void, undefined>;
  getWorkspace(objectId: number): Promise<RallyWorkspace>;
  getProject(objectId: number): Promise<RallyProject>;
  workspacePermissions(filter: {
    userId?: number;
    workspaceId?: number;
    maxItems?: number;
    /** Permissions of users whose ObjectID lies in [from, to]: one query for a page of users. */
    userRange?: UserRange;
  }): AsyncGenerator<RallyPermission, void, undefined>;
  /**
   * Rally scopes queries to the account's default workspace unless told otherwise: pass the
   * project's `workspaceId` whenever it is known.
   */
  projectPermissions(filter: {
    userId?: number;
    projectId?: number;
    workspaceId?: number;
    maxItems?: number;
    userRange?: UserRange;
  }): AsyncGenerator<RallyPermission, void, undefined>;
  grantWorkspace(userId: number, workspaceId: number, role: WorkspaceRole): Promise<RallyPermission>;
  grantProject(
    userId: number,
    projectId: number,
    role: Exclude<ProjectRole, 'Admin'>,
  ): Promise<RallyPermission>;
  /** Deletes a permission by its `_ref`; one already gone counts as revoked. */
  revoke(permissionRef: string): Promise<void>;
  addTeamMembership(userId: number, projectId: number): Promise<void>;
  removeTeamMembership(userId: number, projectId: number): Promise<void>;
}

export interface UserRange {
  readonly from: number;
  readonly to: number;
}

const PERMISSION_FETCH = 'Role,User,UserName,Workspace,Project,Name';

export function createGroupOps(call: Caller, opts: { readAhead: number }): GroupOps {
  const walk = <T>(
    path: string,
    query: Query | undefined,
    fetch: string,
    extra: Record<string, string> = {},
    maxItems?: number,
  ) =>
    paginate<T>(
      async (start, pageSize): Promise<QueryPage<T>> =>
        queryPage<T>(
          await call.get(path, {
            ...(query && { query }),
            fetch,
            order: 'ObjectID',
            start,
            pagesize: pageSize,
            ...extra,
          }),
        ),
      { pageSize: 2000, readAhead: opts.readAhead, ...(maxItems !== undefined && { maxItems }) },
    );

  /** Permissions on workspaces or projects, optionally of one user and/or on one target. */
  const permissions = (
    kind: 'Workspace' | 'Project',
    userId: number | undefined,
    targetId: number | undefined,
    workspaceId: number | undefined,
    maxItems: number | undefined,
    range?: UserRange,
  ) => {
    const parts = [
      userId === undefined ? undefined : where('User.ObjectID', '=', userId),
      range === undefined ? undefined : where('User.ObjectID', '>=', range.from),
      range === undefined ? undefined : where('User.ObjectID', '<=', range.to),
      targetId === undefined ? undefined : where(`${kind}.ObjectID`, '=', targetId),
    ].filter((p): p is Query => p !== undefined);
    return walk<RallyPermission>(
      `/${kind.toLowerCase()}permission`,
      parts.length === 0 ? undefined : and(...parts),
      // A page of users' permissions is large: only what names the access (a project ref carries
      // the project's name), about half the bytes of the full fetch.
      range === undefined ? PERMISSION_FETCH : 'Role,User,Project',
      workspaceScope(workspaceId),
      maxItems,
    );
  };

  return {
    subscription: async () =>
      objectOf<RallySubscription>(
        await call.get('/subscription', {
          fetch: 'ObjectID,Name,SubscriptionID,WorkspaceAdminsCanManageUsers',
        }),
      ),
    workspaces: (o = {}) =>
      walk<RallyWorkspace>('/workspace', undefined, 'ObjectID,Name,State', {}, o.maxItems),
    projects: (o = {}) =>
      walk<RallyProject>(
        '/project',
        o.query,
        'ObjectID,Name,State,Workspace,Parent',
        workspaceScope(o.workspaceId),
        o.maxItems,
      ),
    getWorkspace: async (id) =>
      objectOf<RallyWorkspace>(await call.get(`/workspace/${id}`, { fetch: 'ObjectID,Name,State' })),
    getProject: async (id) =>
      objectOf<RallyProject>(
        await call.get(`/project/${id}`, { fetch: 'ObjectID,Name,State,Workspace,Parent' }),
      ),
    workspacePermissions: (f) =>
      permissions('Workspace', f.userId, f.workspaceId, f.workspaceId, f.maxItems, f.userRange),
    projectPermissions: (f) =>
      permissions('Project', f.userId, f.projectId, f.workspaceId, f.maxItems, f.userRange),
    // A role change is a create again (reference), so grants are idempotent and may be retried.
    grantWorkspace: async (userId, workspaceId, role) =>
      objectOf<RallyPermission>(
        await call.write(
          'POST',
          '/workspacepermission/create',
          {
            WorkspacePermission: {
              Workspace: `/workspace/${workspaceId}`,
              User: `/user/${userId}`,
              Role: role,
            },
          },
          { idempotent: true, query: { fetch: PERMISSION_FETCH } },
        ),
      ),
    grantProject: async (userId, projectId, role) =>
      objectOf<RallyPermission>(
        await call.write(
          'POST',
          '/projectpermission/create',
          {
            ProjectPermission: {
              Project: { _ref: `/project/${projectId}` },
              User: { _ref: `/user/${userId}` },
              Role: role,
            },
          },
          { idempotent: true, query: { fetch: PERMISSION_FETCH } },
        ),
      ),
    async revoke(permissionRef) {
      try {
        // Rally reports a refused delete as HTTP 200 with Errors: the envelope must be read.
        unwrap(await call.write('DELETE', refPath(permissionRef), undefined, { idempotent: true }));
      } catch (err) {
        if (!isRallyError(err, 'RALLY_NOT_FOUND')) throw err;
      }
    },
    async addTeamMembership(userId, projectId) {
      unwrap(
        await call.write(
          'POST',
          `/user/${userId}/teammemberships/add`,
          { CollectionItems: [{ _ref: `/project/${projectId}` }] },
          { idempotent: true },
        ),
      );
    },
    async removeTeamMembership(userId, projectId) {
      unwrap(
        await call.write(
          'POST',
          `/user/${userId}/teammemberships/remove`,
          { CollectionItems: [{ _ref: `/project/${projectId}` }] },
          { idempotent: true },
        ),
      );
    },
  };
}

/** WSAPI's `workspace` parameter: queries otherwise run in the account's default workspace. */
function workspaceScope(workspaceId: number | undefined): Record<string, string> {
  return workspaceId === undefined ? {} : { workspace: `/workspace/${workspaceId}` };
}

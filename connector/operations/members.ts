import type { z } from 'zod';
import { ConnectorError, validationFailed } from '../errors.js';
import { decodeCursor, encodeCursor, fingerprint } from '../listing/cursor.js';
import { pageOf } from '../listing/page-of.js';
import { isRallyError, refId, type RallyApi, type RallyPermission, type RallyUser } from '../rally/index.js';
import {
  parseGroupId,
  PROJECT_ROLES,
  WORKSPACE_ROLES,
  type GroupType,
  type ListMembersQuery,
  type MemberListSchema,
  type MembershipSchema,
} from '../schemas/group.js';
import { userNotFound } from './get-user.js';

export type MemberList = z.infer<typeof MemberListSchema>;
export type Membership = z.infer<typeof MembershipSchema>;

interface Target {
  readonly id: string;
  readonly type: GroupType;
  readonly objectId: number;
  /** The workspace a project lives in: permission queries must run there. */
  readonly workspaceId?: number;
}

/** Users holding a permission on the workspace or project. */
export async function listMembers(
  api: RallyApi,
  input: { groupId: string } & z.infer<typeof ListMembersQuery>,
): Promise<MemberList> {
  const target = await existingGroup(api, input.groupId);
  const filterPrint = fingerprint(['members', target.id]);
  const offset = input.cursor === undefined ? 0 : decodeCursor(input.cursor, filterPrint);
  const page = await pageOf(
    permissions(api, target, undefined, offset + input.limit + 1),
    offset,
    input.limit,
  );
  return {
    members: page.items.map((p) => ({
      userId: String(p.User ? (refId(p.User._ref) ?? '') : ''),
      userName: userNameOf(p),
      role: roleName(target.type, p.Role),
    })),
    nextCursor: page.more ? encodeCursor(offset + page.items.length, filterPrint) : null,
  };
}

/**
 * Grants the role. Granting again is how Rally changes a role, so the call is idempotent; an
 * identical existing permission is returned without writing.
 */
export async function addMember(
  api: RallyApi,
  input: { groupId: string; userId: string; role: string },
): Promise<Membership> {
  checkRole(groupOf(input.groupId).type, input.role);
  const [target, user] = await Promise.all([
    existingGroup(api, input.groupId),
    existingUser(api, input.userId),
  ]);
  const current = await first(permissions(api, target, user.ObjectID));
  const role = roleName(target.type, input.role);
  if (!current || roleName(target.type, current.Role) !== role) {
    if (target.type === 'project') {
      await api.grantProject(user.ObjectID, target.objectId, role as (typeof PROJECT_ROLES)[number]);
    } else {
      await api.grantWorkspace(user.ObjectID, target.objectId, role as (typeof WORKSPACE_ROLES)[number]);
    }
  }
  return { groupId: target.id, userId: String(user.ObjectID), userName: user.UserName, role };
}

/** Revokes every permission the user holds on the group; nothing to revoke is success too. */
export async function removeMember(api: RallyApi, input: { groupId: string; userId: string }): Promise<void> {
  const [target, user] = await Promise.all([
    existingGroup(api, input.groupId),
    existingUser(api, input.userId),
  ]);
  const held: RallyPermission[] = [];
  for await (const p of permissions(api, target, user.ObjectID)) held.push(p);
  for (const p of held) {
    try {
      await api.revoke(p._ref);
    } catch (err) {
      if (!isRallyError(err, 'RALLY_VALIDATION') && !isRallyError(err, 'RALLY_CONFLICT')) throw err;
      throw new ConnectorError(
        'CONFLICT',
        `Rally would not remove ${user.UserName} from ${target.id}. A user's only workspace permission cannot be removed: deactivate the user instead, or grant another workspace first.`,
        { details: { rallyMessages: err.rallyMessages }, cause: err },
      );
    }
  }
}

function checkRole(type: GroupType, role: string): void {
  const allowed: readonly string[] = type === 'project' ? PROJECT_ROLES : WORKSPACE_ROLES;
  if (!allowed.includes(role)) {
    throw validationFailed([
      { field: 'role', problem: `"${role}" is not a ${type} role; use one of: ${allowed.join(', ')}` },
    ]);
  }
}

function groupOf(id: string): { type: GroupType; objectId: number } {
  const group = parseGroupId(id);
  if (!group) throw validationFailed([{ field: 'id', problem: 'must be a group id such as "project:123"' }]);
  return group;
}

async function existingGroup(api: RallyApi, id: string): Promise<Target> {
  const group = groupOf(id);
  try {
    if (group.type === 'workspace') {
      await api.getWorkspace(group.objectId);
      return { id, ...group, workspaceId: group.objectId };
    }
    const project = await api.getProject(group.objectId);
    const workspaceId = project.Workspace ? refId(project.Workspace._ref) : undefined;
    return { id, ...group, ...(workspaceId !== undefined && { workspaceId }) };
  } catch (err) {
    if (!isRallyError(err, 'RALLY_NOT_FOUND')) throw err;
    throw new ConnectorError(
      'GROUP_NOT_FOUND',
      `Rally has no ${group.type} with id ${id}. Use an id from List Groups.`,
      { details: { groupId: id }, cause: err },
    );
  }
}

async function existingUser(api: RallyApi, id: string): Promise<RallyUser> {
  try {
    return await api.getUser(Number(id));
  } catch (err) {
    throw isRallyError(err, 'RALLY_NOT_FOUND') ? userNotFound(id, err) : err;
  }
}

function permissions(
  api: RallyApi,
  target: Target,
  userId?: number,
  maxItems?: number,
): AsyncIterable<RallyPermission> {
  const user = userId === undefined ? {} : { userId };
  const limit = maxItems === undefined ? {} : { maxItems };
  const scope = target.workspaceId === undefined ? {} : { workspaceId: target.workspaceId };
  return target.type === 'project'
    ? api.projectPermissions({ projectId: target.objectId, ...scope, ...user, ...limit })
    : api.workspacePermissions({ workspaceId: target.objectId, ...user, ...limit });
}

async function first<T>(items: AsyncIterable<T>): Promise<T | undefined> {
  for await (const item of items) return item;
  return undefined;
}

/** Rally reads a project's `Project Admin` back as `Admin`; cards send and see `Project Admin`. */
function roleName(type: GroupType, role: string): string {
  return type === 'project' && role === 'Admin' ? 'Project Admin' : role;
}

function userNameOf(p: RallyPermission): string | null {
  const user = p.User as { UserName?: unknown } | undefined;
  return typeof user?.UserName === 'string' ? user.UserName : null;
}

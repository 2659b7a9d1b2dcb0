import { MESSAGES } from '../http/messages.js';
import { WsapiError } from '../http/wsapi-error.js';
import { buildPermission } from '../store/factories.js';
import {
  addPermission,
  findPermission,
  permissionsOf,
  removePermission,
  type Store,
  touch,
} from '../store/store.js';
import type {
  PermissionKind,
  PermissionRecord,
  ProjectRecord,
  UserRecord,
  WorkspaceRecord,
} from '../types/records.js';
import { canAdministerWorkspace, workspaceOfPermission } from './access.js';
import { coerce } from './coerce.js';
import type { WriteEnv, WriteOutcome } from './write-env.js';

/** Creates the permission or, when (user, target) already has one, replaces its role (a role change). */
export function grant(
  store: Store,
  kind: PermissionKind,
  user: number,
  target: number,
  role: string,
  now: number,
): PermissionRecord {
  const existing = findPermission(store, kind, user, target);
  if (existing) {
    if (existing.Role !== role) {
      existing.Role = role;
      touch(store, existing);
    }
    return existing;
  }
  const created = buildPermission(store, kind, user, target, role, now);
  addPermission(store, created);
  return created;
}

/**
 * `POST /{workspace|project}permission/create`. A ProjectPermission auto-creates the Workspace User
 * permission it needs; `Project Admin` (or `Admin`) is stored and read back as `Admin` (reference:
 * Group-like objects).
 */
export function createPermission(
  env: WriteEnv,
  kind: PermissionKind,
  input: Record<string, unknown>,
): WriteOutcome<PermissionRecord> {
  const { store, models, actor } = env;
  const model = kind === 'workspace' ? models.workspacePermission : models.projectPermission;
  const targetName = kind === 'workspace' ? 'Workspace' : 'Project';
  const body = kind === 'project' && input.Role === 'Admin' ? { ...input, Role: 'Project Admin' } : input;
  const { values, warnings } = coerce(store, models, model, body);
  for (const name of ['User', targetName, 'Role']) {
    if (values.get(name) === undefined) throw new WsapiError([MESSAGES.required(model.name, name)]);
  }
  const user = values.get('User') as UserRecord;
  const target = values.get(targetName) as WorkspaceRecord | ProjectRecord;
  const workspace = kind === 'workspace' ? target.oid : (target as ProjectRecord).workspace;
  if (!canAdministerWorkspace(store, actor, workspace)) {
    throw new WsapiError([MESSAGES.forbidden('create', model.name)]);
  }
  const role = values.get('Role') === 'Project Admin' ? 'Admin' : String(values.get('Role'));
  if (kind === 'project' && !findPermission(store, 'workspace', user.oid, workspace)) {
    grant(store, 'workspace', user.oid, workspace, 'User', env.now);
  }
  return { record: grant(store, kind, user.oid, target.oid, role, env.now), warnings };
}

/**
 * DELETE of a permission. Removing a WorkspacePermission also removes the user's project permissions
 * in that workspace; a user's only WorkspacePermission cannot be removed.
 */
export function deletePermission(env: WriteEnv, permission: PermissionRecord): void {
  const { store, actor } = env;
  const workspace = workspaceOfPermission(store, permission) ?? -1;
  const typeName = permission.kind === 'workspace' ? 'WorkspacePermission' : 'ProjectPermission';
  if (!canAdministerWorkspace(store, actor, workspace))
    throw new WsapiError([MESSAGES.forbidden('delete', typeName)]);
  if (permission.kind === 'workspace') {
    if (permissionsOf(store, permission.user, 'workspace').length <= 1) {
      const userName = store.usersByOid.get(permission.user)?.UserName ?? String(permission.user);
      throw new WsapiError([MESSAGES.lastWorkspacePermission(userName)]);
    }
    for (const projectPermission of permissionsOf(store, permission.user, 'project')) {
      if (store.projects.get(projectPermission.target)?.workspace === workspace)
        removePermission(store, projectPermission);
    }
  }
  removePermission(store, permission);
}

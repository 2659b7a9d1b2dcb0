import { isSubscriptionAdmin } from '../models/user.js';
import { permissionsOf, type Store } from '../store/store.js';
import type { Meta, PermissionRecord, TypeName, UserProfileRecord, UserRecord } from '../types/records.js';

/** Workspaces where the user holds a WorkspacePermission with Role Admin. */
export function adminWorkspaces(store: Store, user: UserRecord): Set<number> {
  return new Set(
    permissionsOf(store, user.oid, 'workspace')
      .filter((p) => p.Role === 'Admin')
      .map((p) => p.target),
  );
}

export function canAdministerWorkspace(store: Store, actor: UserRecord, workspace: number): boolean {
  return isSubscriptionAdmin(actor) || adminWorkspaces(store, actor).has(workspace);
}

/**
 * Who may create users and change other users (KB 57526, KB 370500): Subscription Admins, and
 * Workspace Admins when the subscription's `WorkspaceAdminsCanManageUsers` flag is on.
 */
export function canManageUsers(store: Store, actor: UserRecord): boolean {
  if (isSubscriptionAdmin(actor)) return true;
  return store.subscription.WorkspaceAdminsCanManageUsers && adminWorkspaces(store, actor).size > 0;
}

/** Workspace Admins may not change Subscription Admins. */
export function canManageUser(store: Store, actor: UserRecord, target: UserRecord): boolean {
  if (isSubscriptionAdmin(actor)) return true;
  return !isSubscriptionAdmin(target) && canManageUsers(store, actor);
}

export function workspaceOfPermission(store: Store, permission: PermissionRecord): number | undefined {
  return permission.kind === 'workspace'
    ? permission.target
    : store.projects.get(permission.target)?.workspace;
}

/**
 * What a caller may read (documented choice): Subscription Admins see everything; everyone sees the
 * subscription, all users and the type metadata; others see the workspaces they belong to, the projects
 * they hold a permission on (all projects of workspaces they administer), their own permissions and
 * profile, plus permissions inside workspaces they administer. Returns null when everything is visible.
 */
export function visibility(
  store: Store,
  type: TypeName,
  viewer: UserRecord,
): ((record: Meta) => boolean) | null {
  if (isSubscriptionAdmin(viewer)) return null;
  const admin = adminWorkspaces(store, viewer);
  const own = store.permissionsByUser.get(viewer.oid) ?? [];
  const memberOf = new Set(own.filter((p) => p.kind === 'workspace').map((p) => p.target));
  const onProjects = new Set(own.filter((p) => p.kind === 'project').map((p) => p.target));
  switch (type) {
    case 'Workspace':
      return (r) => memberOf.has(r.oid);
    case 'Project':
      return (r) => onProjects.has(r.oid) || admin.has(store.projects.get(r.oid)?.workspace ?? -1);
    case 'WorkspacePermission':
    case 'ProjectPermission':
    case 'UserPermission':
      return (r) => {
        const p = r as PermissionRecord;
        return p.user === viewer.oid || admin.has(workspaceOfPermission(store, p) ?? -1);
      };
    case 'UserProfile':
      return (r) => {
        const owner = store.usersByOid.get((r as UserProfileRecord).user);
        return owner !== undefined && (owner === viewer || canManageUser(store, viewer, owner));
      };
    default:
      return null;
  }
}

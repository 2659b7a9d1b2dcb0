import type { OidAllocator } from '../ids.js';
import type {
  AllowedValueRecord,
  AttrDefRecord,
  Meta,
  PermissionKind,
  PermissionRecord,
  ProjectRecord,
  Session,
  SubscriptionRecord,
  TypeDefRecord,
  UserProfileRecord,
  UserRecord,
  WorkspaceRecord,
} from '../types/records.js';

/**
 * All sandbox data plus the indexes that keep 20,000-user queries cheap. `revision` moves on every
 * mutation and keys the query caches, so no cache ever serves stale data.
 */
export interface Store {
  readonly salt: number;
  readonly oids: OidAllocator;
  readonly subscription: SubscriptionRecord;
  readonly workspaces: Map<number, WorkspaceRecord>;
  readonly projects: Map<number, ProjectRecord>;
  /** Always in ObjectID order (= creation order), the default query order. */
  readonly users: UserRecord[];
  readonly usersByOid: Map<number, UserRecord>;
  /** Keyed by lower-cased UserName: user names are unique case-insensitively. */
  readonly usersByName: Map<string, UserRecord>;
  readonly usersByApiKey: Map<string, UserRecord>;
  readonly profiles: Map<number, UserProfileRecord>;
  readonly workspacePermissions: Map<string, PermissionRecord>;
  readonly projectPermissions: Map<string, PermissionRecord>;
  readonly permissionsByUser: Map<number, PermissionRecord[]>;
  readonly typeDefs: Map<number, TypeDefRecord>;
  readonly attrDefs: Map<number, AttrDefRecord>;
  readonly allowedValues: Map<number, AllowedValueRecord>;
  readonly sessions: Map<string, Session>;
  revision: number;
}

export function createStore(salt: number, oids: OidAllocator, subscription: SubscriptionRecord): Store {
  return {
    salt,
    oids,
    subscription,
    workspaces: new Map(),
    projects: new Map(),
    users: [],
    usersByOid: new Map(),
    usersByName: new Map(),
    usersByApiKey: new Map(),
    profiles: new Map(),
    workspacePermissions: new Map(),
    projectPermissions: new Map(),
    permissionsByUser: new Map(),
    typeDefs: new Map(),
    attrDefs: new Map(),
    allowedValues: new Map(),
    sessions: new Map(),
    revision: 0,
  };
}

/** Records a change: `_objectVersion` is bumped on every update (reference: Object metadata). */
export function touch(store: Store, record: Meta): void {
  record.version += 1;
  store.revision += 1;
}

export function addUser(store: Store, user: UserRecord, profile: UserProfileRecord): void {
  const last = store.users[store.users.length - 1];
  if (last && last.oid > user.oid) throw new Error('users must be added in ObjectID order');
  store.users.push(user);
  store.usersByOid.set(user.oid, user);
  store.usersByName.set(user.UserName.toLowerCase(), user);
  if (user.apiKey) store.usersByApiKey.set(user.apiKey, user);
  store.profiles.set(profile.oid, profile);
  store.revision += 1;
}

export function renameUser(store: Store, user: UserRecord, userName: string): void {
  store.usersByName.delete(user.UserName.toLowerCase());
  user.UserName = userName;
  store.usersByName.set(userName.toLowerCase(), user);
}

export function removeUser(store: Store, user: UserRecord): void {
  for (const permission of [...(store.permissionsByUser.get(user.oid) ?? [])])
    removePermission(store, permission);
  for (const projectOid of user.teams) store.projects.get(projectOid)?.members.delete(user.oid);
  const index = store.users.indexOf(user);
  if (index >= 0) store.users.splice(index, 1);
  store.usersByOid.delete(user.oid);
  store.usersByName.delete(user.UserName.toLowerCase());
  if (user.apiKey) store.usersByApiKey.delete(user.apiKey);
  store.profiles.delete(user.profile);
  for (const [id, session] of store.sessions) if (session.user === user.oid) store.sessions.delete(id);
  store.revision += 1;
}

export function permissionId(kind: PermissionKind, user: number, target: number): string {
  return `${target}u${user}${kind === 'workspace' ? 'w' : 'p'}1`;
}

function permissionMap(store: Store, kind: PermissionKind): Map<string, PermissionRecord> {
  return kind === 'workspace' ? store.workspacePermissions : store.projectPermissions;
}

export function findPermission(
  store: Store,
  kind: PermissionKind,
  user: number,
  target: number,
): PermissionRecord | undefined {
  return permissionMap(store, kind).get(permissionId(kind, user, target));
}

export function addPermission(store: Store, permission: PermissionRecord): void {
  permissionMap(store, permission.kind).set(permission.id, permission);
  const list = store.permissionsByUser.get(permission.user);
  if (list) list.push(permission);
  else store.permissionsByUser.set(permission.user, [permission]);
  store.revision += 1;
}

export function removePermission(store: Store, permission: PermissionRecord): void {
  permissionMap(store, permission.kind).delete(permission.id);
  const list = store.permissionsByUser.get(permission.user);
  const index = list ? list.indexOf(permission) : -1;
  if (list && index >= 0) list.splice(index, 1);
  store.revision += 1;
}

export function permissionsOf(store: Store, user: number, kind: PermissionKind): PermissionRecord[] {
  return (store.permissionsByUser.get(user) ?? []).filter((p) => p.kind === kind);
}

export function addTeamMember(user: UserRecord, project: ProjectRecord): boolean {
  if (project.members.has(user.oid)) return false;
  project.members.add(user.oid);
  user.teams.push(project.oid);
  return true;
}

export function removeTeamMember(user: UserRecord, project: ProjectRecord): boolean {
  if (!project.members.delete(user.oid)) return false;
  const index = user.teams.indexOf(project.oid);
  if (index >= 0) user.teams.splice(index, 1);
  return true;
}

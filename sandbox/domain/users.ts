import { MESSAGES } from '../http/messages.js';
import { WsapiError } from '../http/wsapi-error.js';
import { isSubscriptionAdmin } from '../models/user.js';
import { buildUser, type ProfileInit } from '../store/factories.js';
import { addUser, removeUser, renameUser, type Store, touch } from '../store/store.js';
import type { UserRecord } from '../types/records.js';
import { canManageUser, canManageUsers } from './access.js';
import { coerce, isEmail, type WriteValue } from './coerce.js';
import { grant } from './permissions.js';
import type { WriteEnv, WriteOutcome } from './write-env.js';

function requireEmail(attribute: 'UserName' | 'EmailAddress', value: WriteValue | undefined): string {
  if (value === undefined || value === null || value === '')
    throw new WsapiError([MESSAGES.required('User', attribute)]);
  if (!isEmail(value)) throw new WsapiError([MESSAGES.notEmail('User', attribute)]);
  return value as string;
}

function requireUniqueName(store: Store, userName: string, self?: UserRecord): void {
  const holder = store.usersByName.get(userName.toLowerCase());
  if (holder && holder !== self) throw new WsapiError([MESSAGES.userNameConflict(userName)]);
}

/**
 * KB 138717: the creator's default workspace and project; without one, the first open project
 * alphabetically and its workspace.
 */
function creatorDefaults(store: Store, actor: UserRecord): ProfileInit {
  const profile = store.profiles.get(actor.profile);
  const preferred = profile?.DefaultProject == null ? undefined : store.projects.get(profile.DefaultProject);
  const project =
    preferred?.State === 'Open'
      ? preferred
      : [...store.projects.values()]
          .filter((p) => p.State === 'Open')
          .sort((a, b) => (a.Name < b.Name ? -1 : 1))[0];
  return { workspace: project?.workspace ?? null, project: project?.oid ?? null };
}

/** `POST /user/create`: a new user gets Workspace User and Project Viewer on the creator's defaults. */
export function createUser(env: WriteEnv, input: Record<string, unknown>): WriteOutcome<UserRecord> {
  const { store, models, actor } = env;
  if (!canManageUsers(store, actor)) throw new WsapiError([MESSAGES.forbidden('create', 'User')]);
  const { values, warnings } = coerce(store, models, models.user, input);
  const userName = requireEmail('UserName', values.get('UserName'));
  requireUniqueName(store, userName);
  requireEmail('EmailAddress', values.get('EmailAddress'));
  if (values.has('SubscriptionPermission') && !isSubscriptionAdmin(actor)) {
    throw new WsapiError([MESSAGES.forbidden('set', 'User.SubscriptionPermission')]);
  }
  const defaults = creatorDefaults(store, actor);
  const [user, profile] = buildUser(store, { UserName: userName, created: env.now }, defaults);
  Object.assign(user, Object.fromEntries(values) as Partial<UserRecord>);
  addUser(store, user, profile);
  if (defaults.workspace !== null) grant(store, 'workspace', user.oid, defaults.workspace, 'User', env.now);
  if (defaults.project !== null) grant(store, 'project', user.oid, defaults.project, 'Viewer', env.now);
  return { record: user, warnings };
}

/** Users may edit their own profile fields; Disabled and SubscriptionPermission need an administrator. */
export function updateUser(
  env: WriteEnv,
  user: UserRecord,
  input: Record<string, unknown>,
): WriteOutcome<UserRecord> {
  const { store, models, actor } = env;
  const self = actor === user;
  if (!self && !canManageUser(store, actor, user))
    throw new WsapiError([MESSAGES.forbidden('update', 'User')]);
  const { values, warnings } = coerce(store, models, models.user, input);
  if (values.has('SubscriptionPermission') && !isSubscriptionAdmin(actor)) {
    throw new WsapiError([MESSAGES.forbidden('set', 'User.SubscriptionPermission')]);
  }
  if (values.has('Disabled') && !isSubscriptionAdmin(actor) && (self || !canManageUser(store, actor, user))) {
    throw new WsapiError([MESSAGES.forbidden('set', 'User.Disabled')]);
  }
  if (values.has('UserName'))
    requireUniqueName(store, requireEmail('UserName', values.get('UserName')), user);
  if (values.has('EmailAddress')) requireEmail('EmailAddress', values.get('EmailAddress'));
  const { UserName, ...rest } = Object.fromEntries(values) as Partial<UserRecord>;
  if (UserName !== undefined && UserName !== user.UserName) renameUser(store, user, UserName);
  Object.assign(user, rest);
  touch(store, user);
  return { record: user, warnings };
}

/** `DELETE /user/{oid}`: Subscription Admins only, never themselves (reference: User). */
export function deleteUser(env: WriteEnv, user: UserRecord): void {
  if (!isSubscriptionAdmin(env.actor)) throw new WsapiError([MESSAGES.forbidden('delete', 'User')]);
  if (env.actor === user) throw new WsapiError([MESSAGES.forbidden('delete', 'the authenticated User')]);
  removeUser(env.store, user);
}

import { MESSAGES } from '../http/messages.js';
import { WsapiError } from '../http/wsapi-error.js';
import { parseRef } from '../refs.js';
import { addTeamMember, removeTeamMember, touch } from '../store/store.js';
import type { ProjectRecord, UserRecord } from '../types/records.js';
import { canAdministerWorkspace } from './access.js';
import type { WriteEnv } from './write-env.js';

export type TeamOwner =
  | { readonly kind: 'user'; readonly user: UserRecord }
  | { readonly kind: 'project'; readonly project: ProjectRecord };

/**
 * `POST /user/{oid}/teammemberships/add|remove` (or `/project/{oid}/teammembers/...`) with
 * `{"CollectionItems":[{"_ref":"/project/123"}]}`. All items are checked before anything changes;
 * adding a member twice or removing a non-member is a no-op. Returns the items as given.
 */
export function editTeam(
  env: WriteEnv,
  owner: TeamOwner,
  operation: 'add' | 'remove',
  items: readonly unknown[],
): Array<UserRecord | ProjectRecord> {
  const { store, actor } = env;
  const pairs = items.map((item): [UserRecord, ProjectRecord, UserRecord | ProjectRecord] => {
    const ref = parseRef(item);
    if (owner.kind === 'user') {
      const project = ref?.type === 'project' ? env.models.project.find(store, ref.id) : undefined;
      if (!project) throw new WsapiError([MESSAGES.badCollectionItem(item)]);
      return [owner.user, project, project];
    }
    const user = ref?.type === 'user' ? env.models.user.find(store, ref.id) : undefined;
    if (!user) throw new WsapiError([MESSAGES.badCollectionItem(item)]);
    return [user, owner.project, user];
  });
  for (const [, project] of pairs) {
    if (!canAdministerWorkspace(store, actor, project.workspace)) {
      throw new WsapiError([MESSAGES.forbidden('edit', 'team memberships of Project')]);
    }
  }
  return pairs.map(([user, project, item]) => {
    const changed = operation === 'add' ? addTeamMember(user, project) : removeTeamMember(user, project);
    if (changed) {
      touch(store, user);
      touch(store, project);
    }
    return item;
  });
}

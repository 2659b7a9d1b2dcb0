import { MESSAGES } from '../http/messages.js';
import { WsapiError } from '../http/wsapi-error.js';
import { touch } from '../store/store.js';
import type { ProjectRecord, UserProfileRecord, WorkspaceRecord } from '../types/records.js';
import { canManageUser } from './access.js';
import { coerce } from './coerce.js';
import type { WriteEnv, WriteOutcome } from './write-env.js';

/**
 * `POST /userprofile/{oid}`. Setting only DefaultProject moves DefaultWorkspace to its workspace; a
 * project outside the given workspace is rejected.
 */
export function updateProfile(
  env: WriteEnv,
  profile: UserProfileRecord,
  input: Record<string, unknown>,
): WriteOutcome<UserProfileRecord> {
  const { store, models, actor } = env;
  const owner = store.usersByOid.get(profile.user);
  if (!owner || (owner !== actor && !canManageUser(store, actor, owner))) {
    throw new WsapiError([MESSAGES.forbidden('update', 'UserProfile')]);
  }
  const { values, warnings } = coerce(store, models, models.userProfile, input);
  const { DefaultWorkspace, DefaultProject, ...rest } = Object.fromEntries(values) as {
    DefaultWorkspace?: WorkspaceRecord | null;
    DefaultProject?: ProjectRecord | null;
  } & Partial<UserProfileRecord>;
  let workspace = DefaultWorkspace === undefined ? profile.DefaultWorkspace : (DefaultWorkspace?.oid ?? null);
  const project =
    DefaultProject === undefined ? store.projects.get(profile.DefaultProject ?? -1) : DefaultProject;
  if (DefaultProject && DefaultWorkspace === undefined) workspace = DefaultProject.workspace;
  if (project && project.workspace !== workspace) throw new WsapiError([MESSAGES.projectOutsideWorkspace()]);
  Object.assign(profile, rest, { DefaultWorkspace: workspace, DefaultProject: project?.oid ?? null });
  touch(store, profile);
  return { record: profile, warnings };
}

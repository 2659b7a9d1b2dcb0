import { isSubscriptionAdmin } from './models/user.js';
import type { Runtime } from './runtime.js';
import { permissionsOf } from './store/store.js';
import type { SandboxInspector } from './types/public.js';

/** Read-only views for tests: frozen snapshots, never the live records. Secrets are left out. */
export function createInspector(runtime: Runtime): SandboxInspector {
  return {
    userByUserName(userName) {
      const { store } = runtime.data;
      const user = store.usersByName.get(userName.toLowerCase());
      if (!user) return undefined;
      const { oid, version, created, profile, teams, password: _password, apiKey: _apiKey, ...fields } = user;
      const userProfile = store.profiles.get(profile);
      return Object.freeze({
        ObjectID: oid,
        ObjectVersion: version,
        CreationDate: new Date(created).toISOString(),
        ...fields,
        SubscriptionAdmin: isSubscriptionAdmin(user),
        UserProfile: profile,
        DefaultWorkspace: userProfile?.DefaultWorkspace ?? null,
        DefaultProject: userProfile?.DefaultProject ?? null,
        TeamMemberships: Object.freeze([...teams]),
      });
    },
    projectPermissions: (userOid) =>
      permissionsOf(runtime.data.store, userOid, 'project').map((p) => ({ project: p.target, role: p.Role })),
    workspacePermissions: (userOid) =>
      permissionsOf(runtime.data.store, userOid, 'workspace').map((p) => ({
        workspace: p.target,
        role: p.Role,
      })),
    users: () => runtime.data.store.users.length,
  };
}

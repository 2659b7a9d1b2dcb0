import type { UserProfileRecord } from '../types/records.js';
import { refField, scalarField } from './field.js';
import { byOid, defineModel, type TypeModel } from './model.js';
import { userDisplayName } from './user.js';

/** Default workspace and project live on the profile (reference: User, `POST /userprofile/{oid}`). */
export function createUserProfileModel(): TypeModel<UserProfileRecord> {
  return defineModel<UserProfileRecord>({
    name: 'UserProfile',
    nameOf: (r, s) => {
      const user = s.usersByOid.get(r.user);
      return user ? userDisplayName(user) : null;
    },
    all: (s) => [...s.profiles.values()],
    find: (s, id) => byOid(s.profiles, id),
    fields: [
      scalarField<UserProfileRecord>('DateFormat', 'string', (r) => r.DateFormat),
      scalarField<UserProfileRecord>('DateTimeFormat', 'string', (r) => r.DateTimeFormat),
      refField<UserProfileRecord>('DefaultProject', 'Project', (r, s) =>
        r.DefaultProject === null ? undefined : s.projects.get(r.DefaultProject),
      ),
      refField<UserProfileRecord>('DefaultWorkspace', 'Workspace', (r, s) =>
        r.DefaultWorkspace === null ? undefined : s.workspaces.get(r.DefaultWorkspace),
      ),
      scalarField<UserProfileRecord>(
        'EmailNotificationEnabled',
        'boolean',
        (r) => r.EmailNotificationEnabled,
      ),
      scalarField<UserProfileRecord>('TimeZone', 'string', (r) => r.TimeZone),
      refField<UserProfileRecord>('User', 'User', (r, s) => s.usersByOid.get(r.user), { readOnly: true }),
    ],
  });
}

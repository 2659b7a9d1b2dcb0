import { permissionsOf, type Store } from '../store/store.js';
import type { UserRecord } from '../types/records.js';
import { collectionField, type FieldOptions, refField, scalarField } from './field.js';
import { byOid, defineModel, type TypeModel } from './model.js';

type TextField =
  | 'UserName'
  | 'EmailAddress'
  | 'FirstName'
  | 'MiddleName'
  | 'LastName'
  | 'DisplayName'
  | 'ShortDisplayName'
  | 'Department'
  | 'CostCenter'
  | 'OfficeLocation'
  | 'Role'
  | 'Phone'
  | 'NetworkID'
  | 'OnpremLdapUsername'
  | 'SubscriptionPermission'
  | 'LandingPage';

const text = (name: TextField, options: FieldOptions = {}) =>
  scalarField<UserRecord>(name, 'string', (r) => r[name], options);
const dropdown = (name: TextField, displayName: string) => text(name, { constrained: true, displayName });

export function isSubscriptionAdmin(user: UserRecord): boolean {
  return user.SubscriptionPermission === 'Subscription Admin';
}

/** `_refObjectName` of a user: DisplayName, else "First Last", else UserName. */
export function userDisplayName(user: UserRecord): string {
  if (user.DisplayName) return user.DisplayName;
  const full = [user.FirstName, user.LastName].filter(Boolean).join(' ');
  return full || user.UserName;
}

/** Read-only summary across workspaces (documented choice: the highest role the user holds). */
function workspacePermissionSummary(user: UserRecord, store: Store): string {
  const roles = permissionsOf(store, user.oid, 'workspace').map((p) => p.Role);
  if (roles.includes('Admin')) return 'Workspace Admin';
  return roles.length > 0 ? 'Workspace User' : 'No Access';
}

export function createUserModel(): TypeModel<UserRecord> {
  return defineModel<UserRecord>({
    name: 'User',
    nameOf: userDisplayName,
    all: (s) => s.users,
    find: (s, id) => byOid(s.usersByOid, id),
    fields: [
      dropdown('CostCenter', 'Cost Center'),
      dropdown('Department', 'Department'),
      scalarField<UserRecord>('Disabled', 'boolean', (r) => r.Disabled),
      text('DisplayName'),
      text('EmailAddress', { required: true, caseInsensitive: true, displayName: 'Email Address' }),
      text('FirstName'),
      text('LandingPage'),
      scalarField<UserRecord>('LastLoginDate', 'date', (r) => r.LastLoginDate, { readOnly: true }),
      text('LastName'),
      scalarField<UserRecord>('LastPasswordUpdateDate', 'date', (r) => r.LastPasswordUpdateDate, {
        readOnly: true,
      }),
      text('MiddleName'),
      text('NetworkID', { displayName: 'Network ID' }),
      dropdown('OfficeLocation', 'Office Location'),
      text('OnpremLdapUsername', { displayName: 'On-prem LDAP Username' }),
      text('Phone'),
      dropdown('Role', 'Role'),
      text('ShortDisplayName'),
      scalarField<UserRecord>('SubscriptionAdmin', 'boolean', isSubscriptionAdmin, { readOnly: true }),
      text('SubscriptionPermission', { constrained: true }),
      text('UserName', { required: true, caseInsensitive: true, displayName: 'User Name' }),
      scalarField<UserRecord>('WorkspacePermission', 'string', workspacePermissionSummary, {
        readOnly: true,
      }),
      scalarField<UserRecord>('Deleted', 'boolean', () => false, { readOnly: true }),
      refField<UserRecord>('Subscription', 'Subscription', (_r, s) => s.subscription, { readOnly: true }),
      collectionField<UserRecord>('TeamMemberships', 'Project', (r, s) =>
        r.teams.flatMap((oid) => s.projects.get(oid) ?? []),
      ),
      collectionField<UserRecord>(
        'UserPermissions',
        'UserPermission',
        (r, s) => s.permissionsByUser.get(r.oid) ?? [],
      ),
      refField<UserRecord>('UserProfile', 'UserProfile', (r, s) => s.profiles.get(r.profile), {
        readOnly: true,
        displayName: 'User Profile',
      }),
    ],
  });
}

import type { PermissionKind, PermissionRecord, UserProfileRecord, UserRecord } from '../types/records.js';
import { permissionId, type Store } from './store.js';

type UserFields = Omit<UserRecord, 'oid' | 'version' | 'created' | 'profile' | 'teams'>;

export interface UserInit extends Partial<UserFields> {
  UserName: string;
  created: number;
}

export interface ProfileInit {
  workspace: number | null;
  project: number | null;
}

/** A new user and its profile with Rally's defaults: dropdowns "None", a plain Subscription User. */
export function buildUser(
  store: Store,
  init: UserInit,
  defaults: ProfileInit,
): [UserRecord, UserProfileRecord] {
  const oid = store.oids.next();
  const profileOid = store.oids.next();
  const user: UserRecord = {
    oid,
    version: 0,
    created: init.created,
    UserName: init.UserName,
    EmailAddress: init.EmailAddress ?? null,
    FirstName: init.FirstName ?? null,
    MiddleName: init.MiddleName ?? null,
    LastName: init.LastName ?? null,
    DisplayName: init.DisplayName ?? null,
    ShortDisplayName: init.ShortDisplayName ?? null,
    Disabled: init.Disabled ?? false,
    Department: init.Department ?? 'None',
    CostCenter: init.CostCenter ?? 'None',
    OfficeLocation: init.OfficeLocation ?? 'None',
    Role: init.Role ?? 'None',
    Phone: init.Phone ?? null,
    NetworkID: init.NetworkID ?? null,
    OnpremLdapUsername: init.OnpremLdapUsername ?? null,
    SubscriptionPermission: init.SubscriptionPermission ?? 'Subscription User',
    LandingPage: init.LandingPage ?? '/dashboard',
    LastLoginDate: init.LastLoginDate ?? null,
    LastPasswordUpdateDate: init.LastPasswordUpdateDate ?? null,
    profile: profileOid,
    teams: [],
    password: init.password ?? null,
    apiKey: init.apiKey ?? null,
  };
  const profile: UserProfileRecord = {
    oid: profileOid,
    version: 0,
    created: init.created,
    user: oid,
    DefaultWorkspace: defaults.workspace,
    DefaultProject: defaults.project,
    TimeZone: 'America/Denver',
    DateFormat: 'MM/dd/yyyy',
    DateTimeFormat: 'MM/dd/yyyy hh:mm:ss a',
    EmailNotificationEnabled: true,
  };
  return [user, profile];
}

export function buildPermission(
  store: Store,
  kind: PermissionKind,
  user: number,
  target: number,
  role: string,
  created: number,
): PermissionRecord {
  return {
    oid: store.oids.next(),
    version: 0,
    created,
    id: permissionId(kind, user, target),
    kind,
    user,
    target,
    Role: role,
  };
}

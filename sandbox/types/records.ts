/** Internal records. Kept flat and small: 20,000 users must stay cheap (see docs/sandbox.md). */

export type TypeName =
  | 'Subscription'
  | 'Workspace'
  | 'Project'
  | 'User'
  | 'UserProfile'
  | 'WorkspacePermission'
  | 'ProjectPermission'
  | 'TypeDefinition'
  | 'AttributeDefinition'
  | 'AllowedAttributeValue'
  | 'UserPermission';

/** Every record: `oid` is the ObjectID (internal sort key for permissions), `created` is epoch ms. */
export interface Meta {
  readonly oid: number;
  version: number;
  readonly created: number;
}

export interface SubscriptionRecord extends Meta {
  Name: string;
  readonly SubscriptionID: number;
  readonly SubscriptionType: string;
  readonly State: string;
  /** KB 57526 / KB 370500: Workspace Admins may manage users only when the subscription allows it. */
  WorkspaceAdminsCanManageUsers: boolean;
}

export interface WorkspaceRecord extends Meta {
  Name: string;
  Description: string;
  State: 'Open' | 'Closed';
  owner: number;
}

export interface ProjectRecord extends Meta {
  Name: string;
  Description: string;
  State: 'Open' | 'Closed';
  readonly workspace: number;
  parent: number | null;
  owner: number;
  readonly members: Set<number>;
}

export type SubscriptionPermission = 'Subscription Admin' | 'Subscription User';

export interface UserRecord extends Meta {
  UserName: string;
  EmailAddress: string | null;
  FirstName: string | null;
  MiddleName: string | null;
  LastName: string | null;
  DisplayName: string | null;
  ShortDisplayName: string | null;
  Disabled: boolean;
  Department: string;
  CostCenter: string;
  OfficeLocation: string;
  Role: string;
  Phone: string | null;
  NetworkID: string | null;
  OnpremLdapUsername: string | null;
  SubscriptionPermission: SubscriptionPermission;
  LandingPage: string;
  LastLoginDate: number | null;
  LastPasswordUpdateDate: number | null;
  readonly profile: number;
  /** Project ObjectIDs of the user's team memberships (mirrored in ProjectRecord.members). */
  readonly teams: number[];
  readonly password: string | null;
  readonly apiKey: string | null;
}

export interface UserProfileRecord extends Meta {
  readonly user: number;
  DefaultWorkspace: number | null;
  DefaultProject: number | null;
  TimeZone: string;
  DateFormat: string;
  DateTimeFormat: string;
  EmailNotificationEnabled: boolean;
}

export type PermissionKind = 'workspace' | 'project';

/** `id` is the public string id (`<target>u<user>w1` / `p1`); `oid` only orders and seeds the UUID. */
export interface PermissionRecord extends Meta {
  readonly id: string;
  readonly kind: PermissionKind;
  readonly user: number;
  readonly target: number;
  Role: string;
}

export interface TypeDefRecord extends Meta {
  readonly ElementName: TypeName;
  readonly Name: string;
  readonly TypePath: string;
  readonly Creatable: boolean;
  readonly attributes: number[];
}

export interface AttrDefRecord extends Meta {
  readonly typeDef: number;
  readonly ElementName: string;
  readonly Name: string;
  readonly AttributeType: string;
  readonly Constrained: boolean;
  readonly ReadOnly: boolean;
  readonly Required: boolean;
  readonly Custom: boolean;
  readonly Hidden: boolean;
  readonly allowed: number[];
}

export interface AllowedValueRecord extends Meta {
  readonly attr: number;
  readonly StringValue: string;
}

export interface Session {
  readonly id: string;
  readonly user: number;
  readonly token: string;
}

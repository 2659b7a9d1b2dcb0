/** Rally objects as this client reads them. Fields are optional where real records can lack them. */
export interface RallyRef {
  readonly _ref: string;
  readonly _refObjectName?: string;
  readonly _type?: string;
}

export interface RallyUser {
  readonly _ref: string;
  readonly _objectVersion?: string;
  readonly ObjectID: number;
  readonly ObjectUUID?: string;
  readonly UserName: string;
  readonly EmailAddress?: string | null;
  readonly FirstName?: string | null;
  readonly MiddleName?: string | null;
  readonly LastName?: string | null;
  readonly DisplayName?: string | null;
  readonly Disabled?: boolean;
  readonly Department?: string | null;
  readonly CostCenter?: string | null;
  readonly OfficeLocation?: string | null;
  readonly Role?: string | null;
  readonly Phone?: string | null;
  readonly NetworkID?: string | null;
  readonly SubscriptionAdmin?: boolean;
  readonly SubscriptionPermission?: string | null;
  readonly CreationDate?: string;
  readonly LastUpdateDate?: string;
}

/** Writable user fields, named as Rally names them. */
export type RallyUserWrite = Partial<
  Pick<
    RallyUser,
    | 'UserName'
    | 'EmailAddress'
    | 'FirstName'
    | 'MiddleName'
    | 'LastName'
    | 'DisplayName'
    | 'Disabled'
    | 'Department'
    | 'CostCenter'
    | 'OfficeLocation'
    | 'Role'
    | 'Phone'
    | 'NetworkID'
  >
>;

export const USER_FETCH = [
  'ObjectID',
  'ObjectUUID',
  'UserName',
  'EmailAddress',
  'FirstName',
  'MiddleName',
  'LastName',
  'DisplayName',
  'Disabled',
  'Department',
  'CostCenter',
  'OfficeLocation',
  'Role',
  'Phone',
  'NetworkID',
  'SubscriptionAdmin',
  'SubscriptionPermission',
  'CreationDate',
  'LastUpdateDate',
].join(',');

export interface RallySubscription {
  readonly ObjectID: number;
  readonly Name: string;
  readonly SubscriptionID?: number;
  /** Whether Workspace Admins may add and manage users (KB 57526); absent where Rally does not say. */
  readonly WorkspaceAdminsCanManageUsers?: boolean;
}

export interface RallyWorkspace {
  readonly _ref: string;
  readonly ObjectID: number;
  readonly Name: string;
  readonly State?: string;
}

export interface RallyProject {
  readonly _ref: string;
  readonly ObjectID: number;
  readonly Name: string;
  readonly State?: string;
  readonly Workspace?: RallyRef | null;
  readonly Parent?: RallyRef | null;
}

export type WorkspaceRole = 'Admin' | 'User';
/** `Project Admin` on write reads back as `Admin`. */
export type ProjectRole = 'Viewer' | 'Editor' | 'Project Admin' | 'Admin';

export interface RallyPermission {
  readonly _ref: string;
  readonly Role: string;
  readonly User?: RallyRef;
  readonly Workspace?: RallyRef;
  readonly Project?: RallyRef;
}

export interface RallyAttribute {
  readonly elementName: string;
  readonly name: string;
  readonly type: string;
  readonly constrained: boolean;
  readonly readOnly: boolean;
  readonly required: boolean;
  /** For constrained (dropdown) attributes: the subscription's allowed values. */
  readonly allowedValues?: readonly string[];
}

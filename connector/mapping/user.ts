import { z } from 'zod';
import type { RallyUser, RallyUserWrite } from '../rally/index.js';

/**
 * The one user model both front doors share (Workflows connector API and SCIM): flat and
 * card-friendly. `id` is the Rally ObjectID as a string. See docs/user-mapping.md.
 */
export interface User {
  id: string;
  userName: string;
  email: string | null;
  firstName: string | null;
  lastName: string | null;
  middleName: string | null;
  displayName: string | null;
  active: boolean;
  department: string | null;
  costCenter: string | null;
  officeLocation: string | null;
  phone: string | null;
  role: string | null;
  networkId: string | null;
  subscriptionAdmin: boolean;
  createdAt: string | null;
  /** Rally's `_objectVersion`: changes on every update (SCIM `meta.version`). */
  version: string | null;
}

/** Rally's four subscription-defined dropdown fields, by our name and Rally's. */
export const DROPDOWN_FIELDS = {
  department: 'Department',
  costCenter: 'CostCenter',
  officeLocation: 'OfficeLocation',
  role: 'Role',
} as const;
export type DropdownField = keyof typeof DROPDOWN_FIELDS;

/** Rally requires UserName in email format (it need not be a real mailbox). */
export const USERNAME_FORMAT = z.string().email();

const text = (max: number) => z.string().trim().max(max);
const optionalText = (max: number) => text(max).nullable().optional();

/** Writable fields and their checks; `userName` format is checked separately (own error code). */
export const userWritableShape = {
  userName: z.string().trim().min(1).max(128),
  email: z.string().trim().email().max(128),
  firstName: optionalText(80),
  lastName: optionalText(80),
  middleName: optionalText(80),
  displayName: optionalText(256),
  active: z.boolean().optional(),
  department: optionalText(256),
  costCenter: optionalText(256),
  officeLocation: optionalText(256),
  phone: optionalText(64),
  role: optionalText(256),
  networkId: optionalText(256),
};

export const UserCreateSchema = z.object(userWritableShape).strict();
export const UserPatchSchema = z
  .object({
    ...userWritableShape,
    email: userWritableShape.email.optional(),
    userName: userWritableShape.userName.optional(),
  })
  .strict();
export type UserCreate = z.infer<typeof UserCreateSchema>;
export type UserPatch = z.infer<typeof UserPatchSchema>;

const WRITE_MAP: ReadonlyArray<readonly [keyof UserPatch, keyof RallyUserWrite]> = [
  ['userName', 'UserName'],
  ['email', 'EmailAddress'],
  ['firstName', 'FirstName'],
  ['lastName', 'LastName'],
  ['middleName', 'MiddleName'],
  ['displayName', 'DisplayName'],
  ['department', 'Department'],
  ['costCenter', 'CostCenter'],
  ['officeLocation', 'OfficeLocation'],
  ['phone', 'Phone'],
  ['role', 'Role'],
  ['networkId', 'NetworkID'],
];

/** Our field names → Rally's, for fields present in the patch only (absent = untouched). */
export function toRallyWrite(patch: UserPatch): RallyUserWrite {
  const out: Record<string, unknown> = {};
  const dropdowns = new Set<string>(Object.values(DROPDOWN_FIELDS));
  for (const [ours, rally] of WRITE_MAP) {
    const v = patch[ours];
    if (v === undefined) continue;
    const empty = v === '' || v === null;
    // Clearing a dropdown means setting Rally's own "None"; other fields take null.
    out[rally] = empty ? (dropdowns.has(rally) ? 'None' : null) : v;
  }
  if (patch.active !== undefined) out.Disabled = !patch.active;
  return out as RallyUserWrite;
}

/** Never throws: an odd Rally record maps to what it has, so one record cannot fail a page. */
export function fromRally(u: RallyUser): User {
  return {
    id: String(u.ObjectID),
    userName: typeof u.UserName === 'string' ? u.UserName : '',
    email: str(u.EmailAddress),
    firstName: str(u.FirstName),
    lastName: str(u.LastName),
    middleName: str(u.MiddleName),
    displayName: str(u.DisplayName),
    active: u.Disabled !== true,
    department: dropdown(u.Department),
    costCenter: dropdown(u.CostCenter),
    officeLocation: dropdown(u.OfficeLocation),
    phone: str(u.Phone),
    role: dropdown(u.Role),
    networkId: str(u.NetworkID),
    subscriptionAdmin: u.SubscriptionAdmin === true,
    createdAt: str(u.CreationDate),
    version: str(u._objectVersion),
  };
}

function str(v: unknown): string | null {
  return typeof v === 'string' && v !== '' ? v : null;
}

// Rally's dropdowns default to "None": that is Rally's way of saying no value.
function dropdown(v: unknown): string | null {
  const s = str(v);
  return s === 'None' ? null : s;
}

import type { z } from 'zod';
import {
  DROPDOWN_FIELDS,
  UserCreateSchema,
  UserPatchSchema,
  type DropdownField,
  type User,
} from '../mapping/user.js';
import type { RallyAttribute } from '../rally/index.js';
import type { UserSchemaDoc } from '../schemas/meta.js';
import { UserSchema } from '../schemas/user.js';
import { dropdownValues } from './dropdowns.js';

export type UserSchemaDocument = z.infer<typeof UserSchemaDoc>;

/** Rally's attribute behind each of our fields (`active` is Rally's Disabled, inverted). */
const RALLY_NAMES: Readonly<Record<keyof User, string | null>> = {
  id: 'ObjectID',
  userName: 'UserName',
  email: 'EmailAddress',
  firstName: 'FirstName',
  lastName: 'LastName',
  middleName: 'MiddleName',
  displayName: 'DisplayName',
  active: 'Disabled',
  department: 'Department',
  costCenter: 'CostCenter',
  officeLocation: 'OfficeLocation',
  phone: 'Phone',
  role: 'Role',
  networkId: 'NetworkID',
  subscriptionAdmin: 'SubscriptionAdmin',
  createdAt: 'CreationDate',
  version: null,
};

/**
 * The user fields as Okta's "Import User Schema" and Workflows dynamic dropdowns want them,
 * with the subscription's allowed values read from Rally's type definitions (KB 57584).
 */
export function userSchema(attributes: readonly RallyAttribute[]): UserSchemaDocument {
  const allowed = dropdownValues(attributes);
  const writable = new Set(Object.keys(UserPatchSchema.shape));
  const required = new Set(Object.keys(UserCreateSchema.shape).filter((k) => !isOptional(k)));
  return {
    attributes: (Object.keys(UserSchema.shape) as Array<keyof User>).map((name) => {
      const rallyName = RALLY_NAMES[name];
      const attr = attributes.find((a) => a.elementName === rallyName);
      const dropdown = name in DROPDOWN_FIELDS ? name : undefined;
      return {
        name,
        rallyName,
        label: name === 'active' ? 'Active' : (attr?.name ?? humanize(name)),
        type: name === 'active' || name === 'subscriptionAdmin' ? 'boolean' : 'string',
        writable: writable.has(name) && attr?.readOnly !== true,
        required: required.has(name),
        allowedValues: dropdown ? [...(allowed.get(dropdown as DropdownField) ?? [])] : null,
      };
    }),
  };
}

function isOptional(key: string): boolean {
  const field = (UserCreateSchema.shape as Record<string, z.ZodType>)[key];
  return field === undefined || field.safeParse(undefined).success;
}

const humanize = (name: string): string =>
  name.replace(/([a-z])([A-Z])/g, '$1 $2').replace(/^./, (c) => c.toUpperCase());

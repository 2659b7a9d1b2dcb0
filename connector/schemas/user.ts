import { z } from 'zod';
import { UserCreateSchema, UserPatchSchema, type User } from '../mapping/user.js';
import { cursorParam, pageLimit, userObjectId } from './paging.js';

/** What each user field means, for OpenAPI, the card catalogue and the guide. */
export const USER_FIELD_DOCS = {
  id: 'Rally ObjectID of the user, as a string.',
  userName: 'Rally username, in email format (it need not be a real mailbox). Unique across all of Rally.',
  email: 'Email address.',
  firstName: 'First name.',
  lastName: 'Last name.',
  middleName: 'Middle name.',
  displayName: 'Display name.',
  active: 'false when the user is deactivated in Rally (Disabled), true otherwise.',
  department: 'Department: one of the subscription’s allowed values (GET /schema/users).',
  costCenter: 'Cost center: one of the subscription’s allowed values (GET /schema/users).',
  officeLocation: 'Office location: one of the subscription’s allowed values (GET /schema/users).',
  phone: 'Phone number.',
  role: 'Rally role: one of the subscription’s allowed values (GET /schema/users).',
  networkId: 'Network ID.',
  subscriptionAdmin: 'Whether the user is a Rally Subscription Administrator (read-only).',
  createdAt: 'When the user was created in Rally (ISO 8601, read-only).',
  version: 'Rally object version; changes on every update (read-only).',
} as const satisfies Record<keyof User, string>;

const text = (field: keyof User) => z.string().nullable().describe(USER_FIELD_DOCS[field]);

export const UserSchema = z
  .object({
    id: z.string().describe(USER_FIELD_DOCS.id),
    userName: z.string().describe(USER_FIELD_DOCS.userName),
    email: text('email'),
    firstName: text('firstName'),
    lastName: text('lastName'),
    middleName: text('middleName'),
    displayName: text('displayName'),
    active: z.boolean().describe(USER_FIELD_DOCS.active),
    department: text('department'),
    costCenter: text('costCenter'),
    officeLocation: text('officeLocation'),
    phone: text('phone'),
    role: text('role'),
    networkId: text('networkId'),
    subscriptionAdmin: z.boolean().describe(USER_FIELD_DOCS.subscriptionAdmin),
    createdAt: text('createdAt'),
    version: text('version'),
  })
  .meta({ id: 'User', description: 'A Rally user, flat and card-friendly.' });

// The wire schema and the shared mapping type must never drift apart.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const userSchemaMatchesUser: Same<z.infer<typeof UserSchema>, User> = true;
void userSchemaMatchesUser;

/** The shared create/patch schemas (connector/mapping/user.ts), with each field documented. */
function documented<S extends z.ZodRawShape>(shape: S): S {
  const out: Record<string, z.ZodType> = {};
  for (const [name, schema] of Object.entries(shape)) {
    const doc = (USER_FIELD_DOCS as Record<string, string>)[name];
    out[name] = doc ? (schema as z.ZodType).describe(doc) : (schema as z.ZodType);
  }
  return out as unknown as S;
}

export const UserCreateBody = z.object(documented(UserCreateSchema.shape)).strict().meta({
  id: 'UserCreate',
  description: 'A new user. userName and email are required; leave out what you do not set.',
});

export const UserPatchBody = z.object(documented(UserPatchSchema.shape)).strict().meta({
  id: 'UserPatch',
  description: 'Fields to change; fields left out are untouched. null or "" clears a field.',
});

export const UserIdParams = z.object({
  id: userObjectId('Rally ObjectID of the user (the `id` returned by Create User or Find Users).'),
});

export const ListUsersQuery = z
  .object({
    limit: pageLimit('Users', 100),
    cursor: cursorParam('nextCursor of the previous page; leave out for the first page.'),
    userName: z
      .string()
      .min(1)
      .max(256)
      .optional()
      .describe('Only the user with this userName (case-insensitive).'),
    email: z.string().min(1).max(256).optional().describe('Only users with exactly this email address.'),
    active: z
      .enum(['true', 'false'])
      .optional()
      .describe('true: active users only; false: deactivated users only.'),
  })
  .strict();

export const UserListSchema = z
  .object({
    users: z.array(UserSchema).describe('This page of users, in Rally ObjectID order.'),
    nextCursor: z
      .string()
      .nullable()
      .describe('Pass as `cursor` to get the next page; null on the last page.'),
    total: z.number().int().min(0).describe('Users matching the filters, over all pages.'),
  })
  .meta({ id: 'UserList' });

import type { z } from 'zod';
import type { ConnectorErrorCode } from './errors.js';
import {
  GroupListSchema,
  GroupParams,
  ListGroupsQuery,
  ListMembersQuery,
  MemberListSchema,
  MemberParams,
  MembershipBody,
  MembershipSchema,
} from './schemas/group.js';
import {
  EntitlementListSchema,
  ListEntitlementsQuery,
  UserWithEntitlementsSchema,
} from './schemas/entitlement.js';
import { PingSchema, UserSchemaDoc } from './schemas/meta.js';
import {
  ListUsersQuery,
  UserCreateBody,
  UserIdParams,
  UserListSchema,
  UserPatchBody,
  UserSchema,
} from './schemas/user.js';

export type HttpMethod = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

/**
 * One row of the connector's route table. The same schemas validate requests (server routes),
 * describe them (OpenAPI) and give the cards their inputs and outputs (connector/cards).
 */
export interface Endpoint {
  readonly id: string;
  readonly method: HttpMethod;
  /** Below /connector/v1, with `{name}` path parameters. */
  readonly path: string;
  readonly summary: string;
  readonly description: string;
  readonly params?: z.ZodObject;
  readonly query?: z.ZodObject;
  readonly body?: z.ZodObject;
  /** Undefined for 204 No Content. */
  readonly response?: z.ZodType;
  readonly status: 200 | 201 | 204;
  /** Failures particular to this endpoint; every endpoint can also answer COMMON_ERRORS. */
  readonly errors: readonly ConnectorErrorCode[];
}

/** What any authenticated endpoint may answer besides its own errors. */
export const COMMON_ERRORS: readonly ConnectorErrorCode[] = [
  'INVALID_CREDENTIALS',
  'INSUFFICIENT_PERMISSIONS',
  'VALIDATION_FAILED',
  'RATE_LIMITED',
  'RALLY_UNAVAILABLE',
  'RALLY_TIMEOUT',
];

const define = <const E extends Endpoint>(e: E): E => e;

export const endpoints = {
  ping: define({
    id: 'ping',
    method: 'GET',
    path: '/ping',
    summary: 'Check the connection’s Rally credential',
    description:
      'Answers 200 only when the credential is valid and may create users (Subscription Admin, or a Workspace Admin the subscription lets manage users). Basic credentials are also checked for the write path (Rally security token). Used by the `_authping` flow.',
    response: PingSchema,
    status: 200,
    errors: [],
  }),
  listUsers: define({
    id: 'listUsers',
    method: 'GET',
    path: '/users',
    summary: 'Find users',
    description:
      'Pages through Rally users in ObjectID order. Follow `nextCursor` until it is null. Filters are exact; userName ignores case.',
    query: ListUsersQuery,
    response: UserListSchema,
    status: 200,
    errors: ['INVALID_CURSOR'],
  }),
  getUser: define({
    id: 'getUser',
    method: 'GET',
    path: '/users/{id}',
    summary: 'Get a user by id',
    description:
      'Reads one user from Rally, with the project and workspace roles it holds now (`entitlements`, as in List Entitlements).',
    params: UserIdParams,
    response: UserWithEntitlementsSchema,
    status: 200,
    errors: ['USER_NOT_FOUND'],
  }),
  createUser: define({
    id: 'createUser',
    method: 'POST',
    path: '/users',
    summary: 'Create a user',
    description:
      'Creates a Rally user. A userName Rally already has answers 409 USER_EXISTS with `error.existingId`, so a flow can link instead of create.',
    body: UserCreateBody,
    response: UserSchema,
    status: 201,
    errors: ['INVALID_USERNAME', 'USER_EXISTS'],
  }),
  updateUser: define({
    id: 'updateUser',
    method: 'PATCH',
    path: '/users/{id}',
    summary: 'Update a user',
    description:
      'Changes only the fields sent. `active: false` deactivates the user in Rally (Disabled), `active: true` reactivates.',
    params: UserIdParams,
    body: UserPatchBody,
    response: UserSchema,
    status: 200,
    errors: ['USER_NOT_FOUND', 'INVALID_USERNAME', 'USER_EXISTS'],
  }),
  userSchema: define({
    id: 'userSchema',
    method: 'GET',
    path: '/schema/users',
    summary: 'User fields and allowed values',
    description:
      'Every user field with its type, whether it is writable, and the subscription’s allowed values for Rally’s dropdown fields (Department, CostCenter, OfficeLocation, Role). Feeds dynamic dropdowns.',
    response: UserSchemaDoc,
    status: 200,
    errors: [],
  }),
  listGroups: define({
    id: 'listGroups',
    method: 'GET',
    path: '/groups',
    summary: 'List groups (workspaces and projects)',
    description: 'Rally workspaces and projects, which are the groups. Follow `nextCursor` until it is null.',
    query: ListGroupsQuery,
    response: GroupListSchema,
    status: 200,
    errors: ['INVALID_CURSOR'],
  }),
  listMembers: define({
    id: 'listMembers',
    method: 'GET',
    path: '/groups/{id}/members',
    summary: 'List group members',
    description: 'Users with a permission on the workspace or project, and their role.',
    params: GroupParams,
    query: ListMembersQuery,
    response: MemberListSchema,
    status: 200,
    errors: ['GROUP_NOT_FOUND', 'INVALID_CURSOR'],
  }),
  addMember: define({
    id: 'addMember',
    method: 'PUT',
    path: '/groups/{id}/members/{userId}',
    summary: 'Add a user to a group',
    description:
      'Grants the role on the project (Viewer, Editor, Project Admin) or workspace (User, Admin). Idempotent: granting again sets the role.',
    params: MemberParams,
    body: MembershipBody,
    response: MembershipSchema,
    status: 200,
    errors: ['GROUP_NOT_FOUND', 'USER_NOT_FOUND'],
  }),
  removeMember: define({
    id: 'removeMember',
    method: 'DELETE',
    path: '/groups/{id}/members/{userId}',
    summary: 'Remove a user from a group',
    description:
      'Revokes the user’s permission on the project or workspace (removing a workspace also removes its projects). Idempotent.',
    params: MemberParams,
    status: 204,
    errors: ['GROUP_NOT_FOUND', 'USER_NOT_FOUND', 'CONFLICT'],
  }),
  listEntitlements: define({
    id: 'listEntitlements',
    method: 'GET',
    path: '/entitlements',
    summary: 'List entitlements (project and workspace roles)',
    description:
      'Every grantable Rally role: one per (project, Viewer | Editor | Project Admin) and one per (workspace, User | Admin), with stable ids, the same list SCIM serves Okta Identity Governance. Grant one with Add Group Member. Follow `nextCursor` until it is null.',
    query: ListEntitlementsQuery,
    response: EntitlementListSchema,
    status: 200,
    errors: ['INVALID_CURSOR'],
  }),
} as const;

export type EndpointId = keyof typeof endpoints;

/** `/users/{id}` → `/users/:id` for Express. */
export const expressPath = (path: string): string => path.replace(/\{(\w+)\}/g, ':$1');

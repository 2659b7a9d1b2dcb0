import { z } from 'zod';
import { cursorParam, pageLimit } from './paging.js';
import { UserSchema } from './user.js';

export const EntitlementSchema = z
  .object({
    id: z
      .string()
      .describe(
        'Stable id: "project:<ObjectID>:Viewer|Editor|ProjectAdmin" or "workspace:<ObjectID>:User|Admin".',
      ),
    type: z.enum(['ProjectRole', 'WorkspaceRole']).describe('A role on a Rally project or on a workspace.'),
    displayName: z.string().describe('For an auditor, e.g. "Acme Engineering / Platform — Editor".'),
    description: z.string().describe('What the role allows; says when the project is closed.'),
  })
  .meta({ id: 'Entitlement', description: 'A grantable Rally role on a project or workspace.' });

export const ListEntitlementsQuery = z
  .object({
    limit: pageLimit('Entitlements', 100),
    cursor: cursorParam('nextCursor of the previous page.'),
    type: z
      .enum(['ProjectRole', 'WorkspaceRole'])
      .optional()
      .describe('Only project roles, or only workspace roles.'),
  })
  .strict();

export const EntitlementListSchema = z
  .object({
    entitlements: z
      .array(EntitlementSchema)
      .describe('This page: per workspace, its workspace roles, then its projects’ roles.'),
    nextCursor: z
      .string()
      .nullable()
      .describe('Pass as `cursor` to get the next page; null on the last page.'),
  })
  .meta({ id: 'EntitlementList' });

/** Get User's answer: the user and the Rally roles it holds now. */
export const UserWithEntitlementsSchema = UserSchema.extend({
  entitlements: z
    .array(EntitlementSchema)
    .describe('The project and workspace roles the user holds now, read from Rally’s permissions.'),
}).meta({ id: 'UserWithEntitlements', description: 'A Rally user and its project and workspace roles.' });

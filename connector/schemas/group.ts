import { z } from 'zod';
import { cursorParam, pageLimit, userObjectId } from './paging.js';

export const PROJECT_ROLES = ['Viewer', 'Editor', 'Project Admin'] as const;
export const WORKSPACE_ROLES = ['User', 'Admin'] as const;
export type GroupType = 'workspace' | 'project';

const GROUP_ID = /^(workspace|project):(\d{1,15})$/;

/** `project:123` → its type and Rally ObjectID; undefined when it is not a group id. */
export function parseGroupId(id: string): { type: GroupType; objectId: number } | undefined {
  const m = GROUP_ID.exec(id);
  return m ? { type: m[1] as GroupType, objectId: Number(m[2]) } : undefined;
}

export const groupId = (type: GroupType, objectId: number): string => `${type}:${objectId}`;

const groupIdField = z
  .string()
  .regex(GROUP_ID, 'must be a group id such as "project:123" or "workspace:45" (from List Groups)');

export const GroupSchema = z
  .object({
    id: z.string().describe('Group id: "workspace:<ObjectID>" or "project:<ObjectID>".'),
    type: z.enum(['workspace', 'project']).describe('A Rally workspace or a Rally project.'),
    name: z.string().describe('Name of the workspace or project.'),
    workspaceId: z
      .string()
      .nullable()
      .describe('For a project, the id of its workspace; null for a workspace.'),
    parentId: z
      .string()
      .nullable()
      .describe('For a sub-project, the id of its parent project; otherwise null.'),
    state: z.string().nullable().describe('Open or Closed.'),
  })
  .meta({ id: 'Group', description: 'A Rally workspace or project, which Okta sees as a group.' });

export const ListGroupsQuery = z
  .object({
    limit: pageLimit('Groups', 100),
    cursor: cursorParam('nextCursor of the previous page.'),
    type: z.enum(['workspace', 'project']).optional().describe('Only workspaces, or only projects.'),
  })
  .strict();

export const GroupListSchema = z
  .object({
    groups: z.array(GroupSchema).describe('This page of groups: workspaces first, then projects.'),
    nextCursor: z
      .string()
      .nullable()
      .describe('Pass as `cursor` to get the next page; null on the last page.'),
  })
  .meta({ id: 'GroupList' });

export const GroupParams = z.object({
  id: groupIdField.describe('Group id from List Groups, e.g. "project:123".'),
});

export const MemberParams = z.object({
  id: groupIdField.describe('Group id from List Groups, e.g. "project:123".'),
  userId: userObjectId('Rally ObjectID of the user.'),
});

export const ListMembersQuery = z
  .object({
    limit: pageLimit('Members', 500),
    cursor: cursorParam('nextCursor of the previous page.'),
  })
  .strict();

export const MemberSchema = z
  .object({
    userId: z.string().describe('Rally ObjectID of the user.'),
    userName: z.string().nullable().describe('Rally username of the user.'),
    role: z.string().describe('Project: Viewer, Editor or Project Admin. Workspace: User or Admin.'),
  })
  .meta({ id: 'Member' });

export const MemberListSchema = z
  .object({
    members: z.array(MemberSchema).describe('Users with access to the group, and their role.'),
    nextCursor: z
      .string()
      .nullable()
      .describe('Pass as `cursor` to get more members; null on the last page.'),
  })
  .meta({ id: 'MemberList' });

export const MembershipBody = z
  .object({
    role: z
      .enum([...PROJECT_ROLES, ...WORKSPACE_ROLES])
      .describe('Project: Viewer, Editor or Project Admin. Workspace: User or Admin.'),
  })
  .strict()
  .meta({ id: 'MembershipGrant' });

export const MembershipSchema = z
  .object({
    groupId: z.string().describe('The group granted.'),
    userId: z.string().describe('Rally ObjectID of the user.'),
    userName: z.string().nullable().describe('Rally username of the user.'),
    role: z.string().describe('The role the user now holds in the group.'),
  })
  .meta({ id: 'Membership' });

import type { z } from 'zod';
import { decodeCursor, encodeCursor, fingerprint } from '../listing/cursor.js';
import { pageOf } from '../listing/page-of.js';
import { refId, type RallyApi, type RallyProject, type RallyWorkspace } from '../rally/index.js';
import { groupId, type GroupListSchema, type GroupSchema, type ListGroupsQuery } from '../schemas/group.js';

export type Group = z.infer<typeof GroupSchema>;
export type GroupList = z.infer<typeof GroupListSchema>;

/**
 * Rally has no groups: its workspaces and projects are what Okta sees as groups. Workspaces come
 * first, then each workspace's projects (Rally scopes project queries to one workspace).
 */
export async function listGroups(api: RallyApi, input: z.infer<typeof ListGroupsQuery>): Promise<GroupList> {
  const filterPrint = fingerprint(['groups', input.type ?? null]);
  const offset = input.cursor === undefined ? 0 : decodeCursor(input.cursor, filterPrint);
  const page = await pageOf(groups(api, input.type, offset + input.limit + 1), offset, input.limit);
  return {
    groups: page.items,
    nextCursor: page.more ? encodeCursor(offset + page.items.length, filterPrint) : null,
  };
}

/** Workspaces, then projects; `maxItems`: no Rally page is read past what the page needs. */
async function* groups(
  api: RallyApi,
  type: 'workspace' | 'project' | undefined,
  maxItems: number,
): AsyncGenerator<Group> {
  const workspaces: RallyWorkspace[] = [];
  // Every workspace is needed to list its projects, so only a workspace-only listing stops early.
  for await (const ws of api.workspaces(type === 'workspace' ? { maxItems } : {})) {
    workspaces.push(ws);
    if (type !== 'project') yield fromWorkspace(ws);
  }
  if (type === 'workspace') return;
  for (const ws of workspaces) {
    for await (const p of api.projects({ workspaceId: ws.ObjectID, maxItems }))
      yield fromProject(p, ws.ObjectID);
  }
}

export function fromWorkspace(ws: RallyWorkspace): Group {
  return {
    id: groupId('workspace', ws.ObjectID),
    type: 'workspace',
    name: ws.Name,
    workspaceId: null,
    parentId: null,
    state: ws.State ?? null,
  };
}

export function fromProject(p: RallyProject, workspaceId?: number): Group {
  const ws = p.Workspace ? refId(p.Workspace._ref) : workspaceId;
  const parent = p.Parent ? refId(p.Parent._ref) : undefined;
  return {
    id: groupId('project', p.ObjectID),
    type: 'project',
    name: p.Name,
    workspaceId: ws === undefined ? null : groupId('workspace', ws),
    parentId: parent === undefined ? null : groupId('project', parent),
    state: p.State ?? null,
  };
}

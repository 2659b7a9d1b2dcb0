import { refId, type RallyApi, type RallyPermission, type RallyWorkspace } from '../rally/index.js';
import { allWorkspaces, entitlementOf, type Entitlement } from './entitlements.js';

/**
 * The entitlements users hold now, read from Rally's workspace and project permissions. A page of
 * users costs one query per permission kind and workspace — users are read in ObjectID order, so
 * their permissions are those of the ObjectID range [lowest, highest] of the page — not one per
 * user. Permissions of users in the range but not asked about are dropped.
 */
export async function entitlementsOfUsers(
  api: RallyApi,
  userIds: readonly number[],
  workspaces?: readonly RallyWorkspace[],
): Promise<Map<number, Entitlement[]>> {
  const out = new Map<number, Entitlement[]>(userIds.map((id) => [id, []]));
  if (userIds.length === 0) return out;
  const spaces = workspaces ?? (await allWorkspaces(api));
  const range = { from: Math.min(...userIds), to: Math.max(...userIds) };
  const filter = (w: RallyWorkspace) =>
    userIds.length === 1
      ? { userId: userIds[0]!, workspaceId: w.ObjectID }
      : { userRange: range, workspaceId: w.ObjectID };
  const reads = spaces.flatMap((w) => [
    () => collect(api.workspacePermissions(filter(w)), w),
    () => collect(api.projectPermissions(filter(w)), w),
  ]);
  // A page of users reads in parallel (its latency is an import's); one user's reads go one after
  // another, so a single Get User never holds more than one of the credential's Rally slots.
  const lists = [];
  if (userIds.length > 1) lists.push(...(await Promise.all(reads.map((r) => r()))));
  else for (const r of reads) lists.push(await r());
  for (const list of lists) {
    for (const { permission, workspace } of list) {
      const userId = permission.User ? refId(permission.User._ref) : undefined;
      const held = userId === undefined ? undefined : out.get(userId);
      const e = held && entitlementOf(permission, workspace);
      if (held && e) held.push(e);
    }
  }
  for (const list of out.values()) list.sort((a, b) => a.id.localeCompare(b.id));
  return out;
}

export async function entitlementsOfUser(api: RallyApi, userId: number): Promise<Entitlement[]> {
  return (await entitlementsOfUsers(api, [userId])).get(userId) ?? [];
}

async function collect(
  items: AsyncIterable<RallyPermission>,
  workspace: RallyWorkspace,
): Promise<Array<{ permission: RallyPermission; workspace: RallyWorkspace }>> {
  const out = [];
  for await (const permission of items) out.push({ permission, workspace });
  return out;
}

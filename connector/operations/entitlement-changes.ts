import { ConnectorError } from '../errors.js';
import type { RallyApi } from '../rally/index.js';
import { catalogue, findEntitlement, parseEntitlementId, type Entitlement } from './entitlements.js';
import { addMember, removeMember } from './members.js';

export interface EntitlementChanges {
  readonly granted: readonly string[];
  readonly revoked: readonly string[];
  /** Workspace User permissions kept or created because a project role in the workspace needs one. */
  readonly implied: readonly string[];
}

/**
 * Makes the user's Rally access exactly `desired` (entitlement ids), touching nothing else: only
 * permissions whose (target, role) differs are written, through the membership operations every
 * other provisioning write uses. Rally's rules hold: a project role needs access to its workspace
 * (Rally creates Workspace User with the project permission; a workspace role left out while a
 * project role in it stays is kept, not revoked, and reported as implied); a user's only workspace
 * permission cannot be removed (Rally refuses: 409).
 */
export async function setEntitlements(
  api: RallyApi,
  userId: number,
  current: readonly Entitlement[],
  desired: readonly string[],
): Promise<EntitlementChanges> {
  const wanted = await resolve(api, current, [...new Set(desired)]);
  const projectsWanted = new Map<number, Entitlement>();
  const workspacesWanted = new Map<number, Entitlement>();
  for (const e of wanted) {
    const map = e.projectId === undefined ? workspacesWanted : projectsWanted;
    const key = e.projectId ?? e.workspaceId;
    const other = map.get(key);
    if (other) throw oneRoleOnly(other, e);
    map.set(key, e);
  }
  const implied: string[] = [];
  for (const p of projectsWanted.values()) {
    if (workspacesWanted.has(p.workspaceId)) continue;
    const held = current.find((c) => c.projectId === undefined && c.workspaceId === p.workspaceId);
    implied.push(held?.id ?? `workspace:${p.workspaceId}:User`);
    if (held) workspacesWanted.set(p.workspaceId, held);
  }
  const holds = new Set(current.map((c) => c.id));
  const uid = String(userId);
  const granted: string[] = [];
  const revoked: string[] = [];
  // Workspace roles first: a project grant then finds the workspace role it needs in place.
  for (const e of [...workspacesWanted.values(), ...projectsWanted.values()]) {
    if (holds.has(e.id)) continue;
    await addMember(api, { groupId: groupOf(e), userId: uid, role: e.role });
    granted.push(e.id);
  }
  // Projects before workspaces: removing a workspace permission also removes its project ones.
  const stale = current.filter((c) =>
    c.projectId === undefined
      ? !workspacesWanted.has(c.workspaceId) && !implied.includes(c.id)
      : !projectsWanted.has(c.projectId),
  );
  stale.sort((a, b) => Number(a.projectId === undefined) - Number(b.projectId === undefined));
  for (const e of stale) {
    await removeMember(api, { groupId: groupOf(e), userId: uid });
    revoked.push(e.id);
  }
  // A role change on the same target is a grant: the old role is gone with it.
  for (const c of current) {
    if (wanted.some((w) => w.id !== c.id && groupOf(w) === groupOf(c)) && !revoked.includes(c.id))
      revoked.push(c.id);
  }
  return { granted, revoked, implied };
}

const groupOf = (e: Entitlement): string =>
  e.projectId === undefined ? `workspace:${e.workspaceId}` : `project:${e.projectId}`;

/** Ids the user holds resolve locally; the others are looked up in Rally, unknown ones refused. */
async function resolve(
  api: RallyApi,
  current: readonly Entitlement[],
  ids: string[],
): Promise<Entitlement[]> {
  const found = await Promise.all(
    ids.map(async (id) => current.find((c) => c.id === id) ?? (await findEntitlement(api, id))),
  );
  const unknown = ids.filter((_, i) => found[i] === undefined);
  if (unknown.length > 0) throw await unknownEntitlements(api, unknown);
  return found as Entitlement[];
}

const LISTED = 50;

/** 400 naming the unknown ids and the allowed values (the first LISTED; the endpoints list all). */
export async function unknownEntitlements(api: RallyApi, ids: readonly string[]): Promise<ConnectorError> {
  const allowed: string[] = [];
  let total = 0;
  for await (const e of catalogue(api)) {
    if (allowed.length < LISTED) allowed.push(e.id);
    total++;
  }
  const more =
    total > LISTED ? ` …and ${total - LISTED} more (list them at /ProjectRoles and /WorkspaceRoles)` : '';
  const bad = ids.map((i) => `"${i}"`).join(', ');
  const form = ids.some((i) => !parseEntitlementId(i))
    ? ' Ids look like "project:<ObjectID>:Viewer|Editor|ProjectAdmin" or "workspace:<ObjectID>:User|Admin".'
    : ' Rally has no such project or workspace.';
  return new ConnectorError(
    'VALIDATION_FAILED',
    `Unknown entitlement ${bad}.${form} Allowed values: ${allowed.join(', ')}${more}.`,
    { details: { unknown: ids, allowedValues: allowed, totalAllowed: total } },
  );
}

function oneRoleOnly(a: Entitlement, b: Entitlement): ConnectorError {
  return new ConnectorError(
    'VALIDATION_FAILED',
    `A user holds one role per Rally project or workspace, and "${a.id}" and "${b.id}" name the same one. Keep one of them.`,
    { details: { conflicting: [a.id, b.id] } },
  );
}

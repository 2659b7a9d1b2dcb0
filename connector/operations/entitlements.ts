import {
  isRallyError,
  refId,
  type RallyApi,
  type RallyPermission,
  type RallyProject,
  type RallyWorkspace,
} from '../rally/index.js';
import { PROJECT_ROLES, WORKSPACE_ROLES } from '../schemas/group.js';

/**
 * Rally access as grantable entitlements (docs/entitlements.md): one per (project, project role)
 * and one per (workspace, workspace role). Subscription Admin is not one: WSAPI reads
 * `User.SubscriptionAdmin` but cannot set it (reference: User fields).
 */
export type EntitlementType = 'ProjectRole' | 'WorkspaceRole';
export const ENTITLEMENT_TYPES: readonly EntitlementType[] = ['ProjectRole', 'WorkspaceRole'];

export interface Entitlement {
  /** Stable: `project:<ObjectID>:<Viewer|Editor|ProjectAdmin>` or `workspace:<ObjectID>:<User|Admin>`. */
  readonly id: string;
  readonly type: EntitlementType;
  readonly displayName: string;
  readonly description: string;
  readonly workspaceId: number;
  readonly projectId?: number;
  /** The role as Rally writes it: `Viewer`, `Editor`, `Project Admin`, `User`, `Admin`. */
  readonly role: string;
}

const ID = /^(project|workspace):(\d{1,15}):(Viewer|Editor|ProjectAdmin|User|Admin)$/;

/** The parts of an entitlement id; undefined when the id is not one (or names a role the kind lacks). */
export function parseEntitlementId(
  id: string,
): { type: EntitlementType; objectId: number; role: string } | undefined {
  const m = ID.exec(id);
  if (!m) return undefined;
  const role = m[3] === 'ProjectAdmin' ? 'Project Admin' : m[3]!;
  const allowed: readonly string[] = m[1] === 'project' ? PROJECT_ROLES : WORKSPACE_ROLES;
  if (!allowed.includes(role)) return undefined;
  return { type: m[1] === 'project' ? 'ProjectRole' : 'WorkspaceRole', objectId: Number(m[2]), role };
}

/** Rally reads `Project Admin` back as `Admin`. */
const projectRole = (role: string): string => (role === 'Admin' ? 'Project Admin' : role);

export function projectEntitlement(
  workspace: { id: number; name: string },
  project: { id: number; name: string; closed?: boolean },
  rallyRole: string,
): Entitlement {
  const role = projectRole(rallyRole);
  const state = project.closed ? ' The project is closed.' : '';
  return {
    id: `project:${project.id}:${role.replace(' ', '')}`,
    type: 'ProjectRole',
    displayName: `${workspace.name} / ${project.name} — ${role}`,
    description: `${role} of the Rally project "${project.name}" in the workspace "${workspace.name}". Granting it also grants Workspace User of "${workspace.name}" when the user has no role there.${state}`,
    workspaceId: workspace.id,
    projectId: project.id,
    role,
  };
}

export function workspaceEntitlement(workspace: { id: number; name: string }, role: string): Entitlement {
  return {
    id: `workspace:${workspace.id}:${role}`,
    type: 'WorkspaceRole',
    displayName: `${workspace.name} — Workspace ${role}`,
    description:
      role === 'Admin'
        ? `Workspace Administrator of the Rally workspace "${workspace.name}": manages its projects and permissions.`
        : `Workspace User of the Rally workspace "${workspace.name}": may hold project roles in it.`,
    workspaceId: workspace.id,
    role,
  };
}

const ref = (w: RallyWorkspace) => ({ id: w.ObjectID, name: w.Name });

export function entitlementsOfWorkspace(w: RallyWorkspace): Entitlement[] {
  return WORKSPACE_ROLES.map((r) => workspaceEntitlement(ref(w), r));
}

export function entitlementsOfProject(w: RallyWorkspace, p: RallyProject): Entitlement[] {
  const project = { id: p.ObjectID, name: p.Name, closed: p.State === 'Closed' };
  return PROJECT_ROLES.map((r) => projectEntitlement(ref(w), project, r));
}

export async function allWorkspaces(api: RallyApi): Promise<RallyWorkspace[]> {
  const out: RallyWorkspace[] = [];
  for await (const w of api.workspaces()) out.push(w);
  return out;
}

/**
 * Every grantable entitlement of one type, workspace by workspace (Rally scopes project queries to
 * one workspace). Closed projects are listed, marked in the description: people may still hold
 * access there, and an access review must see it.
 */
export async function* catalogue(api: RallyApi, type?: EntitlementType): AsyncGenerator<Entitlement> {
  for (const w of await allWorkspaces(api)) {
    if (type !== 'ProjectRole') yield* entitlementsOfWorkspace(w);
    if (type === 'WorkspaceRole') continue;
    for await (const p of api.projects({ workspaceId: w.ObjectID })) yield* entitlementsOfProject(w, p);
  }
}

/** The entitlement an id names, read from Rally; undefined when Rally has no such target. */
export async function findEntitlement(api: RallyApi, id: string): Promise<Entitlement | undefined> {
  const parsed = parseEntitlementId(id);
  if (!parsed) return undefined;
  try {
    if (parsed.type === 'WorkspaceRole') {
      const w = await api.getWorkspace(parsed.objectId);
      return workspaceEntitlement(ref(w), parsed.role);
    }
    const p = await api.getProject(parsed.objectId);
    const wid = p.Workspace ? refId(p.Workspace._ref) : undefined;
    if (wid === undefined) return undefined;
    const w = await api.getWorkspace(wid);
    return projectEntitlement(
      ref(w),
      { id: p.ObjectID, name: p.Name, closed: p.State === 'Closed' },
      parsed.role,
    );
  } catch (err) {
    if (isRallyError(err, 'RALLY_NOT_FOUND')) return undefined;
    throw err;
  }
}

/** A permission as the entitlement it is (the project's name comes with the permission's ref). */
export function entitlementOf(p: RallyPermission, workspace: RallyWorkspace): Entitlement | undefined {
  if (p.Project) {
    const id = refId(p.Project._ref);
    if (id === undefined) return undefined;
    return projectEntitlement(ref(workspace), { id, name: p.Project._refObjectName ?? String(id) }, p.Role);
  }
  return workspaceEntitlement(ref(workspace), p.Role);
}

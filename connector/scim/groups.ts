import { z } from 'zod';
import {
  isRallyError,
  refId,
  where,
  type Query,
  type RallyPermission,
  type RallyProject,
} from '../rally/index.js';
import { badRequest, notFound, ScimError } from './errors.js';
import { parseFilter } from './filter.js';
import { parsePath, PatchRequest } from './patch.js';
import { URN } from './schemas.js';
import { groupFilterToQuery, parseObjectId } from './to-query.js';
import { listResponse, type ListResponse, type ScimContext } from './users.js';

/**
 * SCIM Groups are Rally projects; a member is a user holding a ProjectPermission on the project.
 * Rally creates the workspace permission a project permission needs, so workspaces never appear as
 * groups. Projects are never created, renamed or deleted through SCIM.
 */
export type ProjectRoleToGrant = 'Viewer' | 'Editor' | 'Project Admin';

interface Member {
  value: string;
  display?: string;
  $ref?: string;
}

const MemberList = z
  .array(z.object({ value: z.union([z.string(), z.number()]).transform(String) }).passthrough())
  .max(10_000);
const GroupInput = z
  .object({ displayName: z.string().min(1).max(256), members: MemberList.optional() })
  .passthrough();

export function createScimGroups(deps: { role: ProjectRoleToGrant }) {
  /** Permissions on a project, queried in the project's own workspace (Rally scopes queries). */
  const permissionsOn = (ctx: ScimContext, project: RallyProject) => {
    const workspaceId = project.Workspace ? refId(project.Workspace._ref) : undefined;
    return ctx.api.projectPermissions({
      projectId: project.ObjectID,
      ...(workspaceId !== undefined && { workspaceId }),
    });
  };

  /** Every project of the subscription (or those the query names), workspace by workspace. */
  async function* allProjects(ctx: ScimContext, query?: Query): AsyncGenerator<RallyProject> {
    for await (const ws of ctx.api.workspaces()) {
      yield* ctx.api.projects({ workspaceId: ws.ObjectID, ...(query && { query }) });
    }
  }

  async function members(ctx: ScimContext, project: RallyProject): Promise<Member[]> {
    const out: Member[] = [];
    for await (const p of permissionsOn(ctx, project)) {
      const m = memberOf(ctx, p);
      if (m) out.push(m);
    }
    return out;
  }

  async function resource(ctx: ScimContext, p: RallyProject, withMembers: boolean) {
    return {
      schemas: [URN.group],
      id: String(p.ObjectID),
      displayName: p.Name,
      ...(withMembers && { members: await members(ctx, p) }),
      meta: { resourceType: 'Group', location: `${ctx.baseUrl}/Groups/${p.ObjectID}` },
    };
  }

  async function load(ctx: ScimContext, id: string): Promise<RallyProject> {
    const oid = parseObjectId(id);
    if (oid === undefined) throw notFound(`Group ${id} not found.`);
    try {
      return await ctx.api.getProject(oid);
    } catch (err) {
      if (isRallyError(err, 'RALLY_NOT_FOUND')) throw notFound(`Group ${id} not found.`);
      throw err;
    }
  }

  /** A project's members now, by user id, read once per request. */
  async function currentMembers(ctx: ScimContext, project: RallyProject): Promise<MemberState> {
    const current = new Map<string, RallyPermission>();
    for await (const p of permissionsOn(ctx, project)) {
      const m = memberOf(ctx, p);
      if (m) current.set(m.value, p);
    }
    return { current, target: new Set(current.keys()), named: new Set() };
  }

  /**
   * Writes the difference between what Rally has and what the operations asked for: users named
   * by add/replace hold at least the configured role (lower roles are raised, higher ones kept);
   * users no longer wanted lose their permission.
   */
  async function commit(ctx: ScimContext, project: RallyProject, s: MemberState): Promise<void> {
    const grants = [...s.named].filter(
      (id) => s.target.has(id) && rank(s.current.get(id)?.Role) < rank(deps.role),
    );
    for (const id of grants) {
      const userId = parseObjectId(id);
      if (userId === undefined) throw badRequest('invalidValue', `Member "${id}" is not a Rally user id.`);
      try {
        await ctx.api.grantProject(userId, project.ObjectID, deps.role);
      } catch (err) {
        if (isRallyError(err, 'RALLY_NOT_FOUND'))
          throw badRequest('invalidValue', `Member ${id} is not a Rally user.`);
        throw err;
      }
    }
    for (const [id, perm] of s.current) if (!s.target.has(id)) await ctx.api.revoke(perm._ref);
  }

  async function setMembers(
    ctx: ScimContext,
    project: RallyProject,
    ids: readonly string[],
    mode: 'add' | 'replace',
  ): Promise<void> {
    const state = await currentMembers(ctx, project);
    changeMembers(state, mode, ids);
    await commit(ctx, project, state);
  }

  return {
    async list(
      ctx: ScimContext,
      q: { filter?: string; startIndex: number; count: number; excludeMembers: boolean },
    ): Promise<ListResponse> {
      const query = q.filter?.trim() ? groupFilterToQuery(parseFilter(q.filter)) : undefined;
      if (query === null) return listResponse(0, q.startIndex, []);
      const page: RallyProject[] = [];
      let total = 0;
      for await (const p of allProjects(ctx, query)) {
        total++;
        if (total >= q.startIndex && page.length < q.count) page.push(p);
      }
      const resources = await Promise.all(page.map((p) => resource(ctx, p, !q.excludeMembers)));
      return listResponse(total, q.startIndex, resources);
    },

    get: async (ctx: ScimContext, id: string, excludeMembers = false) =>
      resource(ctx, await load(ctx, id), !excludeMembers),

    /** Links to the one existing project of that name; Rally projects are not created here. */
    async create(ctx: ScimContext, body: unknown) {
      const input = parse(body);
      const matches: RallyProject[] = [];
      for await (const p of allProjects(ctx, where('Name', '=', input.displayName))) matches.push(p);
      if (matches.length === 0) {
        throw badRequest(
          'invalidValue',
          `Rally has no project named "${input.displayName}". This service links Okta groups to existing Rally projects and does not create projects: create it in Rally, then push the group again.`,
        );
      }
      if (matches.length > 1) {
        throw new ScimError(
          409,
          `${matches.length} Rally projects are named "${input.displayName}"; rename one in Rally so the group links to exactly one.`,
          'uniqueness',
        );
      }
      const project = matches[0]!;
      if (input.members?.length)
        await setMembers(
          ctx,
          project,
          input.members.map((m) => m.value),
          'add',
        );
      return resource(ctx, project, true);
    },

    async replace(ctx: ScimContext, id: string, body: unknown) {
      const project = await load(ctx, id);
      const input = parse(body);
      refuseRename(project, input.displayName);
      await setMembers(
        ctx,
        project,
        (input.members ?? []).map((m) => m.value),
        'replace',
      );
      return resource(ctx, project, true);
    },

    async patch(ctx: ScimContext, id: string, body: unknown): Promise<void> {
      const parsed = PatchRequest.safeParse(body);
      if (!parsed.success)
        throw badRequest(
          'invalidSyntax',
          `Not a SCIM PatchOp: ${parsed.error.issues[0]?.message ?? 'invalid'}.`,
        );
      const project = await load(ctx, id);
      let state: MemberState | undefined;
      const loaded = async () => (state ??= await currentMembers(ctx, project));
      for (const op of parsed.data.Operations) {
        const path = op.path?.trim().toLowerCase();
        if (path === undefined || path === '') {
          // Okta sends {"op":"replace","value":{"id":…,"displayName":…}} on group push.
          const v = (op.value ?? {}) as Record<string, unknown>;
          if (typeof v.displayName === 'string') refuseRename(project, v.displayName);
          if (v.members !== undefined) changeMembers(await loaded(), op.op, memberIds(v.members));
          continue;
        }
        if (path === 'displayname') {
          if (typeof op.value === 'string') refuseRename(project, op.value);
          continue;
        }
        if (path === 'members') {
          // A remove of "members" with no value removes them all (RFC 7644 §3.5.2.2).
          const ids =
            op.op === 'remove' && op.value === undefined ? [...(await loaded()).target] : memberIds(op.value);
          changeMembers(await loaded(), op.op, ids);
          continue;
        }
        if (path.startsWith('members[') && op.op === 'remove') {
          const filter = parsePath(op.path!).filter;
          if (!filter || filter.attr.toLowerCase() !== 'value')
            throw badRequest('invalidPath', 'Remove members with members[value eq "<user id>"].');
          changeMembers(await loaded(), 'remove', [String(filter.value)]);
          continue;
        }
        throw badRequest(
          'invalidPath',
          `Patching "${op.path}" on a Group is not supported; patch members or displayName.`,
        );
      }
      if (state) await commit(ctx, project, state);
    },
  };
}

interface MemberState {
  /** Permissions held now, by user id. */
  readonly current: ReadonlyMap<string, RallyPermission>;
  /** Who should be a member once the request is done. */
  readonly target: Set<string>;
  /** Who add/replace named, and so must hold at least the configured role. */
  readonly named: Set<string>;
}

function changeMembers(s: MemberState, op: string, ids: readonly string[]): void {
  if (op === 'replace') {
    s.target.clear();
    s.named.clear();
  }
  for (const id of ids) {
    if (op === 'remove') {
      s.target.delete(id);
      s.named.delete(id);
    } else {
      s.target.add(id);
      s.named.add(id);
    }
  }
}

function memberIds(value: unknown): string[] {
  const list = MemberList.safeParse(value);
  if (!list.success) throw badRequest('invalidValue', 'members must be a list of {"value": "<user id>"}.');
  return list.data.map((m) => m.value);
}

const ROLE_RANK: Readonly<Record<string, number>> = { Viewer: 1, Editor: 2, Admin: 3, 'Project Admin': 3 };
const rank = (role: string | undefined): number => (role === undefined ? 0 : (ROLE_RANK[role] ?? 0));

function parse(body: unknown) {
  const r = GroupInput.safeParse(body);
  if (!r.success)
    throw badRequest(
      'invalidValue',
      `${r.error.issues[0]?.path.join('.') || 'body'}: ${r.error.issues[0]?.message}`,
    );
  return r.data;
}

function refuseRename(project: RallyProject, displayName: string): void {
  if (displayName !== project.Name) {
    throw badRequest(
      'mutability',
      `Groups are Rally projects and are not renamed through provisioning ("${project.Name}" → "${displayName}"). Rename the project in Rally, or keep the Okta group name.`,
    );
  }
}

function memberOf(ctx: ScimContext, p: RallyPermission): Member | undefined {
  const ref = p.User?._ref;
  const m = ref ? /\/user\/(\d+)/i.exec(ref) : null;
  if (!m) return undefined;
  const userName = (p.User as { UserName?: string } | undefined)?.UserName ?? p.User?._refObjectName;
  return { value: m[1]!, ...(userName && { display: userName }), $ref: `${ctx.baseUrl}/Users/${m[1]}` };
}

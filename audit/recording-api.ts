import {
  isRallyError,
  refId,
  type RallyApi,
  type RallyPermission,
  type RallyUser,
  type RallyUserWrite,
} from '../connector/rally/index.js';
import type { Intent, Operation, Outcome, Surface, Target } from './event.js';
import type { EventStore } from './event-store.js';
import type { LinkStore } from './links.js';
import { settleFor } from './settle.js';

/** Who is writing, from where, for which request: what the decorator cannot see on RallyApi. */
export interface AuditContext {
  readonly surface: Surface;
  /** The Rally username behind the credential, or the OAuth client; resolved once, when first needed. */
  readonly actor: () => Promise<string>;
  readonly request: { readonly id: string | null; readonly address: string | null };
  /** Okta's user id (SCIM externalId) when the request carries one. */
  readonly externalId?: string;
  /** The request's Rally deadline. */
  readonly deadline: number;
}

export interface RecorderDeps {
  readonly events: EventStore;
  readonly links: LinkStore;
  readonly now?: () => number;
  /** Our API's error code for a failure (server/errors.ts); the Rally code when absent. */
  readonly codeOf?: (err: unknown) => string;
  /** Where a failure to record an outcome is reported (the event stays pending, then unknown). */
  readonly onError?: (err: unknown, what: string) => void;
}

/**
 * Every RallyApi method, classified: a method added to RallyApi fails to compile here until it is
 * either recorded or declared a read, so no write can slip past the audit trail.
 */
const KIND: Record<keyof RallyApi, 'read' | 'write'> = {
  currentUser: 'read',
  getUser: 'read',
  findUserByUserName: 'read',
  queryUsers: 'read',
  users: 'read',
  userAttributes: 'read',
  checkWriteAccess: 'read',
  subscription: 'read',
  workspaces: 'read',
  projects: 'read',
  getWorkspace: 'read',
  getProject: 'read',
  workspacePermissions: 'read',
  projectPermissions: 'read',
  createUser: 'write',
  updateUser: 'write',
  grantWorkspace: 'write',
  grantProject: 'write',
  revoke: 'write',
  addTeamMembership: 'write',
  removeTeamMembership: 'write',
};
export const WRITE_METHODS = Object.entries(KIND).flatMap(([k, v]) => (v === 'write' ? [k] : []));

/**
 * The RallyApi of one request, recording each write: the intent before the Rally call (a
 * database that cannot take it refuses the write with its StoreError), the outcome after. Reads
 * pass through, remembering the users and permissions they saw so that records name their
 * target without extra Rally calls; a read of a user also settles that user's stale records.
 */
export function recordingApi(api: RallyApi, ctx: AuditContext, deps: RecorderDeps): RallyApi {
  const now = deps.now ?? Date.now;
  const users = new Map<number, RallyUser>();
  const perms = new Map<string, RallyPermission>();
  const seen = (u: RallyUser) => {
    users.set(u.ObjectID, u);
    return u;
  };
  const settle = async (u: RallyUser | undefined) => {
    if (u)
      await settleFor(u, deps).catch((err: unknown) => deps.onError?.(err, 'settling stale audit events'));
    return u;
  };
  const userOf = async (id: number): Promise<RallyUser | undefined> =>
    users.get(id) ?? (await api.getUser(id).then(seen, () => undefined));
  const externalIdOf = async (id: number): Promise<string | undefined> =>
    ctx.externalId ?? (await deps.links.forIds([String(id)])).get(String(id));

  async function record<T>(
    operation: Operation,
    target: Target,
    changes: Record<string, unknown>,
    write: () => Promise<T>,
    targetIdOf?: (result: T) => string,
  ): Promise<T> {
    const intent: Intent = {
      surface: ctx.surface,
      operation,
      actor: await ctx.actor(),
      request: ctx.request,
      target,
      changes,
      deadline: ctx.deadline,
    };
    const { id, at } = await deps.events.begin(intent);
    const finish = (o: Outcome & { targetId?: string }) =>
      deps.events
        .finish(id, { ...o, durationMs: now() - at })
        .catch((err: unknown) => deps.onError?.(err, 'recording an audit outcome'));
    // The outcome is written behind the answer: reads of the store wait for it (EventStore.finish),
    // and a process that dies first leaves the intent pending, which reads settle against Rally.
    let result: T;
    try {
      result = await write();
    } catch (err) {
      void finish(failure(err, deps.codeOf));
      throw err;
    }
    void finish({ status: 'succeeded', ...(targetIdOf && { targetId: targetIdOf(result) }) });
    return result;
  }

  const userTarget = async (id: number): Promise<Target> => {
    const [u, externalId] = await Promise.all([userOf(id), externalIdOf(id)]);
    return { id: String(id), userName: u?.UserName ?? null, ...(externalId && { externalId }) };
  };
  const membership = async <T>(
    op: Operation,
    userId: number,
    changes: Record<string, unknown>,
    write: () => Promise<T>,
  ) => record(op, await userTarget(userId), changes, write);

  const wrapped: RallyApi = {
    ...api,
    getUser: async (id) => (await settle(seen(await api.getUser(id))))!,
    findUserByUserName: async (name) => settle(await api.findUserByUserName(name).then((u) => u && seen(u))),
    queryUsers: async (q) => {
      const page = await api.queryUsers(q);
      page.results.forEach(seen);
      return page;
    },
    projectPermissions: (f) => remember(api.projectPermissions(f), perms),
    workspacePermissions: (f) => remember(api.workspacePermissions(f), perms),

    createUser: (fields) =>
      record(
        'user.create',
        { id: null, userName: fields.UserName, ...(ctx.externalId && { externalId: ctx.externalId }) },
        diff(undefined, fields),
        async () => seen(await api.createUser(fields)),
        (u) => String(u.ObjectID),
      ),
    async updateUser(objectId, fields) {
      const before = await userOf(objectId);
      const target = { ...(await userTarget(objectId)), userName: before?.UserName ?? null };
      return record(updateOperation(fields), target, diff(before, fields), async () =>
        seen(await api.updateUser(objectId, fields)),
      );
    },
    grantProject: (userId, projectId, role) =>
      membership('membership.grant', userId, { project: String(projectId), role }, () =>
        api.grantProject(userId, projectId, role),
      ),
    grantWorkspace: (userId, workspaceId, role) =>
      membership('membership.grant', userId, { workspace: String(workspaceId), role }, () =>
        api.grantWorkspace(userId, workspaceId, role),
      ),
    addTeamMembership: (userId, projectId) =>
      membership('membership.grant', userId, { project: String(projectId), teamMember: true }, () =>
        api.addTeamMembership(userId, projectId),
      ),
    removeTeamMembership: (userId, projectId) =>
      membership('membership.revoke', userId, { project: String(projectId), teamMember: true }, () =>
        api.removeTeamMembership(userId, projectId),
      ),
    async revoke(ref) {
      const p = perms.get(ref);
      const userId = p?.User ? refId(p.User._ref) : undefined;
      const on = p?.Project
        ? { project: idOf(p.Project._ref) }
        : p?.Workspace
          ? { workspace: idOf(p.Workspace._ref) }
          : { permission: ref };
      const changes = { ...on, ...(p && { role: p.Role }) };
      if (userId === undefined)
        return record('membership.revoke', { id: null, userName: null }, changes, () => api.revoke(ref));
      return membership('membership.revoke', userId, changes, () => api.revoke(ref));
    },
  };
  return wrapped;
}

/** Deactivate and reactivate are what Okta calls them; any other field change is an update. */
function updateOperation(fields: RallyUserWrite): Operation {
  if (fields.Disabled === true) return 'user.deactivate';
  if (fields.Disabled === false) return 'user.reactivate';
  return 'user.update';
}

/** `{ Field: { before, after } }` for each field written. User fields hold no secret. */
function diff(before: RallyUser | undefined, fields: RallyUserWrite): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, after] of Object.entries(fields)) {
    const old = before ? ((before as unknown as Record<string, unknown>)[k] ?? null) : null;
    out[k] = { before: old, after: after ?? null };
  }
  return out;
}

/** Timeouts and lost connections may have reached Rally: the outcome is unknown until a read settles it. */
function failure(err: unknown, codeOf?: (err: unknown) => string): Outcome {
  const ambiguous = isRallyError(err) && (err.code === 'RALLY_UNAVAILABLE' || err.code === 'RALLY_TIMEOUT');
  const message = isRallyError(err) ? err.rallyMessages.join('; ') || err.message : (err as Error).message;
  return {
    status: ambiguous ? 'unknown' : 'failed',
    code: codeOf ? codeOf(err) : isRallyError(err) ? err.code : 'INTERNAL_ERROR',
    rallyMessage: message,
  };
}

const idOf = (ref: string) => String(refId(ref) ?? ref);

async function* remember(
  source: AsyncGenerator<RallyPermission, void, undefined>,
  into: Map<string, RallyPermission>,
): AsyncGenerator<RallyPermission, void, undefined> {
  for await (const p of source) {
    into.set(p._ref, p);
    yield p;
  }
}

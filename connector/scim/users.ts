import { fromRally, toRallyWrite, USERNAME_FORMAT, type User, type UserPatch } from '../mapping/user.js';
import {
  isRallyError,
  type Query,
  type RallyApi,
  type RallyCredential,
  type RallyUser,
} from '../rally/index.js';
import { badRequest, notFound, ScimError } from './errors.js';
import { parseFilter } from './filter.js';
import { applyPatch, PatchRequest } from './patch.js';
import { URN } from './schemas.js';
import { parseObjectId, userFilterToQuery } from './to-query.js';
import {
  externalIdOf,
  fromScimUser,
  toScimUser,
  type ScimUser,
  type ScimUserFields,
} from './user-resource.js';
import { userEntitlement } from './entitlements.js';
import type { UserEntitlements } from './user-entitlements.js';
import type { Entitlement } from '../operations/entitlements.js';

/** The read-ahead listing shared with the connector API (connector/listing/user-window.ts). */
export interface UserWindowSource {
  window(
    cred: RallyCredential,
    filter: { query?: Query },
    offset: number,
    limit: number,
    opts?: { peek?: boolean },
  ): Promise<{ total: number; users: readonly RallyUser[] }>;
}

export interface ScimContext {
  readonly api: RallyApi;
  readonly cred: RallyCredential;
  /** Base URL of the SCIM API, for `meta.location`. */
  readonly baseUrl: string;
}

/** Okta's user ids (externalId) against Rally ObjectIDs, kept by the service's store. */
export interface ScimLinks {
  /** The Rally user this Okta id already stands for: linked, or our own earlier create that landed. */
  existing(ctx: ScimContext, externalId: string, userName: string): Promise<RallyUser | undefined>;
  externalIds(objectIds: readonly number[]): Promise<ReadonlyMap<number, string>>;
  link(objectId: number, externalId: string): Promise<void>;
}

export interface ScimUserDeps {
  readonly windows: UserWindowSource;
  /** Without it, externalId is accepted and dropped, as before the store existed. */
  readonly links?: ScimLinks;
  /**
   * Checks dropdown values against the subscription, returning them in Rally's spelling; throws
   * a ScimError naming the allowed values.
   */
  readonly validate?: <T extends UserPatch>(ctx: ScimContext, patch: T) => Promise<T>;
  /** Rally roles as the `entitlements` attribute (docs/entitlements.md); absent: users carry none. */
  readonly entitlements?: UserEntitlements;
}

export interface ListResponse {
  schemas: [typeof URN.list];
  totalResults: number;
  startIndex: number;
  itemsPerPage: number;
  Resources: Array<Record<string, unknown>>;
}

export function listResponse(
  total: number,
  startIndex: number,
  resources: Array<Record<string, unknown>>,
): ListResponse {
  return {
    schemas: [URN.list],
    totalResults: total,
    startIndex,
    itemsPerPage: resources.length,
    Resources: resources,
  };
}

export function createScimUsers(deps: ScimUserDeps) {
  const scim = (
    ctx: ScimContext,
    u: RallyUser,
    held?: readonly Entitlement[],
    externalId?: string,
  ): ScimUser => ({
    ...toScimUser(fromRally(u), ctx.baseUrl, externalId),
    ...(held && { entitlements: held.map(userEntitlement) }),
  });
  const ents = deps.entitlements;
  /** Okta links of the users; `known` is one just written for a single user, so not read back. */
  const externalIds = async (users: readonly RallyUser[], known?: string) =>
    known !== undefined && users.length === 1
      ? new Map([[users[0]!.ObjectID, known]])
      : deps.links && users.length > 0
        ? deps.links.externalIds(users.map((u) => u.ObjectID))
        : undefined;
  /**
   * Users as SCIM resources: their Okta externalId on every read (RFC 7643 §3.1), and their
   * entitlements unless the request excluded them.
   */
  async function withHeld(
    ctx: ScimContext,
    users: readonly RallyUser[],
    page?: { offset: number; count: number },
    exclude = false,
    known?: string,
  ): Promise<ScimUser[]> {
    const [held, ids] = await Promise.all([
      ents && !exclude && users.length > 0 ? ents.read(ctx, users, page) : undefined,
      externalIds(users, known),
    ]);
    return users.map((u) =>
      scim(ctx, u, held ? (held.get(u.ObjectID) ?? []) : undefined, ids?.get(u.ObjectID)),
    );
  }
  /** PUT/PATCH/POST naming `entitlements`: Rally's permissions become exactly those. */
  async function grantAs(ctx: ScimContext, u: RallyUser, body: unknown, known?: string): Promise<ScimUser> {
    const desired = desiredEntitlements(body);
    if (!ents || desired === undefined) return (await withHeld(ctx, [u], undefined, !ents, known))[0]!;
    const [held, ids] = await Promise.all([ents.set(ctx, u.ObjectID, desired), externalIds([u], known)]);
    return scim(ctx, u, held, ids?.get(u.ObjectID));
  }

  async function load(ctx: ScimContext, id: string): Promise<RallyUser> {
    const oid = parseObjectId(id);
    if (oid === undefined) throw notFound(`User ${id} not found.`);
    try {
      return await ctx.api.getUser(oid);
    } catch (err) {
      if (isRallyError(err, 'RALLY_NOT_FOUND')) throw notFound(`User ${id} not found.`);
      throw err;
    }
  }

  function checkUserName(userName: string): void {
    if (!USERNAME_FORMAT.safeParse(userName).success) {
      throw badRequest(
        'invalidValue',
        `Rally needs usernames in email format, and "${userName}" is not. In Okta, set the app's "Application username format" (Sign On tab) or the userName mapping to an email.`,
      );
    }
  }

  async function save(ctx: ScimContext, id: number, patch: UserPatch): Promise<RallyUser> {
    if (patch.userName !== undefined) checkUserName(patch.userName);
    const checked = deps.validate ? await deps.validate(ctx, patch) : patch;
    return ctx.api.updateUser(id, toRallyWrite(checked));
  }

  return {
    async list(
      ctx: ScimContext,
      q: { filter?: string; startIndex: number; count: number; excludeEntitlements?: boolean },
    ): Promise<ListResponse> {
      if (q.filter !== undefined && q.filter.trim() !== '') {
        const query = userFilterToQuery(parseFilter(q.filter));
        if (query === null) return listResponse(0, q.startIndex, []);
        const page = await ctx.api.queryUsers({ query, start: q.startIndex, pageSize: Math.max(1, q.count) });
        const users = q.count === 0 ? [] : page.results;
        return listResponse(
          page.total,
          q.startIndex,
          await withHeld(ctx, users, undefined, q.excludeEntitlements),
        );
      }
      const w = await deps.windows.window(ctx.cred, {}, q.startIndex - 1, q.count);
      const page = { offset: q.startIndex - 1, count: q.count };
      return listResponse(w.total, q.startIndex, await withHeld(ctx, w.users, page, q.excludeEntitlements));
    },

    get: async (ctx: ScimContext, id: string): Promise<ScimUser> =>
      (await withHeld(ctx, [await load(ctx, id)]))[0]!,

    async create(ctx: ScimContext, body: unknown): Promise<ScimUser> {
      const parsed = withEmail(fromScimUser(body));
      checkUserName(parsed.userName);
      const externalId = deps.links && externalIdOf(body);
      if (externalId) {
        const existing = await deps.links!.existing(ctx, externalId, parsed.userName);
        // Okta's retry of a create whose answer it lost: the same answer, entitlements set again.
        if (existing) return grantAs(ctx, existing, body, externalId);
      }
      const input = deps.validate ? await deps.validate(ctx, parsed) : parsed;
      try {
        const created = await ctx.api.createUser({ ...toRallyWrite(input), UserName: input.userName });
        if (externalId) await deps.links!.link(created.ObjectID, externalId);
        return await grantAs(ctx, created, body, externalId);
      } catch (err) {
        if (isRallyError(err, 'RALLY_CONFLICT')) {
          throw new ScimError(
            409,
            `A Rally user with userName "${input.userName}" already exists.`,
            'uniqueness',
          );
        }
        throw err;
      }
    },

    /** PUT: every mapped attribute takes the body's value; what the body leaves out is cleared. */
    async replace(ctx: ScimContext, id: string, body: unknown): Promise<ScimUser> {
      const current = await load(ctx, id);
      desiredEntitlements(body); // a malformed list fails before anything is written
      const saved = await save(ctx, current.ObjectID, withEmail(fromScimUser(body)));
      const externalId = deps.links && externalIdOf(body);
      if (externalId) await deps.links!.link(saved.ObjectID, externalId);
      return grantAs(ctx, saved, body, externalId);
    },

    async patch(ctx: ScimContext, id: string, body: unknown): Promise<ScimUser> {
      const parsed = PatchRequest.safeParse(body);
      if (!parsed.success)
        throw badRequest(
          'invalidSyntax',
          `Not a SCIM PatchOp: ${parsed.error.issues[0]?.message ?? 'invalid'}.`,
        );
      const current = await load(ctx, id);
      const before = fromRally(current);
      const touches = parsed.data.Operations.some(namesEntitlements);
      const shown = touches ? (await withHeld(ctx, [current]))[0]! : toScimUser(before, ctx.baseUrl);
      const patched = applyPatch(shown, parsed.data.Operations);
      const changes = changedFields(before, fromScimUser(patched));
      const saved = Object.keys(changes).length === 0 ? current : await save(ctx, current.ObjectID, changes);
      if (!touches) return (await withHeld(ctx, [saved], undefined, true))[0]!;
      return grantAs(ctx, saved, { entitlements: patched.entitlements ?? [] });
    },

    /** Okta never deletes; if a client does, the user is deactivated: provisioning never deletes in Rally. */
    async deactivate(ctx: ScimContext, id: string): Promise<void> {
      const current = await load(ctx, id);
      if (current.Disabled !== true) await ctx.api.updateUser(current.ObjectID, { Disabled: true });
    },
  };
}

/** Whether a PatchOp operation names the `entitlements` attribute (by path or in a no-path value). */
function namesEntitlements(op: { path?: string | undefined; value?: unknown }): boolean {
  if (op.path !== undefined && op.path !== '') return /^entitlements(\[|\.|$)/i.test(op.path.trim());
  return (
    typeof op.value === 'object' &&
    op.value !== null &&
    Object.keys(op.value).some((k) => k.toLowerCase() === 'entitlements')
  );
}

/** The entitlement ids a body names; undefined when it has no `entitlements` attribute. */
function desiredEntitlements(body: unknown): string[] | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const key = Object.keys(body).find((k) => k.toLowerCase() === 'entitlements');
  if (key === undefined) return undefined;
  const list = (body as Record<string, unknown>)[key];
  if (list === null) return [];
  const ok =
    Array.isArray(list) && list.every((e) => typeof (e as { value?: unknown } | null)?.value === 'string');
  if (!ok) {
    throw badRequest(
      'invalidValue',
      'entitlements must be a list of {"value": "<id>"} objects, ids from /ProjectRoles or /WorkspaceRoles.',
    );
  }
  return (list as Array<{ value: string }>).map((e) => e.value);
}

/** Rally requires EmailAddress; a SCIM body without one gets the (email-format) userName. */
function withEmail<T extends { userName: string; email: string | null }>(input: T): T & { email: string } {
  return { ...input, email: input.email ?? input.userName };
}

/** Only what a PATCH changed goes to Rally, so untouched fields are never rewritten. */
function changedFields(before: User, after: ScimUserFields): UserPatch {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(after)) {
    // Rally cannot hold a user without an email: removing it leaves the stored one.
    if (k === 'email' && v === null) continue;
    const old = (before as unknown as Record<string, unknown>)[k];
    if ((v ?? null) !== (old ?? null)) out[k] = v;
  }
  return out as UserPatch;
}

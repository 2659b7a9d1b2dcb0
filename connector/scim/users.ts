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

/** The read-ahead listing shared with the connector API (connector/listing/user-window.ts). */
export interface UserWindowSource {
  window(
    cred: RallyCredential,
    filter: { query?: Query },
    offset: number,
    limit: number,
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
  const scim = (ctx: ScimContext, u: RallyUser, externalId?: string): ScimUser =>
    toScimUser(fromRally(u), ctx.baseUrl, externalId);
  /** RFC 7643 §3.1: externalId is returned on every read. */
  const scimAll = async (ctx: ScimContext, list: readonly RallyUser[]): Promise<ScimUser[]> => {
    const ids =
      deps.links && list.length > 0 ? await deps.links.externalIds(list.map((u) => u.ObjectID)) : undefined;
    return list.map((u) => scim(ctx, u, ids?.get(u.ObjectID)));
  };
  const scimOne = async (ctx: ScimContext, u: RallyUser): Promise<ScimUser> => (await scimAll(ctx, [u]))[0]!;

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
      q: { filter?: string; startIndex: number; count: number },
    ): Promise<ListResponse> {
      if (q.filter !== undefined && q.filter.trim() !== '') {
        const query = userFilterToQuery(parseFilter(q.filter));
        if (query === null) return listResponse(0, q.startIndex, []);
        const page = await ctx.api.queryUsers({ query, start: q.startIndex, pageSize: Math.max(1, q.count) });
        const users = q.count === 0 ? [] : page.results;
        return listResponse(page.total, q.startIndex, await scimAll(ctx, users));
      }
      const w = await deps.windows.window(ctx.cred, {}, q.startIndex - 1, q.count);
      return listResponse(w.total, q.startIndex, await scimAll(ctx, w.users));
    },

    get: async (ctx: ScimContext, id: string): Promise<ScimUser> => scimOne(ctx, await load(ctx, id)),

    async create(ctx: ScimContext, body: unknown): Promise<ScimUser> {
      const parsed = withEmail(fromScimUser(body));
      checkUserName(parsed.userName);
      const externalId = deps.links && externalIdOf(body);
      if (externalId) {
        const existing = await deps.links!.existing(ctx, externalId, parsed.userName);
        if (existing) return scim(ctx, existing, externalId);
      }
      const input = deps.validate ? await deps.validate(ctx, parsed) : parsed;
      try {
        const created = await ctx.api.createUser({ ...toRallyWrite(input), UserName: input.userName });
        if (externalId) await deps.links!.link(created.ObjectID, externalId);
        return scim(ctx, created, externalId);
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
      const saved = await save(ctx, current.ObjectID, withEmail(fromScimUser(body)));
      const externalId = deps.links && externalIdOf(body);
      if (externalId) await deps.links!.link(saved.ObjectID, externalId);
      return scimOne(ctx, saved);
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
      const patched = applyPatch(toScimUser(before, ctx.baseUrl), parsed.data.Operations);
      const changes = changedFields(before, fromScimUser(patched));
      if (Object.keys(changes).length === 0) return scimOne(ctx, current);
      return scimOne(ctx, await save(ctx, current.ObjectID, changes));
    },

    /** Okta never deletes; if a client does, the user is deactivated: provisioning never deletes in Rally. */
    async deactivate(ctx: ScimContext, id: string): Promise<void> {
      const current = await load(ctx, id);
      if (current.Disabled !== true) await ctx.api.updateUser(current.ObjectID, { Disabled: true });
    },
  };
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

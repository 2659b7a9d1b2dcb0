import { createBlockCache } from '../listing/block-cache.js';
import { setEntitlements } from '../operations/entitlement-changes.js';
import type { Entitlement } from '../operations/entitlements.js';
import { allWorkspaces } from '../operations/entitlements.js';
import { entitlementsOfUsers } from '../operations/user-entitlements.js';
import { credentialId, type RallyClient, type RallyUser, type RallyWorkspace } from '../rally/index.js';
import { scimErrorOf } from './entitlements.js';
import type { ScimContext, UserWindowSource } from './users.js';

export interface UserEntitlements {
  /** The entitlements of a page of users; `page` when it is a window of the unfiltered listing. */
  read(
    ctx: ScimContext,
    users: readonly RallyUser[],
    page?: { offset: number; count: number },
  ): Promise<Map<number, Entitlement[]>>;
  /** Makes the user's entitlements exactly `desired`; SCIM errors for unknown ids and Rally refusals. */
  set(ctx: ScimContext, userId: number, desired: readonly string[]): Promise<Entitlement[]>;
}

/**
 * Users' entitlements for SCIM. An import walks the listing page after page, so permissions are
 * read for chunks of `chunkUsers` users of the listing at a time (one query per permission kind
 * and workspace for the ObjectID range of the chunk), and the next `readAheadChunks` chunks are
 * read while Okta works through the current one (their users come from the same read-ahead user
 * windows): Okta's next page finds its entitlements ready instead of paying Rally's latency
 * again. Entries are keyed by the credential's one-way id and live `ttlMs`; a listing starting at
 * offset 0 and every entitlement write drop the credential's settled entries, so what a write
 * changed is read back fresh. A listing holds about readAheadChunks + 2 chunks, never all users.
 */
export function createUserEntitlements(opts: {
  client: RallyClient;
  windows: UserWindowSource;
  chunkUsers?: number;
  readAheadChunks?: number;
  ttlMs?: number;
  now?: () => number;
}): UserEntitlements {
  const now = opts.now ?? Date.now;
  const ttlMs = opts.ttlMs ?? 60_000;
  const size = opts.chunkUsers ?? 1000;
  // Four 1000-user chunks: within the user windows' own read-ahead (4 blocks of 2000 users).
  const ahead = opts.readAheadChunks ?? 4;
  const chunks = createBlockCache<Map<number, Entitlement[]>>({ ttlMs, maxEntries: 64, now });
  const spaces = createBlockCache<RallyWorkspace[]>({ ttlMs, maxEntries: 64, now });

  const workspacesOf = (ctx: ScimContext) =>
    spaces.get(credentialId(ctx.cred), () => allWorkspaces(opts.client.as(ctx.cred)));
  const key = (ctx: ScimContext, index: number) => `${credentialId(ctx.cred)}\0${index}`;

  const chunk = (ctx: ScimContext, index: number) =>
    chunks.get(key(ctx, index), async () => {
      // A look ahead of the reader: it must not reset the listing nor drop the reader's blocks.
      // The users and the workspace list are read side by side: neither needs the other.
      const [w, spacesNow] = await Promise.all([
        opts.windows.window(ctx.cred, {}, index * size, size, { peek: true }),
        workspacesOf(ctx),
      ]);
      return entitlementsOfUsers(
        opts.client.as(ctx.cred),
        w.users.map((u) => u.ObjectID),
        spacesNow,
      );
    });

  return {
    async read(ctx, users, page) {
      const ids = users.map((u) => u.ObjectID);
      if (!page || ttlMs <= 0) return entitlementsOfUsers(ctx.api, ids, await workspacesOf(ctx));
      if (page.offset === 0) {
        chunks.dropSettled(`${credentialId(ctx.cred)}\0`);
        spaces.delete(credentialId(ctx.cred));
      }
      const first = Math.floor(page.offset / size);
      const last = Math.floor((page.offset + Math.max(1, page.count) - 1) / size);
      const wanted = [];
      for (let i = first; i <= last; i++) wanted.push(chunk(ctx, i));
      // The read-ahead starts with the reader's own chunks, not after them: Okta's first page
      // would otherwise hold back every chunk behind it. Nobody awaits a read-ahead: a failure
      // only means the reader reads that chunk itself.
      for (let i = last + 1; i <= last + ahead; i++) {
        if (!chunks.has(key(ctx, i))) chunk(ctx, i).catch(() => undefined);
      }
      if (first >= 2) chunks.delete(key(ctx, first - 2));
      const maps = await Promise.all(wanted);
      const out = new Map<number, Entitlement[]>();
      const missing: number[] = [];
      for (const id of ids) {
        const held = maps.find((m) => m.has(id))?.get(id);
        if (held) out.set(id, held);
        else missing.push(id);
      }
      // A chunk read ahead may predate a user of this page (a create mid-scan): read those now.
      if (missing.length > 0) {
        const late = await entitlementsOfUsers(ctx.api, missing, await workspacesOf(ctx));
        for (const [id, held] of late) out.set(id, held);
      }
      return out;
    },

    async set(ctx, userId, desired) {
      chunks.dropSettled(`${credentialId(ctx.cred)}\0`);
      const current =
        (await entitlementsOfUsers(ctx.api, [userId], await workspacesOf(ctx))).get(userId) ?? [];
      try {
        await setEntitlements(ctx.api, userId, current, desired);
      } catch (err) {
        throw scimErrorOf(err);
      }
      return (await entitlementsOfUsers(ctx.api, [userId], await workspacesOf(ctx))).get(userId) ?? [];
    },
  };
}

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
 * Users' entitlements for SCIM. An import walks the listing page after page, so after each page
 * the permissions of the next `readAheadPages` pages are read in parallel (their users come from
 * the same read-ahead user windows): Okta's next page then finds its entitlements ready instead of
 * paying Rally's latency again. Entries are keyed by the credential's one-way id and live
 * `ttlMs`; a listing starting at offset 0 and every entitlement write drop the credential's
 * settled entries, so what a write changed is read back fresh.
 */
export function createUserEntitlements(opts: {
  client: RallyClient;
  windows: UserWindowSource;
  readAheadPages?: number;
  ttlMs?: number;
  now?: () => number;
}): UserEntitlements {
  const now = opts.now ?? Date.now;
  const ttlMs = opts.ttlMs ?? 60_000;
  const ahead = opts.readAheadPages ?? 4;
  const pages = createBlockCache<Map<number, Entitlement[]>>({ ttlMs, maxEntries: 64, now });
  const spaces = createBlockCache<RallyWorkspace[]>({ ttlMs, maxEntries: 64, now });

  const workspacesOf = (ctx: ScimContext) =>
    spaces.get(credentialId(ctx.cred), () => allWorkspaces(opts.client.as(ctx.cred)));
  const key = (ctx: ScimContext, offset: number, count: number) =>
    `${credentialId(ctx.cred)}\0${offset}\0${count}`;

  function prefetch(ctx: ScimContext, offset: number, count: number): void {
    for (let i = 1; i <= ahead; i++) {
      const at = offset + i * count;
      if (pages.has(key(ctx, at, count))) continue;
      // Nobody awaits a read-ahead: a failure only means the reader reads that page itself.
      pages
        .get(key(ctx, at, count), async () => {
          const w = await opts.windows.window(ctx.cred, {}, at, count);
          const api = opts.client.as(ctx.cred);
          return entitlementsOfUsers(
            api,
            w.users.map((u) => u.ObjectID),
            await workspacesOf(ctx),
          );
        })
        .catch(() => undefined);
    }
  }

  return {
    async read(ctx, users, page) {
      const ids = users.map((u) => u.ObjectID);
      if (!page || ttlMs <= 0) return entitlementsOfUsers(ctx.api, ids, await workspacesOf(ctx));
      if (page.offset === 0) {
        pages.dropSettled(`${credentialId(ctx.cred)}\0`);
        spaces.delete(credentialId(ctx.cred));
      }
      const cached = await pages.get(key(ctx, page.offset, page.count), async () =>
        entitlementsOfUsers(ctx.api, ids, await workspacesOf(ctx)),
      );
      prefetch(ctx, page.offset, page.count);
      // A page read ahead may predate a user of this page (a create mid-scan): read those now.
      const missing = ids.filter((id) => !cached.has(id));
      if (missing.length === 0) return cached;
      const extra = await entitlementsOfUsers(ctx.api, missing, await workspacesOf(ctx));
      return new Map([...cached, ...extra]);
    },

    async set(ctx, userId, desired) {
      pages.dropSettled(`${credentialId(ctx.cred)}\0`);
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

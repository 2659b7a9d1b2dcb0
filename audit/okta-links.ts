import { isRallyError, type RallyApi, type RallyUser } from '../connector/rally/index.js';
import type { EventStore } from './event-store.js';
import type { LinkStore } from './links.js';
import { settleOne } from './settle.js';

/**
 * SCIM's view of the Okta links (connector/scim/users.ts `ScimLinks`): Okta retries a POST /Users
 * whose answer it lost (or that failed with 5xx) with the same body. If that externalId is
 * linked, or an earlier create of ours for it may have landed, the retry answers the existing
 * user instead of 409, so the retry is a no-op.
 */
export function createOktaLinks(deps: { events: EventStore; links: LinkStore }) {
  return {
    async existing(
      ctx: { api: RallyApi },
      externalId: string,
      userName: string,
    ): Promise<RallyUser | undefined> {
      const linked = await deps.links.byExternalId(externalId);
      if (linked !== undefined) {
        try {
          return await ctx.api.getUser(Number(linked));
        } catch (err) {
          if (!isRallyError(err, 'RALLY_NOT_FOUND')) throw err;
        }
      }
      const ours = (await deps.events.createsFor(externalId)).filter(
        (e) => e.target.userName?.toLowerCase() === userName.toLowerCase(),
      );
      if (ours.length === 0) return undefined;
      // The read settles our unresolved create (audit/settle.ts) when the user is there.
      const user = await ctx.api.findUserByUserName(userName);
      if (!user) {
        // Rally has no such user: our earlier attempts did not land, whatever they were left as.
        for (const e of ours) if (e.outcome.status !== 'succeeded') await settleOne(e, undefined, deps);
        return undefined;
      }
      const createdByUs = ours.some((e) => e.target.id === null || e.target.id === String(user.ObjectID));
      if (!createdByUs) return undefined;
      await deps.links.link(String(user.ObjectID), externalId);
      return user;
    },
    async externalIds(ids: readonly number[]): Promise<ReadonlyMap<number, string>> {
      const found = await deps.links.forIds(ids.map(String));
      return new Map([...found].map(([k, v]) => [Number(k), v]));
    },
    link: (objectId: number, externalId: string) => deps.links.link(String(objectId), externalId),
  };
}

import type { z } from 'zod';
import { decodeCursor, encodeCursor, fingerprint } from '../listing/cursor.js';
import { pageOf } from '../listing/page-of.js';
import type { RallyApi } from '../rally/index.js';
import type {
  EntitlementListSchema,
  EntitlementSchema,
  ListEntitlementsQuery,
} from '../schemas/entitlement.js';
import type { UserWithEntitlementsSchema } from '../schemas/entitlement.js';
import { catalogue, type Entitlement } from './entitlements.js';
import { getUser } from './get-user.js';
import { entitlementsOfUser } from './user-entitlements.js';

export type EntitlementList = z.infer<typeof EntitlementListSchema>;

/** The grantable roles, as SCIM's /ProjectRoles and /WorkspaceRoles list them, cursor-paged. */
export async function listEntitlements(
  api: RallyApi,
  input: z.infer<typeof ListEntitlementsQuery>,
): Promise<EntitlementList> {
  const filterPrint = fingerprint(['entitlements', input.type ?? null]);
  const offset = input.cursor === undefined ? 0 : decodeCursor(input.cursor, filterPrint);
  const page = await pageOf(catalogue(api, input.type), offset, input.limit);
  return {
    entitlements: page.items.map(card),
    nextCursor: page.more ? encodeCursor(offset + page.items.length, filterPrint) : null,
  };
}

/** Get User with the roles the user holds now. */
export async function getUserWithEntitlements(
  api: RallyApi,
  input: { id: string },
): Promise<z.infer<typeof UserWithEntitlementsSchema>> {
  const user = await getUser(api, input);
  return { ...user, entitlements: (await entitlementsOfUser(api, Number(user.id))).map(card) };
}

const card = (e: Entitlement): z.infer<typeof EntitlementSchema> => ({
  id: e.id,
  type: e.type,
  displayName: e.displayName,
  description: e.description,
});

import type { z } from 'zod';
import { decodeCursor, encodeCursor, fingerprint } from '../listing/cursor.js';
import type { UserWindows } from '../listing/user-window.js';
import { fromRally } from '../mapping/user.js';
import { and, where, type Query, type RallyCredential } from '../rally/index.js';
import type { ListUsersQuery, UserListSchema } from '../schemas/user.js';

export type ListUsersInput = z.infer<typeof ListUsersQuery>;
export type UserList = z.infer<typeof UserListSchema>;

/**
 * One page of the user listing. The cursor is an offset into the ObjectID-ordered query, which the
 * shared read-ahead windows serve (connector/listing/user-window.ts), so a Workflows Paginate loop
 * finds its next pages already fetched.
 */
export async function listUsers(
  windows: UserWindows,
  cred: RallyCredential,
  input: ListUsersInput,
): Promise<UserList> {
  // Rally compares UserName without regard to case, so the lower-cased value selects the same users
  // and a cursor does not depend on how the flow spelled it.
  const userName = input.userName?.toLowerCase();
  const filterPrint = fingerprint([userName ?? null, input.email ?? null, input.active ?? null]);
  const offset = input.cursor === undefined ? 0 : decodeCursor(input.cursor, filterPrint);
  const query = userQuery({ ...input, userName });
  const page = await windows.window(cred, query === undefined ? {} : { query }, offset, input.limit);
  const next = offset + page.users.length;
  return {
    users: page.users.map(fromRally),
    nextCursor: page.users.length > 0 && next < page.total ? encodeCursor(next, filterPrint) : null,
    total: page.total,
  };
}

function userQuery(f: {
  userName?: string | undefined;
  email?: string | undefined;
  active?: 'true' | 'false' | undefined;
}): Query | undefined {
  const parts: Query[] = [];
  if (f.userName !== undefined) parts.push(where('UserName', '=', f.userName));
  if (f.email !== undefined) parts.push(where('EmailAddress', '=', f.email));
  if (f.active !== undefined) parts.push(where('Disabled', '=', f.active === 'false'));
  return parts.length === 0 ? undefined : and(...parts);
}

import { fromRally, type User, type UserPatch } from '../mapping/user.js';
import { isRallyError, type RallyApi } from '../rally/index.js';
import type { WriteDeps } from './create-user.js';
import { userNotFound } from './get-user.js';
import { prepareWrite, userExists } from './user-write.js';

/**
 * Update, Deactivate and Reactivate User: only the fields sent change (`active: false` is Rally's
 * `Disabled: true`). An empty patch reads the user back unchanged.
 */
export async function updateUser(
  api: RallyApi,
  input: { id: string; patch: UserPatch },
  deps: WriteDeps,
): Promise<User> {
  const objectId = Number(input.id);
  const fields = await prepareWrite(input.patch, deps.attributes);
  try {
    if (Object.keys(fields).length === 0) return fromRally(await api.getUser(objectId));
    return fromRally(await api.updateUser(objectId, fields));
  } catch (err) {
    if (isRallyError(err, 'RALLY_NOT_FOUND')) throw userNotFound(input.id, err);
    if (isRallyError(err, 'RALLY_CONFLICT') && input.patch.userName)
      throw await userExists(api, input.patch.userName, err);
    throw err;
  }
}

import { ConnectorError } from '../errors.js';
import { fromRally, type User } from '../mapping/user.js';
import { isRallyError, type RallyApi } from '../rally/index.js';

export async function getUser(api: RallyApi, input: { id: string }): Promise<User> {
  try {
    return fromRally(await api.getUser(Number(input.id)));
  } catch (err) {
    throw isRallyError(err, 'RALLY_NOT_FOUND') ? userNotFound(input.id, err) : err;
  }
}

export function userNotFound(id: string | number, cause?: unknown): ConnectorError {
  return new ConnectorError(
    'USER_NOT_FOUND',
    `Rally has no user with id ${id}. Use the id from Create User or Find Users (Find Users by userName if you only know that).`,
    { details: { id: String(id) }, ...(cause !== undefined && { cause }) },
  );
}

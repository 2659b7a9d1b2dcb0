import { fromRally, type User, type UserCreate } from '../mapping/user.js';
import { isRallyError, type RallyApi, type RallyAttribute } from '../rally/index.js';
import { prepareWrite, userExists } from './user-write.js';

export interface WriteDeps {
  /** The User type definition with allowed values, cached per credential. */
  readonly attributes: () => Promise<readonly RallyAttribute[]>;
}

/** Create User: 201 with the user, or USER_EXISTS naming the existing id so a flow can link. */
export async function createUser(api: RallyApi, input: UserCreate, deps: WriteDeps): Promise<User> {
  const fields = await prepareWrite(input, deps.attributes);
  try {
    return fromRally(await api.createUser({ ...fields, UserName: input.userName }));
  } catch (err) {
    throw isRallyError(err, 'RALLY_CONFLICT') ? await userExists(api, input.userName, err) : err;
  }
}

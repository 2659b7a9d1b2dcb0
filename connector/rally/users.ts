import type { Caller } from './caller.js';
import { objectOf, queryPage, type QueryPage } from './envelope.js';
import { isAmbiguous, isRallyError, RallyError } from './errors.js';
import { and, or, where, type Query } from './escape-query.js';
import { paginate } from './paginate.js';
import { USER_FETCH, type RallyUser, type RallyUserWrite } from './types.js';

export interface UserQuery {
  /** Extra filter; disabled and enabled users are both included unless it says otherwise. */
  readonly query?: Query;
  readonly start?: number;
  readonly pageSize?: number;
}

export interface UserOps {
  currentUser(): Promise<RallyUser>;
  getUser(objectId: number): Promise<RallyUser>;
  findUserByUserName(userName: string): Promise<RallyUser | undefined>;
  queryUsers(q?: UserQuery): Promise<QueryPage<RallyUser>>;
  users(q?: Omit<UserQuery, 'start'> & { readAhead?: number }): AsyncGenerator<RallyUser, void, undefined>;
  createUser(fields: RallyUserWrite & { UserName: string }): Promise<RallyUser>;
  updateUser(objectId: number, fields: RallyUserWrite): Promise<RallyUser>;
}

// pyral lists users with this clause: disabled users may be hidden unless asked for (reference).
const ANY_STATE = or(where('Disabled', '=', true), where('Disabled', '=', false));
const STABLE_ORDER = 'ObjectID';

export function createUserOps(
  call: Caller,
  opts: {
    readAhead: number;
    maxAttempts?: number;
    /** Told each UserName lookup after an ambiguous create, and whether the create had landed. */
    onAmbiguousCreate?: (found: boolean) => void;
  },
): UserOps {
  const queryUsers = async (q: UserQuery = {}): Promise<QueryPage<RallyUser>> =>
    queryPage<RallyUser>(
      await call.get('/user', {
        query: q.query ? and(q.query, ANY_STATE) : ANY_STATE,
        fetch: USER_FETCH,
        order: STABLE_ORDER,
        start: q.start ?? 1,
        pagesize: q.pageSize ?? 200,
      }),
    );

  async function findUserByUserName(userName: string): Promise<RallyUser | undefined> {
    const page = await queryUsers({ query: where('UserName', '=', userName), pageSize: 2 });
    // Rally compares UserName without regard to case; so do we, and we check what came back.
    return page.results.find((u) => u.UserName.toLowerCase() === userName.toLowerCase());
  }

  /**
   * Creates are never retried blindly: after a failure that may have reached Rally (reset,
   * gateway error, timeout) we look the UserName up first and return the user if the create did
   * happen. Only when Rally certainly has no such user do we send the create again.
   */
  async function createUser(fields: RallyUserWrite & { UserName: string }): Promise<RallyUser> {
    const maxAttempts = opts.maxAttempts ?? 3;
    for (let attempt = 1; ; attempt++) {
      try {
        return objectOf<RallyUser>(
          await call.write('POST', '/user/create', { User: fields }, { query: { fetch: USER_FETCH } }),
        );
      } catch (err) {
        if (attempt > 1 && isRallyError(err, 'RALLY_CONFLICT')) {
          // Our earlier, ambiguous attempt landed after all.
          const existing = await findUserByUserName(fields.UserName);
          opts.onAmbiguousCreate?.(existing !== undefined);
          if (existing) return existing;
        }
        if (!isAmbiguous(err) || attempt >= maxAttempts) throw err;
        const existing = await findUserByUserName(fields.UserName);
        opts.onAmbiguousCreate?.(existing !== undefined);
        if (existing) return existing;
      }
    }
  }

  return {
    currentUser: async () => objectOf<RallyUser>(await call.get('/user', { fetch: USER_FETCH })),
    getUser: async (objectId) => {
      if (!Number.isSafeInteger(objectId) || objectId <= 0) {
        throw new RallyError('RALLY_NOT_FOUND', 'The Rally object does not exist.');
      }
      return objectOf<RallyUser>(await call.get(`/user/${objectId}`, { fetch: USER_FETCH }));
    },
    findUserByUserName,
    queryUsers,
    users: (q = {}) =>
      paginate((start, pageSize) => queryUsers({ ...q, start, pageSize }), {
        pageSize: q.pageSize ?? 2000,
        readAhead: q.readAhead ?? opts.readAhead,
      }),
    createUser,
    // Setting fields to values is idempotent, so updates may be retried.
    updateUser: async (objectId, fields) =>
      objectOf<RallyUser>(
        await call.write(
          'POST',
          `/user/${objectId}`,
          { User: fields },
          { idempotent: true, query: { fetch: USER_FETCH } },
        ),
      ),
  };
}

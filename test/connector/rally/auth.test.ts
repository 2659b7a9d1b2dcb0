import { expect } from 'chai';
import { isRallyError, RallyError } from '../../../connector/rally/index.js';
import { rejectionOf, startRallyEnv, type RallyEnv } from '../../helpers/rally-env.js';

describe('Rally client authentication', () => {
  let env: RallyEnv;
  before(async () => {
    env = await startRallyEnv();
  });
  after(() => env.close());
  beforeEach(() => env.sandbox.reset());

  it('reads the current user with an API key (ZSESSIONID)', async () => {
    const me = await env.client.as(env.admin.apiKey).currentUser();
    expect(me.UserName).to.equal(env.sandbox.credentials.admin.username);
    expect(me.SubscriptionAdmin).to.equal(true);
  });

  it('reads the current user with Basic credentials', async () => {
    const me = await env.client.as(env.viewer.basic).currentUser();
    expect(me.UserName).to.equal(env.sandbox.credentials.viewer.username);
  });

  it('reports a wrong password as RALLY_UNAUTHORIZED with Rally’s own page title', async () => {
    const err = await rejectionOf(
      env.client.as({ kind: 'basic', username: 'admin@rally.sandbox', password: 'wrong' }).currentUser(),
    );
    expect(isRallyError(err, 'RALLY_UNAUTHORIZED')).to.equal(true);
    const e = err as RallyError;
    expect(e.status).to.equal(401);
    expect(e.rallyMessages.join(' ')).to.match(/Error 401/);
  });

  it('reports an unknown API key as RALLY_UNAUTHORIZED', async () => {
    const err = await rejectionOf(env.client.as({ kind: 'apiKey', apiKey: '_notAKey' }).currentUser());
    expect(isRallyError(err, 'RALLY_UNAUTHORIZED')).to.equal(true);
  });

  it('writes with Basic by fetching a security token bound to the session cookie', async () => {
    const api = env.client.as(env.admin.basic);
    const user = await api.createUser({
      UserName: 'basic.writer@example.com',
      EmailAddress: 'bw@example.com',
    });
    const updated = await api.updateUser(user.ObjectID, { FirstName: 'Basic' });
    expect(updated.FirstName).to.equal('Basic');
    // The second write reused the cached token: one authorize call (a GET) for two writes.
    expect(env.sandbox.stats().byMethod.POST).to.equal(2);
    expect(env.sandbox.stats().byMethod.GET).to.equal(1);
  });

  it('fetches a new token once when Rally says the cached one is invalid', async () => {
    const api = env.client.as(env.admin.basic);
    await api.createUser({ UserName: 'before.reset@example.com', EmailAddress: 'a@example.com' });
    env.sandbox.reset(); // forgets every session: the cached token is now stale
    const user = await api.createUser({ UserName: 'after.reset@example.com', EmailAddress: 'b@example.com' });
    expect(user.UserName).to.equal('after.reset@example.com');
    expect(env.sandbox.inspect.userByUserName('after.reset@example.com')).to.not.equal(undefined);
    // After the reset: the refused write (Invalid key), one new authorize, the write again.
    expect(env.sandbox.stats().byMethod).to.include({ POST: 2, GET: 1 });
  });

  it('writes with an API key without any security token', async () => {
    const user = await env.client
      .as(env.admin.apiKey)
      .createUser({ UserName: 'key.writer@example.com', EmailAddress: 'kw@example.com' });
    expect(user.ObjectID).to.be.a('number');
    expect(env.sandbox.stats().byMethod.GET ?? 0).to.equal(0);
  });

  it('maps a non-admin create to RALLY_FORBIDDEN with Rally’s message', async () => {
    const err = await rejectionOf(
      env.client
        .as(env.viewer.apiKey)
        .createUser({ UserName: 'nope@example.com', EmailAddress: 'n@example.com' }),
    );
    expect(isRallyError(err, 'RALLY_FORBIDDEN')).to.equal(true);
    expect((err as RallyError).rallyMessages).to.have.length.greaterThan(0);
  });
});

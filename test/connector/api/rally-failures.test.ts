import { expect } from 'chai';
import request from 'supertest';
import { startAppEnv, type AppEnv } from '../../helpers/app-env.js';
import { authHeaders, BASE, LEAKS, resetAll } from '../../helpers/connector.js';

/** Rally's failures reach the card as explicit codes, with Rally's words and no internals. */
describe('Rally failures through the connector API', () => {
  let env: AppEnv;
  before(async () => {
    env = await startAppEnv({
      // One attempt, a short deadline and one request at a time with no queue: failures show at once.
      client: {
        retry: { maxAttempts: 1, baseDelayMs: 1, maxDelayMs: 1 },
        timeoutMs: 1_000,
        concurrency: 1,
        queueLimit: 0,
      },
    });
  });
  after(() => env.close());
  beforeEach(() => resetAll(env));

  const getUsers = () => request(env.app).get(`${BASE}/users?limit=5`).set(authHeaders(env, 'admin'));

  it('answers 429 RATE_LIMITED with Rally’s Retry-After in integer seconds', async () => {
    env.sandbox.setFaults({ failNext: [{ status: 429, retryAfter: 7 }] });
    const res = await getUsers().expect(429);
    expect(res.body.error.code).to.equal('RATE_LIMITED');
    expect(res.headers['retry-after']).to.equal('7');
  });

  it('answers 429 with Retry-After when the per-credential queue is full', async () => {
    // Get User reads the user, the workspaces and each workspace's permissions one after another
    // (5 calls): at 150 ms each it stays inside the 1 s deadline while the second request arrives.
    env.sandbox.setFaults({ latencyMs: 150 });
    const oid = String(env.sandbox.inspect.userByUserName('viewer@rally.sandbox')!.ObjectID);
    const getUser = () => request(env.app).get(`${BASE}/users/${oid}`).set(authHeaders(env, 'admin'));
    const [a, b] = await Promise.all([getUser(), getUser()]);
    const statuses = [a.status, b.status].sort();
    expect(statuses).to.deep.equal([200, 429]);
    const limited = a.status === 429 ? a : b;
    expect(limited.headers['retry-after']).to.match(/^\d+$/);
    expect(limited.body.error.message).to.match(/queued/);
  });

  it('answers 502 RALLY_UNAVAILABLE for a Rally gateway error, with Rally’s page title', async () => {
    env.sandbox.setFaults({ failNext: [{ status: 502 }] });
    const res = await getUsers().expect(502);
    expect(res.body.error.code).to.equal('RALLY_UNAVAILABLE');
    expect(JSON.stringify(res.body)).to.not.match(LEAKS);
  });

  it('answers 502 RALLY_UNAVAILABLE when Rally drops the connection', async () => {
    env.sandbox.setFaults({ failNext: ['reset'] });
    const res = await getUsers().expect(502);
    expect(res.body.error.code).to.equal('RALLY_UNAVAILABLE');
  });

  it('answers 504 RALLY_TIMEOUT for a Rally gateway timeout', async () => {
    env.sandbox.setFaults({ failNext: [{ status: 504 }] });
    const res = await getUsers().expect(504);
    expect(res.body.error.code).to.equal('RALLY_TIMEOUT');
  });

  it('answers 504 RALLY_TIMEOUT when Rally does not answer before the deadline', async () => {
    env.sandbox.setFaults({ latencyMs: 1_500 });
    const res = await request(env.app).get(`${BASE}/users/1`).set(authHeaders(env, 'admin')).expect(504);
    expect(res.body.error.code).to.equal('RALLY_TIMEOUT');
  });

  it('does not leave a failed read-ahead block behind for the next reader', async () => {
    env.sandbox.setFaults({ failNext: [{ status: 502 }] });
    await getUsers().expect(502);
    await getUsers().expect(200);
  });
});

import { expect } from 'chai';
import request from 'supertest';
import { startAppEnv, type AppEnv } from '../../helpers/app-env.js';
import { authHeaders, BASE, resetAll } from '../../helpers/connector.js';

/** Fixed Workspace Admin of the sandbox seed (docs/sandbox.md). */
const WORKSPACE_ADMIN_KEY = '_sandboxWorkspaceAdminKey';

describe('GET /connector/v1/ping', () => {
  let env: AppEnv;
  before(async () => {
    env = await startAppEnv();
  });
  after(() => env.close());
  beforeEach(() => resetAll(env));

  it('answers 200 with the account and subscription for a Subscription Admin API key', async () => {
    const res = await request(env.app).get(`${BASE}/ping`).set(authHeaders(env, 'admin')).expect(200);
    expect(res.body).to.deep.include({ working: true, canProvision: true });
    expect(res.body.user).to.include({ userName: 'admin@rally.sandbox', displayName: 'Sandbox Admin' });
    expect(res.body.user.id).to.match(/^\d+$/);
    expect(res.body.subscription.id).to.match(/^\d+$/);
    expect(res.body.subscription.name).to.be.a('string').and.not.equal('');
  });

  it('also checks that Basic credentials can obtain a security token for writes', async () => {
    await request(env.app).get(`${BASE}/ping`).set(authHeaders(env, 'admin')).expect(200);
    const withKey = env.sandbox.stats().requests;
    env.sandbox.reset();
    await request(env.app)
      .get(`${BASE}/ping`)
      .set(authHeaders(env, 'admin', 'basic'))
      .expect(200);
    // One more Rally request than with a key: GET /security/authorize.
    expect(env.sandbox.stats().requests).to.equal(withKey + 1);
  });

  it('answers 401 INVALID_CREDENTIALS naming the username when the password is wrong', async () => {
    const res = await request(env.app)
      .get(`${BASE}/ping`)
      .auth('admin@rally.sandbox', 'not-the-password')
      .expect(401);
    expect(res.body.error.code).to.equal('INVALID_CREDENTIALS');
    expect(res.body.error.message).to.match(/username\/password for admin@rally\.sandbox/);
    expect(res.body.error.details.rallyMessages.join(' ')).to.match(/401/);
    expect(res.headers['www-authenticate']).to.equal('Basic realm="rally-okta-connector"');
    expect(JSON.stringify(res.body)).to.not.include('not-the-password');
  });

  it('answers 401 INVALID_CREDENTIALS saying the API key was refused', async () => {
    const res = await request(env.app)
      .get(`${BASE}/ping`)
      .set('authorization', 'Bearer _unknownKey123')
      .expect(401);
    expect(res.body.error.code).to.equal('INVALID_CREDENTIALS');
    expect(res.body.error.message).to.match(/API key/);
    expect(JSON.stringify(res.body)).to.not.include('_unknownKey123');
  });

  it('answers 403 INSUFFICIENT_PERMISSIONS naming a plain user and the permission it lacks', async () => {
    const res = await request(env.app).get(`${BASE}/ping`).set(authHeaders(env, 'viewer')).expect(403);
    expect(res.body.error.code).to.equal('INSUFFICIENT_PERMISSIONS');
    expect(res.body.error.message)
      .to.include('viewer@rally.sandbox')
      .and.match(/Subscription Admin/);
    expect(res.body.error.details).to.include({
      userName: 'viewer@rally.sandbox',
      missing: 'Subscription Admin',
    });
  });

  it('answers 403 for a Workspace Admin when the subscription does not let them manage users', async () => {
    const res = await request(env.app).get(`${BASE}/ping`).set('zsessionid', WORKSPACE_ADMIN_KEY).expect(403);
    expect(res.body.error.details).to.include({ workspaceAdmin: true });
    expect(res.body.error.message).to.match(/Workspace Admins/);
  });

  it('answers 200 for a Workspace Admin when the subscription lets them manage users', async () => {
    const api = env.client.as(env.admin.apiKey);
    const sub = await api.subscription();
    const res = await fetch(`${env.baseUrl}/subscription/${sub.ObjectID}`, {
      method: 'POST',
      headers: { zsessionid: env.sandbox.credentials.admin.apiKey, 'content-type': 'application/json' },
      body: JSON.stringify({ Subscription: { WorkspaceAdminsCanManageUsers: true } }),
    });
    expect(res.status).to.equal(200);
    const ping = await request(env.app)
      .get(`${BASE}/ping`)
      .set('zsessionid', WORKSPACE_ADMIN_KEY)
      .expect(200);
    expect(ping.body.user.userName).to.equal('wsadmin@rally.sandbox');
  });

  it('answers 502 RALLY_UNAVAILABLE with Rally’s status when Rally is down', async () => {
    env.sandbox.setFaults({ errorRate: 1, errorStatuses: [503] });
    const res = await request(env.app).get(`${BASE}/ping`).set(authHeaders(env, 'admin')).expect(502);
    expect(res.body.error.code).to.equal('RALLY_UNAVAILABLE');
  });
});

import { expect } from 'chai';
import request from 'supertest';
import { endpoints, type Endpoint } from '../../../connector/endpoints.js';
import { startAppEnv, type AppEnv } from '../../helpers/app-env.js';
import { authHeaders, BASE, resetAll } from '../../helpers/connector.js';

describe('connector authentication (pass-through)', () => {
  let env: AppEnv;
  before(async () => {
    env = await startAppEnv();
  });
  after(() => env.close());
  beforeEach(() => resetAll(env));

  for (const form of ['bearer', 'bare', 'zsessionid', 'basic'] as const) {
    it(`accepts the Rally credential as ${form}`, async () => {
      const res = await request(env.app)
        .get(`${BASE}/users?limit=1`)
        .set(authHeaders(env, 'admin', form))
        .expect(200);
      expect(res.body.users).to.have.length(1);
    });
  }

  it('answers 401 with a Basic challenge when no credential is sent', async () => {
    const res = await request(env.app).get(`${BASE}/users`).expect(401);
    expect(res.body.error).to.include({ code: 'INVALID_CREDENTIALS', status: 401 });
    expect(res.body.error.message).to.match(/Basic auth|Bearer/);
    expect(res.headers['www-authenticate']).to.equal('Basic realm="rally-okta-connector"');
  });

  const refused: Array<[string, Record<string, string>]> = [
    ['an unknown scheme', { authorization: 'Digest username="x"' }],
    ['malformed Basic', { authorization: 'Basic %%%' }],
    [
      'Basic without a password',
      { authorization: `Basic ${Buffer.from('admin@rally.sandbox').toString('base64')}` },
    ],
    ['a Bearer value that is not a key', { authorization: 'Bearer a b c' }],
  ];
  for (const [what, headers] of refused) {
    it(`answers 401 INVALID_CREDENTIALS to ${what}`, async () => {
      const res = await request(env.app).get(`${BASE}/users`).set(headers).expect(401);
      expect(res.body.error.code).to.equal('INVALID_CREDENTIALS');
      expect(res.headers['www-authenticate']).to.match(/^Basic realm=/);
    });
  }

  it('refuses a wrong password on every endpoint, not only /ping', async () => {
    const res = await request(env.app).get(`${BASE}/groups`).auth('admin@rally.sandbox', 'wrong').expect(401);
    expect(res.body.error.message).to.match(/username\/password/);
  });

  for (const ep of Object.values(endpoints) as Endpoint[]) {
    it(`${ep.method} ${ep.path} answers 401 without a credential and with a wrong password`, async () => {
      const url =
        BASE +
        ep.path.replace('{id}', ep.path.startsWith('/groups') ? 'project:1' : '1').replace('{userId}', '1');
      const send = (headers: Record<string, string>) => {
        const req = request(env.app)[ep.method.toLowerCase() as 'get'](url).set(headers);
        return ep.body ? req.send({}) : req;
      };
      const none = await send({}).expect(401);
      expect(none.body.error.code).to.equal('INVALID_CREDENTIALS');
      const wrong = await send({
        authorization: `Basic ${Buffer.from('admin@rally.sandbox:wrong').toString('base64')}`,
      });
      expect(wrong.status, JSON.stringify(wrong.body)).to.be.oneOf([400, 401]);
      if (wrong.status === 401) expect(wrong.body.error.message).to.match(/username\/password/);
    });
  }

  it('never writes credentials to the log', async () => {
    const { admin } = env.sandbox.credentials;
    await request(env.app)
      .get(`${BASE}/users?limit=1`)
      .set(authHeaders(env, 'admin', 'basic'))
      .expect(200);
    await request(env.app)
      .get(`${BASE}/users?limit=1`)
      .set(authHeaders(env, 'admin', 'zsessionid'))
      .expect(200);
    await request(env.app)
      .post(`${BASE}/users`)
      .set(authHeaders(env, 'admin', 'basic'))
      .send({ userName: 'logged.not@example.com', email: 'logged.not@example.com' })
      .expect(201);
    const logs = env.logs();
    expect(logs).to.include('/connector/v1/users');
    for (const secret of [
      admin.password,
      admin.apiKey,
      Buffer.from(`${admin.username}:${admin.password}`).toString('base64'),
    ]) {
      expect(logs).to.not.include(secret);
    }
  });
});

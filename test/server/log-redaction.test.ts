import { expect } from 'chai';
import request from 'supertest';
import { startAppEnv, type AppEnv } from '../helpers/app-env.js';

describe('logs never carry secrets', () => {
  let env: AppEnv;
  before(async () => {
    env = await startAppEnv();
  });
  after(() => env.close());

  it('keeps passwords, API keys, security tokens and cookies out of every log line', async () => {
    const { admin } = env.sandbox.credentials;
    const basic = `Basic ${Buffer.from(`${admin.username}:${admin.password}`).toString('base64')}`;
    // Through the mounted sandbox: Basic read, security token, Basic write with ?key= and cookie.
    const auth = await request(env.app)
      .get('/sandbox/slm/webservice/v2.0/security/authorize')
      .set('Authorization', basic);
    const token: string = auth.body.OperationResult.SecurityToken;
    const cookie = auth.headers['set-cookie'] as unknown as string[];
    await request(env.app)
      .post(`/sandbox/slm/webservice/v2.0/user/create?key=${token}`)
      .set('Authorization', basic)
      .set('Cookie', cookie)
      .send({ User: { UserName: 'logged@example.com', EmailAddress: 'l@example.com' } })
      .expect(200);
    await request(env.app)
      .get('/sandbox/slm/webservice/v2.0/user')
      .set('ZSESSIONID', admin.apiKey)
      .expect(200);
    // Through the client, which logs every Rally call at debug level.
    await env.client
      .as(env.admin.basic)
      .createUser({ UserName: 'logged2@example.com', EmailAddress: 'l@example.com' });
    await env.client.as(env.admin.apiKey).currentUser();
    await request(env.app).get('/readyz').set('Authorization', basic).expect(200);

    const logs = env.logs();
    expect(logs.length).to.be.greaterThan(200);
    for (const secret of [
      admin.password,
      admin.apiKey,
      token,
      Buffer.from(`${admin.username}:${admin.password}`).toString('base64'),
    ]) {
      expect(logs, `log contains ${secret.slice(0, 3)}…`).to.not.contain(secret);
    }
    for (const c of cookie) expect(logs).to.not.contain(c.split(';')[0]!.split('=')[1]!);
  });
});

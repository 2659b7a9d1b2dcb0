import { expect } from 'chai';
import request from 'supertest';
import { createApp } from '../../server/app.js';
import { loadConfig } from '../../server/config.js';
import { startAppEnv, type AppEnv } from '../helpers/app-env.js';
import { startConsoleEnv } from './helpers/console-env.js';

describe('failed-authentication limit per client address', function () {
  this.timeout(30_000);
  let env: AppEnv;
  before(async () => {
    env = await startAppEnv({ users: 5 });
  });
  after(() => env?.close());

  /** A fresh app (and counter) over the same sandbox, with these variables. */
  const variant = (vars: Record<string, string>) =>
    createApp({ ...env.deps, config: loadConfig({ RALLY_URL: env.baseUrl, ...vars }) });

  const key = () => `Bearer ${env.sandbox.credentials.admin.apiKey}`;

  it('answers 429 with Retry-After to the identity that failed AUTH_FAIL_LIMIT times, not to other credentials from the address', async () => {
    const app = variant({ AUTH_FAIL_LIMIT: '3', AUTH_FAIL_WINDOW_SECONDS: '120' });
    const bad = 'Bearer _wrongKey12345';
    for (let i = 0; i < 3; i++)
      await request(app).get('/connector/v1/ping').set('Authorization', bad).expect(401);
    const res = await request(app).get('/connector/v1/ping').set('Authorization', bad).expect(429);
    expect(Number(res.headers['retry-after'])).to.be.within(1, 120);
    expect(res.body.error.code).to.equal('TOO_MANY_AUTH_FAILURES');
    expect(res.body.error.message).to.include('this API key').and.not.include('_wrongKey12345');
    const scim = await request(app).get('/scim/v2/Users').set('Authorization', bad).expect(429);
    expect(scim.headers['retry-after']).to.match(/^\d+$/);
    expect(scim.body).to.include({ status: '429' });
    expect(scim.body.schemas).to.deep.equal(['urn:ietf:params:scim:api:messages:2.0:Error']);
    await request(app).get('/connector/v1/ping').set('Authorization', key()).expect(200);
    await request(app).get('/scim/v2/Users?count=1').set('Authorization', key()).expect(200);
  });

  it('keys Basic failures by username and names the blocked user (never the password) in the 429', async () => {
    const app = variant({ AUTH_FAIL_LIMIT: '2' });
    for (let i = 0; i < 2; i++)
      await request(app).get('/connector/v1/ping').auth('Nobody@acme.example', 'stale-password').expect(401);
    // Another password for the same username is the same identity.
    const res = await request(app)
      .get('/connector/v1/ping')
      .auth('nobody@acme.example', 'other-guess')
      .expect(429);
    expect(res.body.error.message).to.include('nobody@acme.example').and.not.include('guess');
    expect(res.body.error.details).to.deep.include({ user: 'nobody@acme.example' });
    const { username, password } = env.sandbox.credentials.admin;
    await request(app).get('/connector/v1/ping').auth(username, password).expect(200);
  });

  it('never names a Basic value without a colon (no username, maybe a secret) in the 429', async () => {
    const app = variant({ AUTH_FAIL_LIMIT: '2' });
    const header = `Basic ${Buffer.from('_pastedApiKey0123456789').toString('base64')}`;
    const statuses = [];
    for (let i = 0; i < 3; i++)
      statuses.push(await request(app).get('/connector/v1/ping').set('Authorization', header));
    expect(statuses.map((r) => r.status)).to.deep.equal([401, 401, 429]);
    const refused = statuses[2]!;
    expect(JSON.stringify(refused.body)).to.not.include('pastedapikey').and.not.include('_pastedApiKey');
    expect(refused.body.error.details).to.not.have.property('user');
  });

  it('keeps serving a credential that authenticated while guesses block its username', async () => {
    const app = variant({ AUTH_FAIL_LIMIT: '3', AUTH_SPRAY_LIMIT: '3' });
    const { username, password } = env.sandbox.credentials.admin;
    await request(app).get('/connector/v1/ping').auth(username, password).expect(200);
    for (let i = 0; i < 3; i++)
      await request(app).get('/connector/v1/ping').auth(username, `guess-${i}`).expect(401);
    await request(app).get('/connector/v1/ping').auth(username, 'guess-4').expect(429);
    // Whoever guesses the admin's username cannot lock out the admin's working connection.
    await request(app).get('/connector/v1/ping').auth(username, password).expect(200);
  });

  it('limits how many distinct identities may fail from one address, still serving one that authenticated there', async () => {
    const app = variant({ AUTH_FAIL_LIMIT: '5', AUTH_SPRAY_LIMIT: '3' });
    const guess = (n: number) =>
      request(app).get('/connector/v1/ping').auth(`sprayed${n}@acme.example`, 'password1');
    await guess(1).expect(401);
    await guess(2).expect(401);
    await request(app).get('/connector/v1/ping').set('Authorization', key()).expect(200);
    await guess(3).expect(401);
    const refused = await guess(4).expect(429);
    expect(refused.body.error.message)
      .to.include('different credentials')
      .and.include('sprayed4@acme.example');
    // Identities already failing keep their own count (5) and are not refused early.
    await guess(1).expect(401);
    await request(app).get('/connector/v1/ping').set('Authorization', key()).expect(200);
  });

  it('does not count successful requests, however many run at once', async () => {
    const app = variant({ AUTH_FAIL_LIMIT: '3' });
    await Promise.all(
      Array.from({ length: 12 }, () =>
        request(app).get('/connector/v1/ping').set('Authorization', key()).expect(200),
      ),
    );
    for (let i = 0; i < 2; i++)
      await request(app).get('/connector/v1/ping').set('Authorization', 'Bearer _wrongKey12345').expect(401);
    await request(app).get('/connector/v1/ping').set('Authorization', key()).expect(200);
  });

  it('does not count requests that presented no credential (a challenge is not a failure)', async () => {
    const app = variant({ AUTH_FAIL_LIMIT: '2' });
    for (let i = 0; i < 5; i++) await request(app).get('/connector/v1/ping').expect(401);
    await request(app).get('/connector/v1/ping').set('Authorization', key()).expect(200);
  });

  it('counts a concurrent burst of bad credentials from an address that already failed', async () => {
    const app = variant({ AUTH_FAIL_LIMIT: '3' });
    const bad = () => request(app).get('/connector/v1/ping').set('Authorization', 'Bearer _wrongKey12345');
    await bad().expect(401);
    const burst = await Promise.all(Array.from({ length: 10 }, () => bad()));
    const passed = burst.filter((r) => r.status === 401).length;
    // Counted on arrival: only limit − 1 more may reach the credential check.
    expect(passed).to.equal(2);
    expect(burst.filter((r) => r.status === 429)).to.have.length(8);
  });

  it('counts a concurrent burst of distinct passwords for an identity that never failed', async () => {
    const app = variant({ AUTH_FAIL_LIMIT: '3' });
    const burst = await Promise.all(
      Array.from({ length: 10 }, (_, n) =>
        request(app).get('/connector/v1/ping').auth('fresh@acme.example', `guess-${n}`),
      ),
    );
    // Guesses still in flight count: no more than the limit reach the credential check.
    expect(burst.filter((r) => r.status === 401).length).to.be.at.most(3);
    expect(burst.filter((r) => r.status === 429).length).to.be.at.least(7);
    const { username, password } = env.sandbox.credentials.admin;
    await request(app).get('/connector/v1/ping').auth(username, password).expect(200);
  });

  it('counts a concurrent burst of distinct identities against the spraying limit', async () => {
    const app = variant({ AUTH_FAIL_LIMIT: '5', AUTH_SPRAY_LIMIT: '3' });
    await request(app).get('/connector/v1/ping').set('Authorization', key()).expect(200);
    const burst = await Promise.all(
      Array.from({ length: 10 }, (_, n) =>
        request(app).get('/connector/v1/ping').auth(`burst${n}@acme.example`, 'password1'),
      ),
    );
    expect(burst.filter((r) => r.status === 401).length).to.be.at.most(3);
    // A good credential's own concurrent requests are not identities being sprayed.
    const good = await Promise.all(
      Array.from({ length: 12 }, () => request(app).get('/connector/v1/ping').set('Authorization', key())),
    );
    expect(good.map((r) => r.status)).to.deep.equal(Array(12).fill(200));
  });

  it('keys on X-Forwarded-For only when TRUST_PROXY trusts the proxy', async () => {
    const trusting = variant({ AUTH_FAIL_LIMIT: '2', TRUST_PROXY: '1' });
    const bad = 'Bearer _wrongKey12345';
    const ping = (app: typeof trusting, ip: string) =>
      request(app).get('/connector/v1/ping').set('X-Forwarded-For', ip).set('Authorization', bad);
    for (let i = 0; i < 2; i++) await ping(trusting, '203.0.113.5').expect(401);
    await ping(trusting, '203.0.113.5').expect(429);
    await ping(trusting, '203.0.113.6').expect(401);

    const direct = variant({ AUTH_FAIL_LIMIT: '2' });
    for (const ip of ['203.0.113.7', '203.0.113.8']) await ping(direct, ip).expect(401);
    await ping(direct, '203.0.113.9').expect(429);
  });
});

describe('failed-authentication limit on the console', function () {
  this.timeout(30_000);

  it('counts failed sign-in callbacks and answers browsers with a 429 page, leaving the APIs open', async () => {
    const c = await startConsoleEnv({ env: { AUTH_FAIL_LIMIT: '2' } });
    try {
      const agent = c.agent();
      // A callback no sign-in started is refused but not counted: any page could trigger one.
      for (let i = 0; i < 3; i++)
        expect((await agent.request(`${c.appUrl}/auth/callback?code=guess&state=guess`)).status).to.equal(
          400,
        );
      for (let i = 0; i < 2; i++) {
        expect((await agent.request(`${c.appUrl}/auth/login`)).status).to.equal(302);
        expect((await agent.request(`${c.appUrl}/auth/callback?code=guess&state=guess`)).status).to.equal(
          400,
        );
      }
      const page = await agent.request(`${c.appUrl}/auth/login`);
      expect(page.status).to.equal(429);
      expect(page.headers.get('retry-after')).to.match(/^\d+$/);
      expect(page.body).to.include('Too many failed authentication attempts');
      // Console failures never lock the APIs from the same address.
      const api = await fetch(`${c.appUrl}/connector/v1/ping`, {
        headers: { authorization: `Bearer ${c.env.sandbox.credentials.admin.apiKey}` },
      });
      expect(api.status).to.equal(200);
    } finally {
      await c.close();
    }
  });
});

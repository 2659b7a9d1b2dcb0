import { expect } from 'chai';
import request from 'supertest';
import { startAppEnv, type AppEnv } from '../helpers/app-env.js';
import { scimErrorShape, SCIM } from './helpers.js';

describe('SCIM requests need an account that may provision users', () => {
  let env: AppEnv;
  before(async () => {
    env = await startAppEnv();
  });
  after(() => env.close());
  beforeEach(() => env.sandbox.reset());

  const basic = (u: string, p: string) => `Basic ${Buffer.from(`${u}:${p}`).toString('base64')}`;

  it('fails Test API Credentials (GET /Users) for a valid account that is not a Subscription Admin', async () => {
    const { viewer } = env.sandbox.credentials;
    for (const auth of [`Bearer ${viewer.apiKey}`, basic(viewer.username, viewer.password)]) {
      const res = await request(env.app)
        .get(`${SCIM}/Users?startIndex=1&count=2`)
        .set('Authorization', auth)
        .expect(403);
      scimErrorShape(res.body, 403);
      expect(res.body.detail)
        .to.contain(viewer.username)
        .and.match(/Subscription Admin/);
    }
  });

  it('answers 401 for credentials Rally refuses, saying which part was refused', async () => {
    const res = await request(env.app)
      .get(`${SCIM}/Users`)
      .set('Authorization', basic('admin@rally.sandbox', 'wrong-password'))
      .expect(401);
    scimErrorShape(res.body, 401);
    expect(res.body.detail).to.match(/username|password/i);
  });

  it('checks an admin once, then serves from the cached verdict', async () => {
    const auth = `Bearer ${env.sandbox.credentials.admin.apiKey}`;
    // Without entitlements (docs/entitlements.md), so the page is exactly one Rally query.
    const page = `${SCIM}/Users?count=1&excludedAttributes=entitlements`;
    await request(env.app).get(page).set('Authorization', auth).expect(200);
    const after = env.sandbox.stats().requests;
    await request(env.app).get(page).set('Authorization', auth).expect(200);
    // One Rally query for the page itself; the check is not repeated.
    expect(env.sandbox.stats().requests - after).to.equal(1);
  });
});

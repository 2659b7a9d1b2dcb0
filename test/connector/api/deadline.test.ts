import { expect } from 'chai';
import request from 'supertest';
import { startAppEnv, type AppEnv } from '../../helpers/app-env.js';

/**
 * RALLY_TIMEOUT_MS bounds a whole request to this service, however many Rally calls it makes,
 * so a Workflows card (30 s) or Okta's SCIM client (60 s) always gets an answer in time.
 */
describe('one Rally time budget per request', () => {
  let env: AppEnv;
  before(async () => {
    env = await startAppEnv({ client: { timeoutMs: 400 } });
  });
  after(() => env.close());
  beforeEach(() => env.sandbox.reset());

  it('answers 504 when a multi-call operation outlasts the budget, though each call is within it', async () => {
    // ping makes at least three Rally calls one after another; each takes ~250 ms < 400 ms.
    env.sandbox.setFaults({ latencyMs: 250 });
    const started = Date.now();
    const res = await request(env.app)
      .get('/connector/v1/ping')
      .set('Authorization', `Bearer ${env.sandbox.credentials.admin.apiKey}`);
    expect(res.status).to.equal(504);
    expect(res.body.error.code).to.equal('RALLY_TIMEOUT');
    expect(Date.now() - started).to.be.below(900);
  });

  it('answers normally when the operation fits the budget', async () => {
    env.sandbox.setFaults({ latencyMs: 20 });
    await request(env.app)
      .get('/connector/v1/ping')
      .set('Authorization', `Bearer ${env.sandbox.credentials.admin.apiKey}`)
      .expect(200);
  });
});

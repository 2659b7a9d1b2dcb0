import { expect } from 'chai';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import { createRallyClient } from '../../connector/rally/index.js';
import { createApp } from '../../server/app.js';
import { startAppEnv, type AppEnv } from '../helpers/app-env.js';

describe('service basics', () => {
  let env: AppEnv;
  before(async () => {
    env = await startAppEnv();
  });
  after(() => env.close());

  it('answers liveness', () => request(env.app).get('/healthz').expect(200, { status: 'ok' }));

  it('is ready when the Rally target answers', async () => {
    const res = await request(env.app).get('/readyz').expect(200);
    expect(res.body.status).to.equal('ready');
    expect(res.body.rally.up).to.equal(true);
  });

  it('shares one Rally probe among readiness checks for a few seconds', async () => {
    const app = createApp(env.deps);
    const before = env.sandbox.stats().requests;
    await Promise.all([1, 2, 3].map(() => request(app).get('/readyz').expect(200)));
    await request(app).get('/readyz').expect(200);
    expect(env.sandbox.stats().requests - before).to.equal(1);
  });

  it('is not ready when the Rally target is down, and says what to check', async () => {
    // A port nothing listens on: connection refused, as for an unreachable RALLY_URL.
    const closed = await new Promise<number>((resolve) => {
      const srv = createServer().listen(0, '127.0.0.1', () => {
        const { port } = srv.address() as AddressInfo;
        srv.close(() => resolve(port));
      });
    });
    const down = createRallyClient({ baseUrl: `http://127.0.0.1:${closed}/slm/webservice/v2.0` });
    const app = createApp({ ...env.deps, rally: down });
    try {
      const res = await request(app).get('/readyz').expect(503);
      expect(res.body.message).to.match(/RALLY_URL/);
      expect(res.body.rally.up).to.equal(false);
    } finally {
      await down.close();
    }
  });

  it('answers unknown routes with a JSON 404 and no stack', async () => {
    const res = await request(env.app).get('/nope/../etc').expect(404);
    expect(res.body.error.code).to.equal('ROUTE_NOT_FOUND');
    expect(JSON.stringify(res.body)).to.not.match(/node_modules|\.ts:|at .*\(/);
  });

  it('sets security headers', async () => {
    const res = await request(env.app).get('/healthz');
    expect(res.headers['x-content-type-options']).to.equal('nosniff');
    expect(res.headers['content-security-policy']).to.be.a('string');
    expect(res.headers['x-powered-by']).to.equal(undefined);
  });

  it('serves the embedded sandbox under /sandbox', async () => {
    const res = await request(env.app)
      .get('/sandbox/slm/webservice/v2.0/user')
      .set('ZSESSIONID', env.sandbox.credentials.admin.apiKey)
      .expect(200);
    expect(res.body.User.UserName).to.equal(env.sandbox.credentials.admin.username);
  });
});

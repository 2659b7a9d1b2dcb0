import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { expect } from 'chai';
import request from 'supertest';
import { authHeaders, BASE } from '../helpers/connector.js';
import { oktaCreateBody, scim } from '../scim/helpers.js';
import { startAuditApp, type AuditAppEnv } from './helpers/audit-app.js';
import { ENGINES, engineFor, type EngineEnv } from './helpers/engines.js';

const cli = new URL('../../server/cli.ts', import.meta.url).pathname;

for (const engine of ENGINES) {
  describe(`reconciliation (${engine})`, function () {
    this.timeout(60_000);
    let store: EngineEnv;
    let env: AuditAppEnv;
    const ids: Record<string, string> = {};
    before(async function () {
      store = await engineFor(this, engine);
      env = await startAuditApp(store, { users: 30 });
      for (const n of ['okta.a', 'okta.b']) {
        ids[n] = (
          await scim(env)
            .post('/Users', oktaCreateBody(`${n}@example.com`, { externalId: `00u-${n}` }))
            .expect(201)
        ).body.id;
      }
      const name = 'flow.c@example.com';
      ids['flow.c'] = (
        await request(env.app)
          .post(`${BASE}/users`)
          .set(authHeaders(env, 'admin'))
          .send({ userName: name, email: name })
          .expect(201)
      ).body.id;
      await scim(env).delete(`/Users/${ids['okta.b']}`).expect(204);
      // Someone reactivates okta.b in Rally directly, behind Okta's back.
      await env.client.as(env.admin.apiKey).updateUser(Number(ids['okta.b']), { Disabled: false });
    });
    after(async () => {
      await env?.close();
      await store?.close();
    });

    const report = async () =>
      (await request(env.app).get('/audit/v1/reconciliation').set(authHeaders(env, 'admin')).expect(200))
        .body;

    it('lists unmanaged users, users reactivated behind Okta, Subscription Admins and counts per workspace', async () => {
      const r = await report();
      const unmanaged = r.unmanaged.map((u: { id: string }) => u.id);
      expect(unmanaged).not.to.include.members([ids['okta.a'], ids['okta.b'], ids['flow.c']]);
      const activeSeeded = [];
      for await (const u of env.client.as(env.admin.apiKey).users())
        if (!u.Disabled) activeSeeded.push(String(u.ObjectID));
      expect(unmanaged.length).to.equal(activeSeeded.length - 3);
      expect(r.reactivatedBehindOkta.map((u: { id: string }) => u.id)).to.deep.equal([ids['okta.b']]);
      expect(r.subscriptionAdmin.map((u: { userName: string }) => u.userName)).to.include(
        env.sandbox.credentials.admin.username,
      );
      expect(r.totals.activeUsers).to.equal(activeSeeded.length);
      expect(r.workspaces.length).to.be.greaterThan(0);
      expect(r.workspaces[0]).to.include.keys('name', 'activeUsers', 'unmanaged');
      await request(env.app).get('/audit/v1/reconciliation').set(authHeaders(env, 'viewer')).expect(403);
    });

    it('exports the findings as CSV, from the API and from `rally-okta reconcile`', async () => {
      const r = await report();
      const csv = await request(env.app)
        .get('/audit/v1/reconciliation?format=csv')
        .set(authHeaders(env, 'admin'))
        .expect(200);
      const lines = csv.text.trim().split('\r\n');
      expect(lines[0]).to.equal('finding,id,userName,email');
      expect(lines.filter((l) => l.startsWith('unmanaged,'))).to.have.length(r.unmanaged.length);
      const out = await promisify(execFile)(
        process.execPath,
        ['--import', 'tsx', cli, 'reconcile', '--csv'],
        {
          env: {
            PATH: process.env.PATH,
            ...store.env,
            RALLY_URL: env.baseUrl,
            RALLY_API_KEY: env.sandbox.credentials.admin.apiKey,
            LOG_LEVEL: 'silent',
          },
        },
      );
      expect(out.stdout.trim().split('\r\n').sort()).to.deep.equal([...lines].sort());
    });

    it('deactivates the ids it is given, each recorded with surface console', async () => {
      const admins = new Set([
        env.sandbox.credentials.admin.username,
        env.sandbox.credentials.viewer.username,
      ]);
      const target = ((await report()).unmanaged as Array<{ id: string; userName: string }>).find(
        (u) => !admins.has(u.userName),
      )!;
      const res = await request(env.app)
        .post('/audit/v1/reconciliation/deactivate')
        .set(authHeaders(env, 'admin'))
        .send({ ids: [target.id, ids['okta.a'], '999999999'] })
        .expect(200);
      expect(
        res.body.results.map((r: { status: string }) => r.status),
        JSON.stringify(res.body),
      ).to.deep.equal(['deactivated', 'deactivated', 'failed']);
      expect(res.body.results[2].code).to.equal('NOT_FOUND');
      expect(env.sandbox.inspect.userByUserName(target.userName)?.Disabled).to.equal(true);
      const [e] = await env.audit.events.page({ targetId: target.id }, 5);
      expect(e).to.deep.include({
        surface: 'console',
        operation: 'user.deactivate',
        actor: env.sandbox.credentials.admin.username,
      });
      expect(e!.outcome.status).to.equal('succeeded');
      await request(env.app)
        .post('/audit/v1/reconciliation/deactivate')
        .set(authHeaders(env, 'admin'))
        .send({ ids: [] })
        .expect(400);
    });
  });
}

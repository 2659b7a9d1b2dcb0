import { expect } from 'chai';
import request from 'supertest';
import { authHeaders, BASE } from '../helpers/connector.js';
import { startRallyEnv, type RallyEnv } from '../helpers/rally-env.js';
import { startAuditApp, type AuditAppEnv } from './helpers/audit-app.js';
import { ENGINES, engineFor, type EngineEnv } from './helpers/engines.js';
import { startServiceChild } from './helpers/service-child.js';
import { openStore } from '../../store/index.js';

const API = '/audit/v1';

for (const engine of ENGINES) {
  describe(`GET /audit/v1/events (${engine})`, function () {
    let store: EngineEnv;
    let env: AuditAppEnv;
    before(async function () {
      store = await engineFor(this, engine);
      env = await startAuditApp(store);
      for (let i = 0; i < 5; i++) {
        const name = `api.${i}@example.com`;
        const r = await request(env.app)
          .post(`${BASE}/users`)
          .set(authHeaders(env, 'admin'))
          .send({ userName: name, email: name });
        if (i === 4)
          await request(env.app)
            .patch(`${BASE}/users/${r.body.id}`)
            .set(authHeaders(env, 'admin'))
            .send({ active: false });
      }
    });
    after(async () => {
      await env?.close();
      await store?.close();
    });
    const get = (q: Record<string, string> = {}) =>
      request(env.app).get(`${API}/events`).query(q).set(authHeaders(env, 'admin'));

    it('refuses no credential with 401 and a non-admin Rally credential with 403', async () => {
      const none = await request(env.app).get(`${API}/events`).expect(401);
      expect(none.body.error.code).to.equal('INVALID_CREDENTIALS');
      const viewer = await request(env.app).get(`${API}/events`).set(authHeaders(env, 'viewer')).expect(403);
      expect(viewer.body.error.code).to.equal('INSUFFICIENT_PERMISSIONS');
      await request(env.app).get(`${API}/events?format=csv`).set(authHeaders(env, 'viewer')).expect(403);
    });

    it('pages newest first with a cursor, and filters', async () => {
      const first = (await get({ limit: '4' }).expect(200)).body;
      expect(first.events).to.have.length(4);
      expect(first.events[0].operation).to.equal('user.deactivate');
      const second = (await get({ limit: '4', cursor: first.nextCursor }).expect(200)).body;
      expect(second.events).to.have.length(2);
      expect(second.nextCursor).to.equal(null);
      const all = [...first.events, ...second.events];
      expect(new Set(all.map((e: { id: string }) => e.id)).size).to.equal(6);
      const ats = all.map((e: { at: string }) => e.at);
      expect(ats).to.deep.equal([...ats].sort().reverse());

      expect((await get({ userName: 'API.4@example.com' }).expect(200)).body.events).to.have.length(2);
      expect((await get({ operation: 'user.deactivate' }).expect(200)).body.events).to.have.length(1);
      expect((await get({ surface: 'scim' }).expect(200)).body.events).to.have.length(0);
      expect(
        (await get({ status: 'succeeded', surface: 'connector' }).expect(200)).body.events,
      ).to.have.length(6);
      expect((await get({ since: '2999-01-01' }).expect(200)).body.events).to.have.length(0);
      const id = first.events[0].target.id as string;
      expect((await get({ targetId: id }).expect(200)).body.events).to.have.length(2);
    });

    it('names each bad parameter with 400 INVALID_FILTER', async () => {
      const bad = await get({ limit: '501', status: 'maybe', since: 'yesterday', colour: 'red' }).expect(400);
      expect(bad.body.error.code).to.equal('INVALID_FILTER');
      for (const word of ['limit', 'status', 'since', 'colour'])
        expect(bad.body.error.message).to.include(word);
      expect((await get({ cursor: 'bm9wZQ' }).expect(400)).body.error.message).to.include('cursor');
    });

    it('streams the same selection as CSV and JSONL downloads', async () => {
      const csv = await get({ format: 'csv', userName: 'api.4@example.com' }).expect(200);
      expect(csv.headers['content-type']).to.match(/^text\/csv/);
      expect(csv.headers['content-disposition']).to.match(/attachment/);
      const lines = csv.text.trim().split('\r\n');
      expect(lines[0]).to.match(/^id,at,surface,operation,actor/);
      expect(lines).to.have.length(3);
      const jsonl = await get({ format: 'jsonl' }).expect(200);
      const events = jsonl.text
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as { id: string });
      expect(events.map((e) => e.id)).to.deep.equal(
        (await get({ limit: '500' })).body.events.map((e: { id: string }) => e.id),
      );
    });

    it('settles a stale pending create on the next read of that user', async () => {
      const name = 'api.0@example.com';
      const user = env.sandbox.inspect.userByUserName(name)!;
      await env.audit.events.begin({
        surface: 'scim',
        operation: 'user.create',
        actor: 'someone',
        request: { id: null, address: null },
        target: { id: null, userName: name, externalId: '00u-stale' },
        changes: {},
        deadline: Date.now() - 1,
      });
      expect((await get({ status: 'unknown' }).expect(200)).body.events).to.have.length(1);
      await request(env.app).get(`${BASE}/users/${user.ObjectID}`).set(authHeaders(env, 'admin')).expect(200);
      expect((await get({ status: 'unknown' }).expect(200)).body.events).to.have.length(0);
      expect(await env.audit.links.byExternalId('00u-stale')).to.equal(String(user.ObjectID));
    });
  });

  describe(`audit exports of 100,000 events (${engine})`, function () {
    this.timeout(180_000);
    let store: EngineEnv;
    let rally: RallyEnv;
    before(async function () {
      store = await engineFor(this, engine);
      rally = await startRallyEnv({ seed: { users: 0 } });
      const db = await openStore(store.store);
      const row =
        "(?, ?, 'scim', 'user.update', 'admin@rally.sandbox', 'okta-1', '127.0.0.1', ?, ?, ?, NULL, ?, 'succeeded', NULL, NULL, 12, 0)";
      const base = Date.now() - 200_000; // recent: retention must not prune them
      for (let start = 0; start < 100_000; start += 500) {
        const params: Array<string | number> = [];
        for (let i = start; i < start + 500; i++) {
          const name = `bulk.${i}@example.com`;
          params.push(
            `bulk-${String(i).padStart(6, '0')}`,
            base + i,
            String(10_000 + i),
            name,
            name,
            JSON.stringify({ Department: { before: 'Sales', after: `Engineering ${i}` } }),
          );
        }
        await db.run(
          `INSERT INTO audit_events (id, at, surface, operation, actor, request_id, client_address, target_id, target_user_name, target_user_name_lc, target_external_id, changes, status, error_code, rally_message, duration_ms, deadline) VALUES ${Array.from({ length: 500 }, () => row).join(', ')}`,
          params,
        );
      }
      await db.close();
    });
    after(async () => {
      await rally?.close();
      await store?.close();
    });

    for (const format of ['csv', 'jsonl']) {
      it(`streams ${format} under 150 MB of resident memory`, async () => {
        const service = await startServiceChild({ ...store.env, RALLY_URL: rally.baseUrl });
        try {
          const res = await fetch(`${service.url}${API}/events?format=${format}`, {
            headers: { authorization: `Bearer ${rally.sandbox.credentials.admin.apiKey}` },
          });
          expect(res.status).to.equal(200);
          let lines = 0;
          const decoder = new TextDecoder();
          for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>)
            lines += (decoder.decode(chunk, { stream: true }).match(/\n/g) ?? []).length;
          expect(lines).to.equal(format === 'csv' ? 100_001 : 100_000);
          const peak = service.peakRss();
          expect(peak, `peak RSS ${Math.round(peak / 1e6)} MB`).to.be.below(150 * 1024 * 1024);
        } finally {
          await service.kill();
        }
      });
    }
  });
}

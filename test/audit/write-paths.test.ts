import { tmpdir } from 'node:os';
import { expect } from 'chai';
import request from 'supertest';
import type { AuditEvent } from '../../audit/event.js';
import { authHeaders, BASE } from '../helpers/connector.js';
import { oktaCreateBody, PATCH, scim } from '../scim/helpers.js';
import { startAuditApp, type AuditAppEnv } from './helpers/audit-app.js';
import { ENGINES, engineFor, type EngineEnv } from './helpers/engines.js';

for (const engine of ENGINES) {
  describe(`audit trail of every provisioning write (${engine})`, function () {
    let store: EngineEnv;
    let env: AuditAppEnv;
    before(async function () {
      store = await engineFor(this, engine);
      env = await startAuditApp(store);
    });
    after(async () => {
      await env?.close();
      await store?.close();
    });

    const admin = () => authHeaders(env, 'admin');
    const eventsOf = async (userName: string): Promise<AuditEvent[]> =>
      (await env.audit.events.page({ userName }, 100)).map(({ position: _p, ...e }) => e).reverse();
    const projectId = async () =>
      (await request(env.app).get(`${BASE}/groups`).query({ type: 'project' }).set(admin()).expect(200)).body
        .groups[0].id as string;

    it('records each connector write once, completed, with surface, actor, request, target and changes', async () => {
      const name = 'audit.connector@example.com';
      const created = await request(env.app)
        .post(`${BASE}/users`)
        .set(admin())
        .set('X-Okta-Request-Id', 'okta-req-1')
        .send({ userName: name, email: name, firstName: 'Ann' })
        .expect(201);
      const id = created.body.id as string;
      await request(env.app)
        .patch(`${BASE}/users/${id}`)
        .set(admin())
        .send({ firstName: 'Anna' })
        .expect(200);
      await request(env.app).patch(`${BASE}/users/${id}`).set(admin()).send({ active: false }).expect(200);
      await request(env.app).patch(`${BASE}/users/${id}`).set(admin()).send({ active: true }).expect(200);
      const group = await projectId();
      await request(env.app)
        .put(`${BASE}/groups/${group}/members/${id}`)
        .set(admin())
        .send({ role: 'Editor' })
        .expect(200);
      await request(env.app).delete(`${BASE}/groups/${group}/members/${id}`).set(admin()).expect(204);

      const events = await eventsOf(name);
      expect(events.map((e) => e.operation)).to.deep.equal([
        'user.create',
        'user.update',
        'user.deactivate',
        'user.reactivate',
        'membership.grant',
        'membership.revoke',
      ]);
      for (const e of events) {
        expect(e.surface).to.equal('connector');
        expect(e.actor).to.equal(env.sandbox.credentials.admin.username); // the API key's owner
        expect(e.outcome.status).to.equal('succeeded');
        expect(e.target).to.include({ id, userName: name });
        expect(e.request.address).to.be.a('string');
        expect(e.durationMs).to.be.a('number');
      }
      expect(events[0]!.request.id).to.equal('okta-req-1');
      expect(events[0]!.changes).to.deep.include({ FirstName: { before: null, after: 'Ann' } });
      expect(events[1]!.changes).to.deep.equal({ FirstName: { before: 'Ann', after: 'Anna' } });
      expect(events[2]!.changes).to.deep.equal({ Disabled: { before: false, after: true } });
      expect(events[4]!.changes).to.deep.equal({ project: group.split(':')[1], role: 'Editor' });
      expect(events[5]!.changes).to.deep.include({ project: group.split(':')[1], role: 'Editor' });
    });

    it('records each SCIM write once, with Okta’s externalId, and Basic credentials name their user', async () => {
      const name = 'audit.scim@example.com';
      const created = await scim(env)
        .post('/Users', oktaCreateBody(name, { externalId: '00u-audit-1' }))
        .expect(201);
      const id = created.body.id as string;
      expect(created.body.externalId).to.equal('00u-audit-1');
      await scim(env)
        .patch(`/Users/${id}`, {
          schemas: [PATCH],
          Operations: [{ op: 'replace', value: { displayName: 'Audit S' } }],
        })
        .expect(200);
      await scim(env)
        .patch(`/Users/${id}`, {
          schemas: [PATCH],
          Operations: [{ op: 'replace', value: { active: false } }],
        })
        .expect(200);
      await scim(env)
        .put(`/Users/${id}`, { ...oktaCreateBody(name, { externalId: '00u-audit-1' }), active: true })
        .expect(200);
      const group = (await scim(env).get('/Groups?count=1&excludedAttributes=members').expect(200)).body
        .Resources[0].id;
      await scim(env)
        .patch(`/Groups/${group}`, {
          schemas: [PATCH],
          Operations: [{ op: 'add', path: 'members', value: [{ value: id }] }],
        })
        .expect(204);
      await scim(env)
        .patch(`/Groups/${group}`, {
          schemas: [PATCH],
          Operations: [{ op: 'remove', path: `members[value eq "${id}"]` }],
        })
        .expect(204);
      await scim(env).delete(`/Users/${id}`).expect(204);
      const basic = env.sandbox.credentials.admin;
      await request(env.app)
        .patch(`${BASE}/users/${id}`)
        .auth(basic.username, basic.password)
        .send({ active: true })
        .expect(200);

      const events = await eventsOf(name);
      expect(events.map((e) => `${e.surface} ${e.operation}`)).to.deep.equal([
        'scim user.create',
        'scim user.update',
        'scim user.deactivate',
        'scim user.reactivate',
        'scim membership.grant',
        'scim membership.revoke',
        'scim user.deactivate',
        'connector user.reactivate',
      ]);
      for (const e of events) {
        expect(e.outcome.status).to.equal('succeeded');
        expect(e.target).to.deep.equal({ id, userName: name, externalId: '00u-audit-1' });
        expect(e.actor).to.equal(basic.username);
        expect(JSON.stringify(e)).not.to.include(basic.password).and.not.to.include(basic.apiKey);
      }
      // Every read returns the link (RFC 7643 §3.1).
      expect((await scim(env).get(`/Users/${id}`).expect(200)).body.externalId).to.equal('00u-audit-1');
    });

    it('records SCIM entitlement grants and revokes as membership writes, and Rally holds them', async () => {
      const name = 'audit.entitlements@example.com';
      const id = (await scim(env).post('/Users', oktaCreateBody(name)).expect(201)).body.id as string;
      // A role on a project the new user has no permission on, so the grant is a Rally write.
      const heldIds = ((await scim(env).get(`/Users/${id}`).expect(200)).body.entitlements ?? []).map(
        (e: { value: string }) => e.value.split(':').slice(0, 2).join(':'),
      );
      const roles = (await scim(env).get('/ProjectRoles?count=100').expect(200)).body.Resources as Array<{
        id: string;
      }>;
      const role = roles.find(
        (r) => r.id.endsWith(':Editor') && !heldIds.includes(r.id.split(':').slice(0, 2).join(':')),
      )!;
      const [, project, roleName] = role.id.split(':');
      const entitlements = (ops: unknown[]) =>
        scim(env)
          .patch(`/Users/${id}`, { schemas: [PATCH], Operations: ops })
          .expect(200);
      await entitlements([{ op: 'add', path: 'entitlements', value: [{ value: role.id }] }]);
      const user = env.sandbox.inspect.userByUserName(name)!;
      const held = () =>
        env.sandbox.inspect
          .projectPermissions(user.ObjectID as number)
          .filter((p) => String(p.project) === project);
      expect(held().map((p) => p.role)).to.deep.equal([roleName]);
      await entitlements([{ op: 'remove', path: `entitlements[value eq "${role.id}"]` }]);
      expect(held()).to.deep.equal([]);

      const events = (await eventsOf(name)).filter((e) => e.operation.startsWith('membership.'));
      const onProject = events.filter((e) => e.changes.project === project);
      expect(onProject.map((e) => e.operation)).to.deep.equal(['membership.grant', 'membership.revoke']);
      expect(onProject[0]!.changes).to.deep.include({ role: roleName });
      for (const e of events) {
        expect(e.surface).to.equal('scim');
        expect(e.outcome.status).to.equal('succeeded');
        expect(e.target).to.include({ id, userName: name });
      }
    });

    it('records a write Rally refuses as failed, with our code and Rally’s message', async () => {
      const name = 'audit.refused@example.com';
      await scim(env)
        .post('/Users', oktaCreateBody(name, { externalId: '00u-first' }))
        .expect(201);
      await scim(env)
        .post('/Users', oktaCreateBody(name, { externalId: '00u-second' }))
        .expect(409);
      const events = await eventsOf(name);
      expect(events.map((e) => e.outcome.status)).to.deep.equal(['succeeded', 'failed']);
      expect(events[1]!.outcome.code).to.equal('CONFLICT');
      expect(events[1]!.outcome.rallyMessage).to.match(/\w/);
    });

    it('lists every event after a restart on the same store', async () => {
      const before = await env.audit.events.page({}, 500);
      const reopened = await env.reopen();
      try {
        const after = await reopened.audit.events.page({}, 500);
        expect(after.map((e) => e.id)).to.deep.equal(before.map((e) => e.id));
        expect(after.length).to.be.greaterThan(10);
      } finally {
        await reopened.db.close();
      }
    });

    it('refuses a write with 503 naming the database when the intent cannot be recorded', async () => {
      const broken = await env.reopen();
      await broken.db.close();
      const name = 'audit.unrecorded@example.com';
      const res = await request(broken.app)
        .post(`${BASE}/users`)
        .set(admin())
        .send({ userName: name, email: name })
        .expect(503);
      expect(res.body.error.code).to.equal('AUDIT_STORE_UNAVAILABLE');
      expect(res.body.error.message).to.include(
        engine === 'sqlite' ? 'SQLite database' : 'PostgreSQL database',
      );
      expect(res.body.error.message).not.to.include('postgres@');
      expect(res.body.error.message).not.to.include(tmpdir()); // no server path in a response
      const s = await scim({ ...env, app: broken.app })
        .post('/Users', oktaCreateBody(name))
        .expect(503);
      expect(s.body.detail).to.include('database');
      expect(env.sandbox.inspect.userByUserName(name)).to.equal(undefined);
    });
  });
}

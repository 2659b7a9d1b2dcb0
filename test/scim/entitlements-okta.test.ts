import { expect } from 'chai';
import { start, type Running } from '../../server/main.js';
import { memoryLog, scratchDataDir } from '../helpers/app-env.js';
import { entitlementIds, rallyEntitlements, rallyProjects } from './rally-permissions.js';

const ENTITLEMENT = 'urn:okta:scim:schemas:core:1.0:Entitlement';
const PATCH = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
const KEY = '_sandboxAdminKey';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/**
 * The call sequence of Okta's "Build a SCIM 2.0 server with entitlements" (ResourceTypes →
 * Schemas → each resource endpoint → user import → grant → revoke) against the service as
 * `npm start` runs it, every write checked in Rally itself through the sandbox's WSAPI.
 */
describe('Okta Identity Governance against `npm start`: entitlements end to end', () => {
  let running: Running;
  let base: string;
  let wsapi: string;
  const call = async (method: string, path: string, body?: unknown, auth = true) => {
    const res = await fetch(`${base}${path}`, {
      method,
      headers: {
        ...(auth && { authorization: `Bearer ${KEY}` }),
        ...(body !== undefined && { 'content-type': 'application/scim+json' }),
      },
      ...(body !== undefined && { body: JSON.stringify(body) }),
    });
    const text = await res.text();
    return { status: res.status, body: (text ? JSON.parse(text) : {}) as Json };
  };
  const endpoints = new Map<string, string>();

  before(async () => {
    running = await start(
      { PORT: '0', HOST: '127.0.0.1', AUTH_FAIL_LIMIT: '0', DATA_DIR: scratchDataDir() },
      memoryLog('silent').logger,
    );
    base = `${running.url}/scim/v2`;
    wsapi = `${running.url}/sandbox/slm/webservice/v2.0`;
  });
  after(() => running.stop());

  it('1. /ResourceTypes names the entitlement types with Okta’s Entitlement URN and an endpoint', async () => {
    const { status, body } = await call('GET', '/ResourceTypes', undefined, false);
    expect(status).to.equal(200);
    const types = (body.Resources as Json[]).filter((r) => r.schema === ENTITLEMENT);
    expect(types.map((t) => t.id)).to.deep.equal(['ProjectRole', 'WorkspaceRole']);
    for (const t of types) {
      expect(t.endpoint).to.match(/^\/[A-Za-z]+$/);
      expect(t.name).to.equal(t.id);
      endpoints.set(t.id as string, t.endpoint as string);
    }
    expect((body.Resources as Json[]).map((r) => r.id)).to.include.members(['User', 'Group']);
  });

  it('2. /Schemas has every schema the ResourceTypes name, and User.entitlements', async () => {
    const rts = (await call('GET', '/ResourceTypes', undefined, false)).body.Resources as Json[];
    const { body } = await call('GET', '/Schemas', undefined, false);
    const ids = (body.Resources as Json[]).map((s) => s.id);
    for (const rt of rts) {
      for (const ext of (rt.schemaExtensions ?? []) as Json[]) expect(ids).to.include(ext.schema);
    }
    const user = (body.Resources as Json[]).find(
      (s) => s.id === 'urn:ietf:params:scim:schemas:core:2.0:User',
    )!;
    const attr = (user.attributes as Json[]).find((a) => a.name === 'entitlements')!;
    expect(attr).to.include({ type: 'complex', multiValued: true });
    expect((attr.subAttributes as Json[]).map((a) => a.name)).to.deep.equal(['value', 'display', 'type']);
  });

  it('3. each resource endpoint lists every grantable role, paged, with stable ids and filters', async () => {
    const projects = await rallyProjects(wsapi, KEY);
    const expected = { ProjectRole: projects.length * 3, WorkspaceRole: 4 };
    for (const [type, endpoint] of endpoints) {
      const seen: Json[] = [];
      let total = Infinity;
      for (let start = 1; start <= total; start += 5) {
        const { status, body } = await call('GET', `${endpoint}?startIndex=${start}&count=5`);
        expect(status).to.equal(200);
        total = body.totalResults;
        seen.push(...(body.Resources as Json[]));
      }
      expect(seen).to.have.length(expected[type as keyof typeof expected]);
      expect(new Set(seen.map((e) => e.id)).size).to.equal(seen.length);
      for (const e of seen) {
        expect(e.schemas).to.deep.equal([ENTITLEMENT]);
        expect(e.type).to.equal(type);
        expect(e.description).to.be.a('string').and.not.equal('');
      }
      // The same ids again on a second read: they are stable.
      const again = await call('GET', `${endpoint}?startIndex=1&count=1000`);
      expect((again.body.Resources as Json[]).map((e) => e.id)).to.deep.equal(seen.map((e) => e.id));
      const one = seen[seen.length - 1]!;
      const byId = await call('GET', `${endpoint}?filter=${encodeURIComponent(`id eq "${one.id}"`)}`);
      expect(byId.body.Resources).to.deep.equal([one]);
      const byName = await call(
        'GET',
        `${endpoint}?filter=${encodeURIComponent(`displayName eq "${one.displayName}"`)}`,
      );
      expect(byName.body.Resources).to.deep.equal([one]);
      expect((await call('GET', `${endpoint}/${encodeURIComponent(one.id)}`)).body).to.deep.equal(one);
    }
    const platform = projects.find((p) => p.name === 'Platform')!;
    const editor = await call('GET', `/ProjectRoles/project:${platform.id}:Editor`);
    expect(editor.body.displayName).to.equal('Acme Engineering / Platform — Editor');
    const closed = projects.find((p) => p.state === 'Closed')!;
    const legacy = await call('GET', `/ProjectRoles/project:${closed.id}:Viewer`);
    expect(legacy.body.description).to.match(/closed/);
  });

  let userId: string;
  let operations: { id: number; workspaceId: number };

  it('4. user import shows who holds what, exactly as Rally has it', async () => {
    const rally = await rallyEntitlements(wsapi, KEY);
    const imported: Json[] = [];
    let total = Infinity;
    for (let start = 1; start <= total; start += 25) {
      const { body } = await call('GET', `/Users?startIndex=${start}&count=25`);
      total = body.totalResults;
      imported.push(...(body.Resources as Json[]));
    }
    expect(imported.length).to.be.greaterThan(50);
    for (const u of imported) {
      expect(entitlementIds(u), u.userName).to.deep.equal([...(rally.get(Number(u.id)) ?? [])].sort());
      for (const e of u.entitlements as Json[])
        expect(Object.keys(e)).to.deep.equal(['value', 'display', 'type']);
    }
    const projects = await rallyProjects(wsapi, KEY);
    operations = projects.find((p) => p.name === 'Security')!;
    const outsider = imported.find(
      (u) =>
        u.active &&
        ![...(rally.get(Number(u.id)) ?? [])].some((id) =>
          id.startsWith(`workspace:${operations.workspaceId}:`),
        ),
    )!;
    userId = outsider.id;
  });

  it('5. grant: PATCH add creates the project permission, and the workspace access it needs', async () => {
    const value = `project:${operations.id}:Editor`;
    const { status, body } = await call('PATCH', `/Users/${userId}`, {
      schemas: [PATCH],
      Operations: [{ op: 'add', path: 'entitlements', value: [{ value }] }],
    });
    expect(status, JSON.stringify(body)).to.equal(200);
    const rally = (await rallyEntitlements(wsapi, KEY)).get(Number(userId))!;
    expect(rally.has(value)).to.equal(true);
    expect(rally.has(`workspace:${operations.workspaceId}:User`)).to.equal(true);
    expect(entitlementIds(body)).to.deep.equal([...rally].sort());
  });

  it('6. PUT with the list changed: a role change, nothing else touched', async () => {
    const before = (await call('GET', `/Users/${userId}`)).body;
    const held = entitlementIds(before);
    const wanted = held.map((id) =>
      id === `project:${operations.id}:Editor` ? `project:${operations.id}:Viewer` : id,
    );
    const { status, body } = await call('PUT', `/Users/${userId}`, {
      ...before,
      entitlements: wanted.map((value) => ({ value })),
    });
    expect(status, JSON.stringify(body)).to.equal(200);
    const rally = [...(await rallyEntitlements(wsapi, KEY)).get(Number(userId))!].sort();
    expect(rally).to.deep.equal([...wanted].sort());
  });

  it('7. revoke: PATCH remove by value removes only that permission', async () => {
    const held = [...(await rallyEntitlements(wsapi, KEY)).get(Number(userId))!];
    const value = `project:${operations.id}:Viewer`;
    const { status } = await call('PATCH', `/Users/${userId}`, {
      schemas: [PATCH],
      Operations: [{ op: 'remove', path: `entitlements[value eq "${value}"]` }],
    });
    expect(status).to.equal(200);
    const rally = [...(await rallyEntitlements(wsapi, KEY)).get(Number(userId))!].sort();
    expect(rally).to.deep.equal(held.filter((id) => id !== value).sort());
  });

  it('answers 400 with the allowed values for an unknown entitlement id, writing nothing', async () => {
    const held = [...(await rallyEntitlements(wsapi, KEY)).get(Number(userId))!].sort();
    for (const value of ['project:1:Editor', 'owner-of-everything']) {
      const { status, body } = await call('PATCH', `/Users/${userId}`, {
        schemas: [PATCH],
        Operations: [{ op: 'add', path: 'entitlements', value: [{ value }] }],
      });
      expect(status).to.equal(400);
      expect(body.scimType).to.equal('invalidValue');
      expect(body.detail)
        .to.contain(value)
        .and.contain('Allowed values:')
        .and.contain(`project:${operations.id}:Editor`);
    }
    expect([...(await rallyEntitlements(wsapi, KEY)).get(Number(userId))!].sort()).to.deep.equal(held);
  });

  it('refuses two roles on one project, and creates a user with entitlements in one POST', async () => {
    const twice = await call('PATCH', `/Users/${userId}`, {
      schemas: [PATCH],
      Operations: [
        {
          op: 'add',
          path: 'entitlements',
          value: [{ value: `project:${operations.id}:Viewer` }, { value: `project:${operations.id}:Editor` }],
        },
      ],
    });
    expect(twice.status).to.equal(400);
    expect(twice.body.detail).to.match(/one role per Rally project/);
    const value = `project:${operations.id}:ProjectAdmin`;
    const created = await call('POST', '/Users', {
      schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
      userName: 'governed.hire@example.com',
      name: { givenName: 'Governed', familyName: 'Hire' },
      emails: [{ value: 'governed.hire@example.com', primary: true, type: 'work' }],
      active: true,
      entitlements: [{ value }],
    });
    expect(created.status, JSON.stringify(created.body)).to.equal(201);
    const rally = (await rallyEntitlements(wsapi, KEY)).get(Number(created.body.id))!;
    expect(rally.has(value)).to.equal(true);
    expect(entitlementIds(created.body)).to.deep.equal([...rally].sort());
    const lean = await call(
      'GET',
      `/Users?filter=${encodeURIComponent('userName eq "governed.hire@example.com"')}&excludedAttributes=entitlements`,
    );
    expect(lean.body.Resources[0]).to.not.have.property('entitlements');
  });

  it('maps Rally’s refusal to remove a user’s only workspace permission to 409, never 5xx', async () => {
    const { status, body } = await call('PATCH', `/Users/${userId}`, {
      schemas: [PATCH],
      Operations: [{ op: 'replace', path: 'entitlements', value: [] }],
    });
    // The user keeps one workspace permission: Rally refuses to remove the last one.
    expect(status, JSON.stringify(body)).to.equal(409);
    expect(body.detail).to.match(/only workspace permission/);
    const left = (await rallyEntitlements(wsapi, KEY)).get(Number(userId))!;
    expect([...left].filter((id) => id.startsWith('workspace:'))).to.have.length(1);
  });
});

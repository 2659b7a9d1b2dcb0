import { expect } from 'chai';
import { startAppEnv, type AppEnv } from '../helpers/app-env.js';
import { oktaCreateBody, PATCH, scim, scimErrorShape } from './helpers.js';

describe('SCIM Groups are Rally projects', () => {
  let env: AppEnv;
  before(async () => {
    env = await startAppEnv();
  });
  after(() => env.close());
  beforeEach(() => env.sandbox.reset());

  async function firstGroup(): Promise<{ id: string; displayName: string }> {
    const res = await scim(env).get('/Groups?startIndex=1&count=1&excludedAttributes=members').expect(200);
    return res.body.Resources[0];
  }
  async function newUser(name: string): Promise<string> {
    return (await scim(env).post('/Users', oktaCreateBody(name)).expect(201)).body.id;
  }

  it('imports groups with members as a ListResponse', async () => {
    const res = await scim(env).get('/Groups?startIndex=1&count=100').expect(200);
    expect(res.body.totalResults).to.be.at.least(6);
    expect(res.body.Resources[0]).to.include.keys('id', 'displayName', 'members');
    const withMembers = res.body.Resources.filter((g: { members: unknown[] }) => g.members.length > 0);
    expect(withMembers.length).to.be.greaterThan(0);
  });

  it('finds a group by displayName eq', async () => {
    const g = await firstGroup();
    const res = await scim(env)
      .get(`/Groups?filter=${encodeURIComponent(`displayName eq "${g.displayName}"`)}`)
      .expect(200);
    expect(res.body.Resources.map((r: { id: string }) => r.id)).to.include(g.id);
    const none = await scim(env)
      .get(`/Groups?filter=${encodeURIComponent('displayName eq "No such project"')}`)
      .expect(200);
    expect(none.body.totalResults).to.equal(0);
  });

  it('adds, removes and replaces members, visible in Rally, with the configured role', async () => {
    const g = await firstGroup();
    const a = await newUser('member.a@example.com');
    const b = await newUser('member.b@example.com');
    const roleIn = (userId: string) =>
      env.sandbox.inspect.projectPermissions(Number(userId)).find((p) => p.project === Number(g.id))?.role;

    await scim(env)
      .patch(`/Groups/${g.id}`, {
        schemas: [PATCH],
        Operations: [{ op: 'add', path: 'members', value: [{ value: a }, { value: b }] }],
      })
      .expect(204);
    expect(roleIn(a)).to.equal('Editor');
    expect(roleIn(b)).to.equal('Editor');

    await scim(env)
      .patch(`/Groups/${g.id}`, {
        schemas: [PATCH],
        Operations: [{ op: 'remove', path: `members[value eq "${a}"]` }],
      })
      .expect(204);
    expect(roleIn(a)).to.equal(undefined);
    expect(roleIn(b)).to.equal('Editor');

    const before = (await scim(env).get(`/Groups/${g.id}`).expect(200)).body.members.map(
      (m: { value: string }) => m.value,
    );
    await scim(env)
      .patch(`/Groups/${g.id}`, {
        schemas: [PATCH],
        Operations: [{ op: 'replace', path: 'members', value: [{ value: a }] }],
      })
      .expect(204);
    const after = (await scim(env).get(`/Groups/${g.id}`).expect(200)).body.members.map(
      (m: { value: string }) => m.value,
    );
    expect(after).to.deep.equal([a]);
    expect(before).to.include(b);
  });

  it('reads the members once however many operations a PATCH holds, and removes all on a bare remove', async () => {
    const g = await firstGroup();
    const ids = [
      await newUser('bulk.a@example.com'),
      await newUser('bulk.b@example.com'),
      await newUser('bulk.c@example.com'),
    ];
    await scim(env)
      .patch(`/Groups/${g.id}`, {
        schemas: [PATCH],
        Operations: [{ op: 'add', path: 'members', value: ids.map((value) => ({ value })) }],
      })
      .expect(204);
    const before = env.sandbox.stats().requests;
    await scim(env)
      .patch(`/Groups/${g.id}`, {
        schemas: [PATCH],
        Operations: ids.map((id) => ({ op: 'remove', path: `members[value eq "${id}"]` })),
      })
      .expect(204);
    // The project, one read of its permissions, one delete per member.
    expect(env.sandbox.stats().requests - before).to.equal(2 + ids.length);
    for (const id of ids) {
      expect(env.sandbox.inspect.projectPermissions(Number(id)).map((p) => p.project)).to.not.include(
        Number(g.id),
      );
    }
    await scim(env)
      .patch(`/Groups/${g.id}`, { schemas: [PATCH], Operations: [{ op: 'remove', path: 'members' }] })
      .expect(204);
    expect((await scim(env).get(`/Groups/${g.id}`).expect(200)).body.members).to.deep.equal([]);
  });

  it('answers 400 for a member id that is a number but no Rally user', async () => {
    const g = await firstGroup();
    const res = await scim(env)
      .patch(`/Groups/${g.id}`, {
        schemas: [PATCH],
        Operations: [{ op: 'add', path: 'members', value: [{ value: '999999999' }] }],
      })
      .expect(400);
    scimErrorShape(res.body, 400);
    expect(res.body.scimType).to.equal('invalidValue');
  });

  it('accepts Okta’s group push replace of {id, displayName} and refuses a rename', async () => {
    const g = await firstGroup();
    await scim(env)
      .patch(`/Groups/${g.id}`, {
        schemas: [PATCH],
        Operations: [{ op: 'replace', value: { id: g.id, displayName: g.displayName } }],
      })
      .expect(204);
    const res = await scim(env)
      .patch(`/Groups/${g.id}`, {
        schemas: [PATCH],
        Operations: [{ op: 'replace', value: { id: g.id, displayName: 'Renamed' } }],
      })
      .expect(400);
    expect(res.body.scimType).to.equal('mutability');
  });

  it('links POST /Groups to the existing project of that name, and says projects are not created', async () => {
    const g = await firstGroup();
    const u = await newUser('pushed@example.com');
    const res = await scim(env)
      .post('/Groups', {
        schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'],
        displayName: g.displayName,
        members: [{ value: u }],
      })
      .expect(201);
    expect(res.body.id).to.equal(g.id);
    expect(res.body.members.map((m: { value: string }) => m.value)).to.include(u);
    const missing = await scim(env)
      .post('/Groups', {
        schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'],
        displayName: 'Brand New Project',
      })
      .expect(400);
    expect(missing.body.detail).to.match(/does not create projects/);
  });

  it('answers DELETE /Groups/{id} with 204 and leaves the Rally project and its members alone', async () => {
    const g = await firstGroup();
    const before = (await scim(env).get(`/Groups/${g.id}`).expect(200)).body.members;
    await scim(env).delete(`/Groups/${g.id}`).expect(204);
    const after = (await scim(env).get(`/Groups/${g.id}`).expect(200)).body.members;
    expect(after).to.deep.equal(before);
  });

  it('answers 404 for unknown groups and 400 for unknown member ids', async () => {
    scimErrorShape((await scim(env).get('/Groups/999999').expect(404)).body, 404);
    const g = await firstGroup();
    const res = await scim(env)
      .patch(`/Groups/${g.id}`, {
        schemas: [PATCH],
        Operations: [{ op: 'add', path: 'members', value: [{ value: 'not-a-user' }] }],
      })
      .expect(400);
    scimErrorShape(res.body, 400);
  });
});

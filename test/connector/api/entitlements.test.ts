import { expect } from 'chai';
import request from 'supertest';
import { startAppEnv, type AppEnv } from '../../helpers/app-env.js';
import { authHeaders, BASE } from '../../helpers/connector.js';
import { rallyEntitlements } from '../../scim/rally-permissions.js';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** Workflows parity: the same entitlements SCIM serves Okta Identity Governance. */
describe('GET /connector/v1/entitlements and a user’s entitlements on Get User', () => {
  let env: AppEnv;
  before(async () => {
    env = await startAppEnv({ users: 20 });
  });
  after(() => env.close());

  it('pages every grantable role with a cursor, the same ids SCIM lists', async () => {
    const ids: string[] = [];
    let cursor: string | null = null;
    do {
      const q: string = cursor ? `&cursor=${encodeURIComponent(cursor)}` : '';
      const res = await request(env.app)
        .get(`${BASE}/entitlements?limit=7${q}`)
        .set(authHeaders(env, 'admin'))
        .expect(200);
      for (const e of res.body.entitlements as Json[]) {
        expect(Object.keys(e)).to.deep.equal(['id', 'type', 'displayName', 'description']);
        ids.push(e.id);
      }
      cursor = res.body.nextCursor;
    } while (cursor);
    const scimIds: string[] = [];
    for (const endpoint of ['/WorkspaceRoles', '/ProjectRoles']) {
      const res = await request(env.app)
        .get(`/scim/v2${endpoint}?count=1000`)
        .set('Authorization', `Bearer ${env.sandbox.credentials.admin.apiKey}`)
        .expect(200);
      scimIds.push(...(res.body.Resources as Json[]).map((r) => r.id as string));
    }
    expect([...ids].sort()).to.deep.equal([...scimIds].sort());
    expect(new Set(ids).size).to.equal(ids.length);
    const projects = await request(env.app)
      .get(`${BASE}/entitlements?type=ProjectRole&limit=2000`)
      .set(authHeaders(env, 'admin'))
      .expect(200);
    expect((projects.body.entitlements as Json[]).every((e) => e.type === 'ProjectRole')).to.equal(true);
    expect(projects.body.entitlements).to.have.length(ids.filter((i) => i.startsWith('project:')).length);
  });

  it('refuses an unknown type with 400 VALIDATION_FAILED', async () => {
    const res = await request(env.app)
      .get(`${BASE}/entitlements?type=Owner`)
      .set(authHeaders(env, 'admin'))
      .expect(400);
    expect(res.body.error.code).to.equal('VALIDATION_FAILED');
  });

  it('Get User carries the roles Rally has for the user, and follows a grant', async () => {
    const viewer = env.sandbox.inspect.userByUserName('viewer@rally.sandbox')!;
    const get = () =>
      request(env.app)
        .get(`${BASE}/users/${String(viewer.ObjectID)}`)
        .set(authHeaders(env, 'admin'))
        .expect(200);
    const rally = async () =>
      [
        ...((await rallyEntitlements(env.baseUrl, env.sandbox.credentials.admin.apiKey)).get(
          Number(viewer.ObjectID),
        ) ?? []),
      ].sort();
    const before = await get();
    expect((before.body.entitlements as Json[]).map((e) => e.id).sort()).to.deep.equal(await rally());
    expect(before.body.entitlements.length).to.be.greaterThan(0);
    const project = (before.body.entitlements as Json[]).find((e) => e.type === 'ProjectRole')!;
    const groupId = (project.id as string).split(':').slice(0, 2).join(':');
    await request(env.app)
      .put(`${BASE}/groups/${groupId}/members/${String(viewer.ObjectID)}`)
      .set(authHeaders(env, 'admin'))
      .send({ role: 'Editor' })
      .expect(200);
    const after = await get();
    expect((after.body.entitlements as Json[]).map((e) => e.id).sort()).to.deep.equal(await rally());
    expect((after.body.entitlements as Json[]).map((e) => e.id)).to.include(`${groupId}:Editor`);
  });
});

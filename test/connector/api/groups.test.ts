import { expect } from 'chai';
import request from 'supertest';
import { startAppEnv, type AppEnv } from '../../helpers/app-env.js';
import { authHeaders, BASE, resetAll } from '../../helpers/connector.js';

interface Group {
  id: string;
  type: 'workspace' | 'project';
  name: string;
  workspaceId: string | null;
  parentId: string | null;
  state: string | null;
}

describe('groups: workspaces, projects and their members', () => {
  let env: AppEnv;
  before(async () => {
    env = await startAppEnv();
  });
  after(() => env.close());
  beforeEach(() => resetAll(env));

  const admin = () => authHeaders(env, 'admin');
  const groups = async (query: Record<string, string> = {}): Promise<Group[]> =>
    (await request(env.app).get(`${BASE}/groups`).query(query).set(admin()).expect(200)).body
      .groups as Group[];
  const project = async (name: string) => (await groups({ type: 'project' })).find((g) => g.name === name)!;
  const newUser = async (userName: string): Promise<string> =>
    (
      await request(env.app)
        .post(`${BASE}/users`)
        .set(admin())
        .send({ userName, email: userName })
        .expect(201)
    ).body.id as string;

  describe('GET /groups', () => {
    it('lists workspaces then projects with type-prefixed ids and their parents', async () => {
      const all = await groups();
      expect(all.filter((g) => g.type === 'workspace').map((g) => g.name)).to.deep.equal([
        'Acme Engineering',
        'Acme Operations',
      ]);
      expect(all.findIndex((g) => g.type === 'project')).to.equal(2);
      const api = all.find((g) => g.name === 'Platform - API')!;
      const platform = all.find((g) => g.name === 'Platform')!;
      const engineering = all.find((g) => g.name === 'Acme Engineering')!;
      expect(api).to.deep.include({
        type: 'project',
        parentId: platform.id,
        workspaceId: engineering.id,
        state: 'Open',
      });
      expect(api.id).to.match(/^project:\d+$/);
      expect(engineering).to.deep.include({ workspaceId: null, parentId: null });
      expect(all.find((g) => g.name === 'Legacy Migration')!.state).to.equal('Closed');
    });

    it('filters by type', async () => {
      expect((await groups({ type: 'workspace' })).every((g) => g.type === 'workspace')).to.equal(true);
      expect((await groups({ type: 'project' })).every((g) => g.type === 'project')).to.equal(true);
    });

    it('pages with a cursor to the end with no duplicates or gaps', async () => {
      const all = await groups();
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const res = await request(env.app)
          .get(`${BASE}/groups`)
          .query({ limit: '3', ...(cursor && { cursor }) })
          .set(admin())
          .expect(200);
        seen.push(...(res.body.groups as Group[]).map((g) => g.id));
        cursor = res.body.nextCursor as string | null;
      } while (cursor);
      expect(seen).to.deep.equal(all.map((g) => g.id));
    });

    it('answers 400 for an unknown type and for a users cursor', async () => {
      await request(env.app)
        .get(`${BASE}/groups?type=team`)
        .set(admin())
        .expect(400, /VALIDATION_FAILED/);
      const users = await request(env.app).get(`${BASE}/users?limit=1`).set(admin()).expect(200);
      await request(env.app)
        .get(`${BASE}/groups`)
        .query({ cursor: users.body.nextCursor })
        .set(admin())
        .expect(400, /INVALID_CURSOR/);
    });
  });

  describe('members', () => {
    it('grants a project role, visible in Rally and in the member list', async () => {
      const userId = await newUser('member@example.com');
      const mobile = await project('Mobile');
      const res = await request(env.app)
        .put(`${BASE}/groups/${mobile.id}/members/${userId}`)
        .set(admin())
        .send({ role: 'Project Admin' })
        .expect(200);
      expect(res.body).to.deep.equal({
        groupId: mobile.id,
        userId,
        userName: 'member@example.com',
        role: 'Project Admin',
      });
      const oid = Number(mobile.id.split(':')[1]);
      expect(env.sandbox.inspect.projectPermissions(Number(userId))).to.deep.include({
        project: oid,
        role: 'Admin',
      });
      const members = await request(env.app)
        .get(`${BASE}/groups/${mobile.id}/members`)
        .set(admin())
        .expect(200);
      expect(members.body.members).to.deep.include({
        userId,
        userName: 'member@example.com',
        role: 'Project Admin',
      });
    });

    it('is idempotent, and granting another role changes the role', async () => {
      const userId = await newUser('idem@example.com');
      const web = await project('Platform - Web');
      const put = (role: string) =>
        request(env.app)
          .put(`${BASE}/groups/${web.id}/members/${userId}`)
          .set(admin())
          .send({ role })
          .expect(200);
      await put('Viewer');
      const writes = env.sandbox.stats().byMethod.POST ?? 0;
      await put('Viewer');
      expect(env.sandbox.stats().byMethod.POST ?? 0).to.equal(writes);
      await put('Editor');
      const oid = Number(web.id.split(':')[1]);
      expect(
        env.sandbox.inspect.projectPermissions(Number(userId)).filter((p) => p.project === oid),
      ).to.deep.equal([{ project: oid, role: 'Editor' }]);
    });

    it('grants and revokes a workspace role', async () => {
      const userId = await newUser('ws@example.com');
      const operations = (await groups({ type: 'workspace' })).find((g) => g.name === 'Acme Operations')!;
      const oid = Number(operations.id.split(':')[1]);
      await request(env.app)
        .put(`${BASE}/groups/${operations.id}/members/${userId}`)
        .set(admin())
        .send({ role: 'Admin' })
        .expect(200);
      expect(env.sandbox.inspect.workspacePermissions(Number(userId))).to.deep.include({
        workspace: oid,
        role: 'Admin',
      });
      await request(env.app)
        .delete(`${BASE}/groups/${operations.id}/members/${userId}`)
        .set(admin())
        .expect(204);
      expect(env.sandbox.inspect.workspacePermissions(Number(userId)).map((p) => p.workspace)).to.not.include(
        oid,
      );
    });

    it('revokes a project role with 204, visible in Rally, and 204 again when nothing is left', async () => {
      const userId = await newUser('rev@example.com');
      const ios = await project('Mobile - iOS');
      const oid = Number(ios.id.split(':')[1]);
      await request(env.app)
        .put(`${BASE}/groups/${ios.id}/members/${userId}`)
        .set(admin())
        .send({ role: 'Editor' });
      await request(env.app).delete(`${BASE}/groups/${ios.id}/members/${userId}`).set(admin()).expect(204);
      expect(env.sandbox.inspect.projectPermissions(Number(userId)).map((p) => p.project)).to.not.include(
        oid,
      );
      await request(env.app).delete(`${BASE}/groups/${ios.id}/members/${userId}`).set(admin()).expect(204);
    });

    it('answers 409 CONFLICT with Rally’s words when removing a user’s only workspace', async () => {
      const userId = await newUser('only@example.com');
      const [ws] = env.sandbox.inspect.workspacePermissions(Number(userId));
      const res = await request(env.app)
        .delete(`${BASE}/groups/workspace:${ws!.workspace}/members/${userId}`)
        .set(admin())
        .expect(409);
      expect(res.body.error.code).to.equal('CONFLICT');
      expect(res.body.error.details.rallyMessages.join(' ')).to.match(/only WorkspacePermission/);
    });

    it('answers 400 naming the allowed roles when the role does not fit the group type', async () => {
      const userId = await newUser('role@example.com');
      const mobile = await project('Mobile');
      const res = await request(env.app)
        .put(`${BASE}/groups/${mobile.id}/members/${userId}`)
        .set(admin())
        .send({ role: 'User' })
        .expect(400);
      expect(res.body.error.message).to.include('Viewer, Editor, Project Admin');
      await request(env.app)
        .put(`${BASE}/groups/${mobile.id}/members/${userId}`)
        .set(admin())
        .send({})
        .expect(400, /role: is required/);
    });

    it('answers 404 GROUP_NOT_FOUND and USER_NOT_FOUND', async () => {
      const userId = await newUser('nf@example.com');
      const mobile = await project('Mobile');
      await request(env.app)
        .put(`${BASE}/groups/project:123/members/${userId}`)
        .set(admin())
        .send({ role: 'Viewer' })
        .expect(404, /GROUP_NOT_FOUND/);
      await request(env.app)
        .put(`${BASE}/groups/${mobile.id}/members/123`)
        .set(admin())
        .send({ role: 'Viewer' })
        .expect(404, /USER_NOT_FOUND/);
      await request(env.app)
        .get(`${BASE}/groups/workspace:1/members`)
        .set(admin())
        .expect(404, /GROUP_NOT_FOUND/);
      await request(env.app)
        .get(`${BASE}/groups/team:1/members`)
        .set(admin())
        .expect(400, /VALIDATION_FAILED/);
    });

    it('pages members with a cursor', async () => {
      const platform = await project('Platform');
      const all = (
        await request(env.app).get(`${BASE}/groups/${platform.id}/members`).set(admin()).expect(200)
      ).body.members as Array<{ userId: string }>;
      const first = await request(env.app)
        .get(`${BASE}/groups/${platform.id}/members?limit=2`)
        .set(admin())
        .expect(200);
      const second = await request(env.app)
        .get(`${BASE}/groups/${platform.id}/members`)
        .query({ limit: '2', cursor: first.body.nextCursor })
        .set(admin())
        .expect(200);
      expect([...first.body.members, ...second.body.members]).to.deep.equal(all.slice(0, 4));
    });
  });
});

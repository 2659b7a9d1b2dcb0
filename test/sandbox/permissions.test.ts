import { expect } from 'chai';
import type { Sandbox } from '../../sandbox/index.js';
import {
  envelope,
  freshSandbox,
  oidByName,
  q,
  queryResult,
  userOid,
  VIEWER_KEY,
  WORKSPACE_ADMIN_KEY,
  wsapi,
} from './helpers.js';

async function createUser(sandbox: Sandbox, userName: string): Promise<number> {
  await wsapi(sandbox, 'post', '/user/create')
    .send({ User: { UserName: userName, EmailAddress: userName } })
    .expect(200);
  return userOid(sandbox, userName);
}

describe('sandbox permissions', () => {
  let sandbox: Sandbox;
  let engineering: string;
  let operations: string;
  let security: string;
  beforeEach(async () => {
    sandbox = freshSandbox();
    engineering = await oidByName(sandbox, 'workspace', 'Acme Engineering');
    operations = await oidByName(sandbox, 'workspace', 'Acme Operations');
    security = await oidByName(sandbox, 'project', 'Security');
  });

  it('auto-creates the Workspace User permission when a ProjectPermission needs it', async () => {
    const user = await createUser(sandbox, 'perm@acme.example');
    const res = await wsapi(sandbox, 'post', '/projectpermission/create')
      .send({
        ProjectPermission: {
          Project: { _ref: `/project/${security}` },
          User: { _ref: `/user/${user}` },
          Role: 'Editor',
        },
      })
      .expect(200);
    const result = envelope(res, 'CreateResult');
    expect(result.Errors).to.deep.equal([]);
    expect(result.Object).to.deep.include({ _type: 'ProjectPermission', Role: 'Editor' });
    expect((result.Object as { _ref: string })._ref).to.match(
      new RegExp(`/projectpermission/${security}u${user}p1$`),
    );
    expect(sandbox.inspect.workspacePermissions(user)).to.deep.include({
      workspace: Number(operations),
      role: 'User',
    });
  });

  it('replaces the role when the permission is created again, reading Project Admin back as Admin', async () => {
    const user = await createUser(sandbox, 'role@acme.example');
    const body = (Role: string) => ({
      ProjectPermission: { Project: `/project/${security}`, User: `/user/${user}`, Role },
    });
    await wsapi(sandbox, 'post', '/projectpermission/create').send(body('Viewer')).expect(200);
    const res = await wsapi(sandbox, 'post', '/projectpermission/create')
      .send(body('Project Admin'))
      .expect(200);
    expect(envelope(res, 'CreateResult').Object).to.deep.include({ Role: 'Admin' });
    expect(
      sandbox.inspect.projectPermissions(user).filter((p) => p.project === Number(security)),
    ).to.deep.equal([{ project: Number(security), role: 'Admin' }]);
  });

  it('rejects an unknown role with a validation error', async () => {
    const user = await createUser(sandbox, 'badrole@acme.example');
    const res = await wsapi(sandbox, 'post', '/workspacepermission/create')
      .send({
        WorkspacePermission: { Workspace: `/workspace/${operations}`, User: `/user/${user}`, Role: 'Owner' },
      })
      .expect(200);
    expect(envelope(res, 'CreateResult').Errors).to.deep.equal([
      'Validation error: WorkspacePermission.Role has an invalid value "Owner"',
    ]);
  });

  it('removes the project permissions of a workspace together with its WorkspacePermission', async () => {
    const user = await createUser(sandbox, 'cascade@acme.example');
    await wsapi(sandbox, 'post', '/projectpermission/create')
      .send({ ProjectPermission: { Project: `/project/${security}`, User: `/user/${user}`, Role: 'Editor' } })
      .expect(200);
    const res = await wsapi(sandbox, 'delete', `/workspacepermission/${operations}u${user}w1`).expect(200);
    expect(envelope(res, 'OperationResult').Errors).to.deep.equal([]);
    expect(sandbox.inspect.workspacePermissions(user).map((p) => p.workspace)).to.deep.equal([
      Number(engineering),
    ]);
    expect(sandbox.inspect.projectPermissions(user).map((p) => p.project)).to.not.include(Number(security));
  });

  it("refuses to remove a user's only WorkspacePermission", async () => {
    const user = await createUser(sandbox, 'only@acme.example');
    const res = await wsapi(sandbox, 'delete', `/workspacepermission/${engineering}u${user}w1`).expect(200);
    expect(envelope(res, 'OperationResult').Errors).to.deep.equal([
      'Cannot remove the only WorkspacePermission of User only@acme.example: a user must keep access to one workspace',
    ]);
    expect(sandbox.inspect.workspacePermissions(user)).to.have.length(1);
  });

  it('deletes a ProjectPermission by its string id', async () => {
    const user = await createUser(sandbox, 'pdel@acme.example');
    const platform = await oidByName(sandbox, 'project', 'Platform');
    await wsapi(sandbox, 'delete', `/projectpermission/${platform}u${user}p1`).expect(200);
    expect(sandbox.inspect.projectPermissions(user)).to.deep.equal([]);
  });

  it('lets a Workspace Admin grant only inside the workspace it administers', async () => {
    const user = await createUser(sandbox, 'wsgrant@acme.example');
    const api = await oidByName(sandbox, 'project', 'Platform - API');
    const inside = await wsapi(sandbox, 'post', '/projectpermission/create', WORKSPACE_ADMIN_KEY)
      .send({ ProjectPermission: { Project: `/project/${api}`, User: `/user/${user}`, Role: 'Editor' } })
      .expect(200);
    expect(envelope(inside, 'CreateResult').Errors).to.deep.equal([]);
    const outside = await wsapi(sandbox, 'post', '/projectpermission/create', WORKSPACE_ADMIN_KEY)
      .send({ ProjectPermission: { Project: `/project/${security}`, User: `/user/${user}`, Role: 'Editor' } })
      .expect(200);
    expect(envelope(outside, 'CreateResult').Errors).to.deep.equal([
      'Not authorized to perform action: Insufficient permissions to create ProjectPermission',
    ]);
  });

  it('scopes project and permission queries with the workspace parameter', async () => {
    const all = queryResult(await wsapi(sandbox, 'get', '/project?pagesize=200').expect(200));
    const scoped = queryResult(
      await wsapi(sandbox, 'get', `/project?workspace=/workspace/${operations}`).expect(200),
    );
    expect(all.TotalResultCount).to.equal(9);
    expect(scoped.TotalResultCount).to.equal(3);
    const perms = queryResult(
      await wsapi(
        sandbox,
        'get',
        `/workspacepermission?workspace=${q(`/workspace/${operations}`)}&fetch=Workspace`,
      ).expect(200),
    );
    expect(
      perms.Results.every((p) => (p.Workspace as { _ref: string })._ref.endsWith(`/workspace/${operations}`)),
    ).to.equal(true);
    const bad = queryResult(await wsapi(sandbox, 'get', '/project?workspace=/workspace/1').expect(200));
    expect(bad.Errors).to.deep.equal(['Workspace /workspace/1 cannot be found or is not accessible']);
  });

  it('shows a plain user only what it may see', async () => {
    const projects = queryResult(await wsapi(sandbox, 'get', '/project?fetch=Name', VIEWER_KEY).expect(200));
    expect(projects.Results.map((p) => p.Name)).to.have.members(['Platform', 'Platform - API']);
    const perms = queryResult(await wsapi(sandbox, 'get', '/projectpermission', VIEWER_KEY).expect(200));
    expect(perms.TotalResultCount).to.equal(2);
    const workspaces = queryResult(await wsapi(sandbox, 'get', '/workspace', VIEWER_KEY).expect(200));
    expect(workspaces.TotalResultCount).to.equal(1);
    const hidden = await wsapi(sandbox, 'get', `/workspace/${operations}`, VIEWER_KEY).expect(200);
    expect(envelope(hidden, 'OperationResult').Errors).to.deep.equal(['Cannot find object to read']);
  });
});

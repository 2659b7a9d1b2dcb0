import { expect } from 'chai';
import type { Sandbox } from '../../sandbox/index.js';
import {
  envelope,
  freshSandbox,
  oidByName,
  oidOf,
  queryResult,
  userOid,
  VIEWER_KEY,
  WORKSPACE_ADMIN_KEY,
  wsapi,
} from './helpers.js';

function newUser(userName: string, extra: Record<string, unknown> = {}) {
  return { User: { UserName: userName, EmailAddress: userName, ...extra } };
}

async function createErrors(sandbox: Sandbox, body: object, key?: string): Promise<string[]> {
  const res = await wsapi(sandbox, 'post', '/user/create', key).send(body).expect(200);
  return envelope(res, 'CreateResult').Errors;
}

describe('sandbox user rules', () => {
  let sandbox: Sandbox;
  beforeEach(() => {
    sandbox = freshSandbox();
  });

  it('creates a user and answers the full object in CreateResult', async () => {
    const res = await wsapi(sandbox, 'post', '/user/create')
      .send(newUser('jane.doe@acme.example', { FirstName: 'Jane', LastName: "O'Doe", Department: 'Finance' }))
      .expect(200);
    const result = envelope(res, 'CreateResult');
    expect(result.Errors).to.deep.equal([]);
    expect(result.Object).to.deep.include({
      _type: 'User',
      UserName: 'jane.doe@acme.example',
      LastName: "O'Doe",
      Department: 'Finance',
      CostCenter: 'None',
      Disabled: false,
      SubscriptionAdmin: false,
    });
  });

  it('gives a new user Workspace User and Project Viewer on the creator default workspace and project', async () => {
    const res = await wsapi(sandbox, 'post', '/user/create')
      .send(newUser('defaults@acme.example'))
      .expect(200);
    const oid = Number(oidOf((envelope(res, 'CreateResult').Object as { _ref: string })._ref));
    const engineering = Number(await oidByName(sandbox, 'workspace', 'Acme Engineering'));
    const platform = Number(await oidByName(sandbox, 'project', 'Platform'));
    expect(sandbox.inspect.workspacePermissions(oid)).to.deep.equal([
      { workspace: engineering, role: 'User' },
    ]);
    expect(sandbox.inspect.projectPermissions(oid)).to.deep.equal([{ project: platform, role: 'Viewer' }]);
    expect(sandbox.inspect.userByUserName('defaults@acme.example')).to.include({
      DefaultWorkspace: engineering,
      DefaultProject: platform,
    });
  });

  it('requires UserName and EmailAddress', async () => {
    expect(await createErrors(sandbox, { User: { EmailAddress: 'a@acme.example' } })).to.deep.equal([
      'Validation error: User.UserName should not be null',
    ]);
    expect(await createErrors(sandbox, { User: { UserName: 'a@acme.example' } })).to.deep.equal([
      'Validation error: User.EmailAddress should not be null',
    ]);
  });

  it('requires UserName in e-mail format', async () => {
    expect(await createErrors(sandbox, newUser('not-an-email'))).to.deep.equal([
      'Validation error: User.UserName must be a valid email address',
    ]);
  });

  it('rejects a UserName that exists in any case, with the trailing space', async () => {
    expect(await createErrors(sandbox, newUser('Viewer@Rally.Sandbox'))).to.deep.equal([
      'Validation error: User.UserName conflicts with Viewer@Rally.Sandbox ',
    ]);
  });

  it('rejects dropdown values outside the subscription allowed values', async () => {
    expect(
      await createErrors(sandbox, newUser('dd@acme.example', { Department: 'Astrology' })),
    ).to.deep.equal(['Validation error: User.Department has an invalid value "Astrology"']);
    const viewer = userOid(sandbox, 'viewer@rally.sandbox');
    const res = await wsapi(sandbox, 'post', `/user/${viewer}`)
      .send({ User: { OfficeLocation: 'Mars' } })
      .expect(200);
    expect(envelope(res, 'OperationResult').Errors).to.deep.equal([
      'Validation error: User.OfficeLocation has an invalid value "Mars"',
    ]);
  });

  it('does not let a plain user create users or change others', async () => {
    expect(await createErrors(sandbox, newUser('nope@acme.example'), VIEWER_KEY)).to.deep.equal([
      'Not authorized to perform action: Insufficient permissions to create User',
    ]);
    const admin = userOid(sandbox, 'admin@rally.sandbox');
    const res = await wsapi(sandbox, 'post', `/user/${admin}`, VIEWER_KEY)
      .send({ User: { FirstName: 'X' } })
      .expect(200);
    expect(envelope(res, 'OperationResult').Errors).to.deep.equal([
      'Not authorized to perform action: Insufficient permissions to update User',
    ]);
  });

  it('lets a user edit their own name but not disable themselves', async () => {
    const viewer = userOid(sandbox, 'viewer@rally.sandbox');
    const ok = await wsapi(sandbox, 'post', `/user/${viewer}`, VIEWER_KEY)
      .send({ User: { FirstName: 'Vera' } })
      .expect(200);
    expect(envelope(ok, 'OperationResult').Errors).to.deep.equal([]);
    const no = await wsapi(sandbox, 'post', `/user/${viewer}`, VIEWER_KEY)
      .send({ User: { Disabled: true } })
      .expect(200);
    expect(envelope(no, 'OperationResult').Errors).to.deep.equal([
      'Not authorized to perform action: Insufficient permissions to set User.Disabled',
    ]);
  });

  it('lets Workspace Admins create users only when WorkspaceAdminsCanManageUsers is on', async () => {
    expect(await createErrors(sandbox, newUser('ws1@acme.example'), WORKSPACE_ADMIN_KEY)).to.deep.equal([
      'Not authorized to perform action: Insufficient permissions to create User',
    ]);
    const subscription = envelope(await wsapi(sandbox, 'get', '/subscription'), 'Subscription');
    const toggled = await wsapi(sandbox, 'post', `/subscription/${String(subscription.ObjectID)}`)
      .send({ Subscription: { WorkspaceAdminsCanManageUsers: true } })
      .expect(200);
    expect(envelope(toggled, 'OperationResult').Object).to.deep.include({
      WorkspaceAdminsCanManageUsers: true,
    });
    expect(await createErrors(sandbox, newUser('ws2@acme.example'), WORKSPACE_ADMIN_KEY)).to.deep.equal([]);
    expect(
      await createErrors(
        sandbox,
        newUser('ws3@acme.example', { SubscriptionPermission: 'Subscription Admin' }),
        WORKSPACE_ADMIN_KEY,
      ),
    ).to.deep.equal([
      'Not authorized to perform action: Insufficient permissions to set User.SubscriptionPermission',
    ]);
  });

  it('renames, disables and re-enables a user, keeping the UserName index right', async () => {
    const res = await wsapi(sandbox, 'post', '/user/create').send(newUser('old@acme.example')).expect(200);
    const oid = oidOf((envelope(res, 'CreateResult').Object as { _ref: string })._ref);
    await wsapi(sandbox, 'post', `/user/${oid}`)
      .send({ User: { UserName: 'new@acme.example', Disabled: 'true' } })
      .expect(200);
    expect(sandbox.inspect.userByUserName('old@acme.example')).to.equal(undefined);
    expect(sandbox.inspect.userByUserName('NEW@acme.example')).to.include({ Disabled: true });
    expect(await createErrors(sandbox, newUser('old@acme.example'))).to.deep.equal([]);
    const back = await wsapi(sandbox, 'post', `/user/${oid}`)
      .send({ User: { Disabled: false } })
      .expect(200);
    expect(envelope(back, 'OperationResult').Object).to.deep.include({ Disabled: false });
  });

  it('rejects non-boolean Disabled values', async () => {
    const viewer = userOid(sandbox, 'viewer@rally.sandbox');
    const res = await wsapi(sandbox, 'post', `/user/${viewer}`)
      .send({ User: { Disabled: 'maybe' } })
      .expect(200);
    expect(envelope(res, 'OperationResult').Errors).to.deep.equal([
      'Could not convert: "maybe" is not a valid value for User.Disabled',
    ]);
  });

  it('deletes users for Subscription Admins only', async () => {
    const viewer = userOid(sandbox, 'viewer@rally.sandbox');
    const admin = userOid(sandbox, 'admin@rally.sandbox');
    const denied = await wsapi(sandbox, 'delete', `/user/${admin}`, VIEWER_KEY).expect(200);
    expect(envelope(denied, 'OperationResult').Errors).to.deep.equal([
      'Not authorized to perform action: Insufficient permissions to delete User',
    ]);
    const ok = await wsapi(sandbox, 'delete', `/user/${viewer}`).expect(200);
    expect(ok.body).to.deep.equal({
      OperationResult: { _rallyAPIMajor: '2', _rallyAPIMinor: '0', Errors: [], Warnings: [] },
    });
    expect(sandbox.inspect.userByUserName('viewer@rally.sandbox')).to.equal(undefined);
    expect(sandbox.inspect.projectPermissions(viewer)).to.deep.equal([]);
  });

  it('updates the default project through the user profile', async () => {
    const viewer = sandbox.inspect.userByUserName('viewer@rally.sandbox')!;
    const api = await oidByName(sandbox, 'project', 'Platform - API');
    const res = await wsapi(sandbox, 'post', `/userprofile/${String(viewer.UserProfile)}`, VIEWER_KEY)
      .send({ UserProfile: { DefaultProject: { _ref: `/project/${api}` } } })
      .expect(200);
    expect(envelope(res, 'OperationResult').Errors).to.deep.equal([]);
    expect(sandbox.inspect.userByUserName('viewer@rally.sandbox')!.DefaultProject).to.equal(Number(api));
    const ops = await oidByName(sandbox, 'workspace', 'Acme Operations');
    const bad = await wsapi(sandbox, 'post', `/userprofile/${String(viewer.UserProfile)}`)
      .send({ UserProfile: { DefaultWorkspace: `/workspace/${ops}`, DefaultProject: `/project/${api}` } })
      .expect(200);
    expect(envelope(bad, 'OperationResult').Errors).to.deep.equal([
      'Validation error: UserProfile.DefaultProject must belong to UserProfile.DefaultWorkspace',
    ]);
  });

  it('lists users with /users and /user?query= alike', async () => {
    const plural = queryResult(await wsapi(sandbox, 'get', '/users?pagesize=1').expect(200));
    const query = queryResult(
      await wsapi(sandbox, 'get', '/user?query=(ObjectID > 0)&pagesize=1').expect(200),
    );
    expect(plural.TotalResultCount).to.equal(63).and.equal(query.TotalResultCount);
  });
});

import { expect } from 'chai';
import type { Sandbox } from '../../sandbox/index.js';
import { envelope, freshSandbox, oidByName, queryResult, userOid, VIEWER_KEY, wsapi } from './helpers.js';

describe('sandbox team memberships', () => {
  let sandbox: Sandbox;
  let viewer: number;
  let web: string;
  let ios: string;
  beforeEach(async () => {
    sandbox = freshSandbox();
    viewer = userOid(sandbox, 'viewer@rally.sandbox');
    web = await oidByName(sandbox, 'project', 'Platform - Web');
    ios = await oidByName(sandbox, 'project', 'Mobile - iOS');
  });

  it('adds projects to a user and answers them in OperationResult.Results', async () => {
    const res = await wsapi(sandbox, 'post', `/user/${viewer}/teammemberships/add?fetch=Name`)
      .send({ CollectionItems: [{ _ref: `/project/${web}` }, { _ref: `/project/${ios}` }] })
      .expect(200);
    const result = envelope(res, 'OperationResult');
    expect(result.Errors).to.deep.equal([]);
    expect((result.Results as Array<{ Name: string }>).map((p) => p.Name)).to.deep.equal([
      'Platform - Web',
      'Mobile - iOS',
    ]);
    const user = envelope(await wsapi(sandbox, 'get', `/user/${viewer}`), 'User');
    expect(user.TeamMemberships).to.deep.include({ Count: 2 });
  });

  it('reads memberships from both sides as QueryResults', async () => {
    await wsapi(sandbox, 'post', `/user/${viewer}/TeamMemberships/add`).send({
      CollectionItems: [{ _ref: `/project/${web}` }],
    });
    const memberships = queryResult(
      await wsapi(sandbox, 'get', `/user/${viewer}/TeamMemberships?fetch=Name`).expect(200),
    );
    expect(memberships.Results.map((p) => p.Name)).to.deep.equal(['Platform - Web']);
    const members = queryResult(
      await wsapi(sandbox, 'get', `/project/${web}/TeamMembers?fetch=UserName&pagesize=2000`).expect(200),
    );
    expect(members.Results.map((u) => u.UserName)).to.include('viewer@rally.sandbox');
  });

  it('removes memberships, ignoring projects the user is not a member of', async () => {
    await wsapi(sandbox, 'post', `/user/${viewer}/teammemberships/add`).send({
      CollectionItems: [{ _ref: `/project/${web}` }],
    });
    const res = await wsapi(sandbox, 'post', `/user/${viewer}/teammemberships/remove`)
      .send({ CollectionItems: [{ _ref: `/project/${web}` }, { _ref: `/project/${ios}` }] })
      .expect(200);
    expect(envelope(res, 'OperationResult').Errors).to.deep.equal([]);
    expect(sandbox.inspect.userByUserName('viewer@rally.sandbox')!.TeamMemberships).to.deep.equal([]);
  });

  it('adds a member from the project side', async () => {
    await wsapi(sandbox, 'post', `/project/${ios}/TeamMembers/add`)
      .send({ CollectionItems: [{ _ref: `/user/${viewer}` }] })
      .expect(200);
    expect(sandbox.inspect.userByUserName('viewer@rally.sandbox')!.TeamMemberships).to.deep.equal([
      Number(ios),
    ]);
  });

  it('rejects unknown items without changing anything', async () => {
    const res = await wsapi(sandbox, 'post', `/user/${viewer}/teammemberships/add`)
      .send({ CollectionItems: [{ _ref: `/project/${web}` }, { _ref: '/project/1' }] })
      .expect(200);
    expect(envelope(res, 'OperationResult').Errors).to.deep.equal([
      'Cannot find collection item: {"_ref":"/project/1"}',
    ]);
    expect(sandbox.inspect.userByUserName('viewer@rally.sandbox')!.TeamMemberships).to.deep.equal([]);
  });

  it('does not let a plain user edit memberships', async () => {
    const res = await wsapi(sandbox, 'post', `/user/${viewer}/teammemberships/add`, VIEWER_KEY)
      .send({ CollectionItems: [{ _ref: `/project/${web}` }] })
      .expect(200);
    expect(envelope(res, 'OperationResult').Errors).to.deep.equal([
      'Not authorized to perform action: Insufficient permissions to edit team memberships of Project',
    ]);
  });
});

import { expect } from 'chai';
import { createSandbox, type Sandbox } from '../../sandbox/index.js';
import { envelope, freshSandbox, q, queryResult, wsapi } from './helpers.js';

/** All users with full fetch; `_ref` origins are dropped because supertest picks a new port per request. */
async function allUsers(sandbox: Sandbox): Promise<Array<Record<string, unknown>>> {
  const res = await wsapi(sandbox, 'get', '/users?fetch=true&pagesize=2000').expect(200);
  return JSON.parse(
    JSON.stringify(queryResult(res).Results).replace(/http:\/\/127\.0\.0\.1:\d+/g, ''),
  ) as Array<Record<string, unknown>>;
}

describe('sandbox seed', () => {
  it('seeds 20,000 users in under 2 seconds', function () {
    this.timeout(10_000);
    const started = performance.now();
    const sandbox = createSandbox({ seed: { users: 20_000 } });
    const elapsed = performance.now() - started;
    expect(sandbox.inspect.users()).to.equal(20_003);
    expect(elapsed).to.be.lessThan(2000);
  });

  it('answers a 2000-user page over 20,000 users', async function () {
    this.timeout(10_000);
    const sandbox = createSandbox({ seed: { users: 20_000 } });
    const res = await wsapi(
      sandbox,
      'get',
      `/user?query=${q('(Disabled = false)')}&order=UserName&start=2001&pagesize=2000&fetch=UserName`,
    ).expect(200);
    const result = queryResult(res);
    expect(result.Results).to.have.length(2000);
    expect(result.TotalResultCount).to.be.within(17_000, 19_000);
  });

  it('is deterministic: the same seed gives the same data and ObjectIDs, also after reset()', async () => {
    const a = freshSandbox({ randomSeed: 7 });
    const b = freshSandbox({ randomSeed: 7 });
    const first = await allUsers(a);
    expect(await allUsers(b)).to.deep.equal(first);
    await wsapi(a, 'post', '/user/create').send({
      User: { UserName: 'extra@acme.example', EmailAddress: 'x@acme.example' },
    });
    a.reset();
    expect(await allUsers(a)).to.deep.equal(first);
    expect(await allUsers(freshSandbox({ randomSeed: 8 }))).to.not.deep.equal(first);
  });

  it('gives fresh objects the same ObjectIDs after reset()', async () => {
    const sandbox = freshSandbox();
    const create = async () => {
      const res = await wsapi(sandbox, 'post', '/user/create').send({
        User: { UserName: 'n@acme.example', EmailAddress: 'n@acme.example' },
      });
      return (envelope(res, 'CreateResult').Object as { ObjectID: number }).ObjectID;
    };
    const first = await create();
    sandbox.reset();
    expect(await create()).to.equal(first);
  });

  it('generates realistic people: disabled users, odd characters, missing e-mail, 11-digit ObjectIDs', async () => {
    const users = await allUsers(freshSandbox({ users: 400 }));
    const disabled = users.filter((u) => u.Disabled === true).length;
    expect(disabled / users.length).to.be.within(0.05, 0.16);
    expect(users.filter((u) => u.EmailAddress === null)).to.have.length(2);
    expect(users.some((u) => /'/.test(String(u.UserName)))).to.equal(true);
    expect(users.some((u) => /[^ -~]/.test(String(u.DisplayName ?? u.LastName)))).to.equal(true);
    expect(users.every((u) => String(u.ObjectID).length === 11)).to.equal(true);
    expect(new Set(users.map((u) => String(u.UserName).toLowerCase())).size).to.equal(users.length);
    expect(new Set(users.map((u) => u.Department)).size).to.be.greaterThan(5);
  });

  it('seeds two workspaces and nested projects with permissions and team members', async () => {
    const sandbox = freshSandbox();
    expect(queryResult(await wsapi(sandbox, 'get', '/workspace')).TotalResultCount).to.equal(2);
    const projects = queryResult(
      await wsapi(sandbox, 'get', '/project?fetch=Name,Parent,TeamMembers&pagesize=100'),
    ).Results;
    expect(projects.length).to.be.at.least(6);
    expect(projects.filter((p) => p.Parent !== null).length).to.be.at.least(3);
    expect(projects.some((p) => (p.TeamMembers as { Count: number }).Count > 0)).to.equal(true);
    expect(queryResult(await wsapi(sandbox, 'get', '/projectpermission')).TotalResultCount).to.be.greaterThan(
      60,
    );
  });

  it('exposes read-only inspection views', () => {
    const sandbox = freshSandbox();
    const admin = sandbox.inspect.userByUserName('ADMIN@rally.sandbox')!;
    expect(admin).to.include({ UserName: 'admin@rally.sandbox', SubscriptionAdmin: true });
    expect(admin).to.not.have.any.keys('password', 'apiKey');
    expect(Object.isFrozen(admin)).to.equal(true);
    expect(sandbox.inspect.workspacePermissions(admin.ObjectID as number)).to.have.length(2);
    expect(sandbox.inspect.users()).to.equal(63);
  });

  it('rejects invalid seed options, naming every bad key', () => {
    expect(() => createSandbox({ seed: { users: -1, admin: { username: 'nope' } } })).to.throw(
      TypeError,
      /seed.users must be a non-negative integer; seed.admin.username must be in e-mail format/,
    );
  });
});

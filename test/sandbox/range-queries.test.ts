import { expect } from 'chai';
import type { Sandbox } from '../../sandbox/index.js';
import { freshSandbox, oidByName, oidOf, q, queryResult, wsapi } from './helpers.js';

// A query that bounds a numeric path on both sides (an import's permissions of an ObjectID range
// of users) is answered from a value index instead of a scan: the answers must be exactly those
// of the scan, in the same order, for every operator and after writes.

type Row = { ref: string; user: number; role: string };

async function all(sandbox: Sandbox, type: string, workspace: string, query?: string): Promise<Row[]> {
  const rows: Row[] = [];
  for (let start = 1; ; start += 200) {
    const res = await wsapi(
      sandbox,
      'get',
      `/${type}?fetch=Role,User&pagesize=200&start=${start}&workspace=/workspace/${workspace}` +
        (query ? `&query=${q(query)}` : ''),
    ).expect(200);
    const page = queryResult(res);
    expect(page.Errors).to.deep.equal([]);
    for (const r of page.Results) {
      rows.push({
        ref: String(r._ref).replace(/^.*\/v2\.0/, ''),
        user: Number(oidOf((r.User as { _ref: string })._ref)),
        role: String(r.Role),
      });
    }
    if (start + 200 > page.TotalResultCount) return rows;
  }
}

describe('sandbox range queries', () => {
  let sandbox: Sandbox;
  let workspace: string;
  let everything: Row[];
  let users: number[];

  before(async () => {
    sandbox = freshSandbox({ users: 300 });
    workspace = await oidByName(sandbox, 'workspace', 'Acme Engineering');
    everything = await all(sandbox, 'projectpermission', workspace);
    users = [...new Set(everything.map((r) => r.user))].sort((a, b) => a - b);
    expect(users.length).to.be.greaterThan(100);
  });

  const cases: Array<
    [string, (lo: number, hi: number) => string, (u: number, lo: number, hi: number) => boolean]
  > = [
    [
      '>= and <=',
      (lo, hi) => `((User.ObjectID >= ${lo}) AND (User.ObjectID <= ${hi}))`,
      (u, lo, hi) => u >= lo && u <= hi,
    ],
    [
      '> and <',
      (lo, hi) => `((User.ObjectID > ${lo}) AND (User.ObjectID < ${hi}))`,
      (u, lo, hi) => u > lo && u < hi,
    ],
    ['= alone', (lo) => `(User.ObjectID = ${lo})`, (u, lo) => u === lo],
    [
      'a bound past the data',
      (lo) => `((User.ObjectID >= ${lo}) AND (User.ObjectID <= 99999999999999))`,
      (u, lo) => u >= lo,
    ],
    ['crossed bounds', (lo, hi) => `((User.ObjectID >= ${hi}) AND (User.ObjectID <= ${lo}))`, () => false],
    [
      'an OR of bounds (not a range)',
      (lo, hi) => `((User.ObjectID <= ${lo}) OR (User.ObjectID >= ${hi}))`,
      (u, lo, hi) => u <= lo || u >= hi,
    ],
  ];

  for (const [name, query, keep] of cases) {
    it(`answers ${name} exactly as a scan would, in the same order`, async () => {
      const lo = users[20]!;
      const hi = users[90]!;
      const got = await all(sandbox, 'projectpermission', workspace, query(lo, hi));
      expect(got).to.deep.equal(everything.filter((r) => keep(r.user, lo, hi)));
    });
  }

  it('applies the other conditions of the AND to the range', async () => {
    const lo = users[10]!;
    const hi = users[200]!;
    const got = await all(
      sandbox,
      'projectpermission',
      workspace,
      `(((User.ObjectID >= ${lo}) AND (User.ObjectID <= ${hi})) AND (Role = "Editor"))`,
    );
    const want = everything.filter((r) => r.user >= lo && r.user <= hi && r.role === 'Editor');
    expect(want.length).to.be.greaterThan(0);
    expect(got).to.deep.equal(want);
  });

  it('sees a permission granted after the range was first asked for', async () => {
    const lo = users[30]!;
    const hi = users[40]!;
    const range = `((User.ObjectID >= ${lo}) AND (User.ObjectID <= ${hi}))`;
    await all(sandbox, 'projectpermission', workspace, range);
    const holder = users[35]!;
    const res = await wsapi(sandbox, 'get', `/project?pagesize=1&workspace=/workspace/${workspace}`).expect(
      200,
    );
    const project = oidOf(queryResult(res).Results[0]!._ref);
    await wsapi(sandbox, 'post', '/projectpermission/create')
      .send({
        ProjectPermission: { Project: `/project/${project}`, User: `/user/${holder}`, Role: 'Project Admin' },
      })
      .expect(200);
    const after = await all(sandbox, 'projectpermission', workspace, range);
    const granted = after.filter((r) => r.ref.endsWith(`/projectpermission/${project}u${holder}p1`));
    expect(granted).to.deep.equal([{ ref: granted[0]?.ref, user: holder, role: 'Admin' }]);
    expect(after).to.deep.equal(
      (await all(sandbox, 'projectpermission', workspace)).filter((r) => r.user >= lo && r.user <= hi),
    );
  });
});

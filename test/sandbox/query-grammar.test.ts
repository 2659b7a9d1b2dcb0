import { expect } from 'chai';
import type { Sandbox } from '../../sandbox/index.js';
import { parseQuery } from '../../sandbox/query/parse.js';
import { QuerySyntaxError } from '../../sandbox/query/tokenize.js';
import { freshSandbox, q, queryResult, wsapi } from './helpers.js';

async function userNames(sandbox: Sandbox, query: string, extra = ''): Promise<string[]> {
  const res = await wsapi(
    sandbox,
    'get',
    `/user?query=${q(query)}&fetch=UserName&pagesize=2000${extra}`,
  ).expect(200);
  const result = queryResult(res);
  expect(result.Errors, query).to.deep.equal([]);
  return result.Results.map((r) => String(r.UserName));
}

async function parseError(sandbox: Sandbox, query: string): Promise<string> {
  const res = await wsapi(sandbox, 'get', `/user?query=${q(query)}`).expect(200);
  const result = queryResult(res);
  expect(result).to.include({ TotalResultCount: 0, StartIndex: 0, PageSize: 0 });
  expect(result.Results).to.deep.equal([]);
  expect(result.Errors).to.have.length(1);
  return result.Errors[0]!;
}

describe('sandbox query grammar', () => {
  describe('parser', () => {
    it('parses a comparison with a quoted value, honouring \\" and \\\\ escapes', () => {
      expect(parseQuery('(DisplayName = "a \\"quoted\\" \\\\ name")')).to.deep.equal({
        kind: 'compare',
        path: ['DisplayName'],
        op: '=',
        value: { text: 'a "quoted" \\ name', quoted: true },
      });
    });

    it('parses nested AND/OR case-insensitively into a binary tree', () => {
      const tree = parseQuery('(((A = 1) and (B = 2)) Or (C.D != x))');
      expect(tree).to.deep.include({ kind: 'logical', op: 'OR' });
      expect(tree.kind === 'logical' && tree.left).to.deep.include({ kind: 'logical', op: 'AND' });
      expect(tree.kind === 'logical' && tree.right).to.deep.include({
        path: ['C', 'D'],
        op: '!=',
        value: { text: 'x', quoted: false },
      });
    });

    it('keeps a quoted value containing ") OR (" as one literal', () => {
      const tree = parseQuery('(UserName = "x\\") OR (Disabled = true")');
      expect(tree).to.deep.equal({
        kind: 'compare',
        path: ['UserName'],
        op: '=',
        value: { text: 'x") OR (Disabled = true', quoted: true },
      });
    });

    for (const bad of [
      'UserName = x',
      '(UserName = x',
      '(UserName x)',
      '((A = 1) AND (B = 2) AND (C = 3))',
      '((A = 1) XOR (B = 2))',
      '(A = "unterminated)',
      '(A = 1))',
      '()',
    ]) {
      it(`rejects ${bad}`, () => {
        expect(() => parseQuery(bad)).to.throw(QuerySyntaxError);
      });
    }
  });

  describe('over HTTP', () => {
    let sandbox: Sandbox;
    beforeEach(() => {
      sandbox = freshSandbox();
    });

    it('accepts unquoted values as rally-node sends them', async () => {
      expect(
        await userNames(sandbox, '((UserName = admin@rally.sandbox) AND (Disabled = false))'),
      ).to.deep.equal(['admin@rally.sandbox']);
    });

    it('matches UserName and EmailAddress case-insensitively', async () => {
      expect(await userNames(sandbox, '(UserName = "ADMIN@Rally.Sandbox")')).to.deep.equal([
        'admin@rally.sandbox',
      ]);
      expect(await userNames(sandbox, '(EmailAddress = VIEWER@RALLY.SANDBOX)')).to.deep.equal([
        'viewer@rally.sandbox',
      ]);
    });

    it('matches other text attributes exactly', async () => {
      expect(await userNames(sandbox, '(LastName = "admin")')).to.deep.equal([]);
      expect(await userNames(sandbox, '(LastName = "Admin")')).to.deep.equal(['admin@rally.sandbox']);
    });

    it('evaluates nested AND/OR', async () => {
      const names = await userNames(
        sandbox,
        '(((UserName = admin@rally.sandbox) OR (UserName = viewer@rally.sandbox)) AND (SubscriptionAdmin = false))',
      );
      expect(names).to.deep.equal(['viewer@rally.sandbox']);
    });

    it('supports contains and !contains (case-insensitive)', async () => {
      const contains = await userNames(sandbox, '(UserName contains "RALLY.SANDBOX")');
      expect(contains).to.have.members([
        'admin@rally.sandbox',
        'viewer@rally.sandbox',
        'wsadmin@rally.sandbox',
      ]);
      const all = await userNames(sandbox, '(ObjectID > 0)');
      const without = await userNames(sandbox, '(UserName !contains rally.sandbox)');
      expect(without).to.have.length(all.length - 3);
    });

    it('supports null, booleans (also quoted "False") and numbers', async () => {
      const noEmail = await userNames(sandbox, '(EmailAddress = null)');
      expect(noEmail.length).to.be.within(1, 2);
      const enabled = await userNames(sandbox, '(Disabled = "False")');
      const disabled = await userNames(sandbox, '(Disabled = true)');
      const all = await userNames(sandbox, '((Disabled = true) OR (Disabled = false))');
      expect(enabled.length + disabled.length).to.equal(all.length);
      expect(disabled.length).to.be.greaterThan(0);
      const oid = String(sandbox.inspect.userByUserName('viewer@rally.sandbox')!.ObjectID);
      expect(await userNames(sandbox, `(ObjectID = ${oid})`)).to.deep.equal(['viewer@rally.sandbox']);
      expect(await userNames(sandbox, `(ObjectID < ${oid})`)).to.deep.equal(['admin@rally.sandbox']);
    });

    it('follows dotted paths through references', async () => {
      const viewer = String(sandbox.inspect.userByUserName('viewer@rally.sandbox')!.ObjectID);
      const res = await wsapi(
        sandbox,
        'get',
        `/projectpermission?query=${q('((User.UserName = viewer@rally.sandbox) AND (Project.Workspace.Name = "Acme Engineering"))')}&fetch=User,Role`,
      ).expect(200);
      const result = queryResult(res);
      expect(result.TotalResultCount).to.equal(2);
      expect(
        result.Results.map((r) => (r.User as { _ref: string })._ref.endsWith(`/user/${viewer}`)),
      ).to.deep.equal([true, true]);
    });

    it('compares references by ref', async () => {
      const res = await wsapi(sandbox, 'get', `/project?query=${q('(Parent = null)')}&fetch=Name`).expect(
        200,
      );
      const roots = queryResult(res).Results.map((r) => String(r.Name));
      expect(roots).to.include.members(['Platform', 'Mobile', 'IT Operations']);
      const platform = oidOfProject(res, 'Platform');
      const children = await wsapi(
        sandbox,
        'get',
        `/project?query=${q(`(Parent = /project/${platform})`)}&fetch=Name`,
      ).expect(200);
      expect(queryResult(children).Results.map((r) => r.Name)).to.have.members([
        'Platform - API',
        'Platform - Web',
      ]);
    });

    it('matches a value with escaped quotes and backslashes literally, never as syntax', async () => {
      const tricky = 'a\\b "c") OR (Disabled = false';
      const created = await wsapi(sandbox, 'post', '/user/create')
        .send({
          User: { UserName: 'tricky@acme.example', EmailAddress: 'tricky@acme.example', LastName: tricky },
        })
        .expect(200);
      expect(created.body.CreateResult.Errors).to.deep.equal([]);
      const escaped = tricky.replace(/\\/g, '\\\\').replace(/"/g, '\\"');
      expect(await userNames(sandbox, `(LastName = "${escaped}")`)).to.deep.equal(['tricky@acme.example']);
      expect(await userNames(sandbox, `(LastName = "a\\\\b \\"c\\")")`)).to.deep.equal([]);
    });

    it('answers bad syntax with "Could not parse" and zero counts', async () => {
      expect(await parseError(sandbox, '(UserName)')).to.equal('Could not parse: Unknown operator ")"');
      expect(await parseError(sandbox, 'UserName = x')).to.match(/^Could not parse: /);
      expect(await parseError(sandbox, '((A = 1) AND (B = 2) AND (C = 3))')).to.match(/^Could not parse: /);
    });

    it('answers unknown attributes and mistyped values with "Could not parse"', async () => {
      expect(await parseError(sandbox, '(Nope = 1)')).to.equal(
        'Could not parse: Could not find attribute "Nope" on type User',
      );
      expect(await parseError(sandbox, '(Disabled = maybe)')).to.match(
        /^Could not parse: Invalid value "maybe"/,
      );
      expect(await parseError(sandbox, '(ObjectID = abc)')).to.match(/^Could not parse: Invalid value "abc"/);
      expect(await parseError(sandbox, '(Disabled contains true)')).to.match(
        /^Could not parse: Operator "contains"/,
      );
    });
  });
});

function oidOfProject(res: { body: unknown }, name: string): string {
  const { Results } = (res.body as { QueryResult: { Results: Array<{ Name: string; _ref: string }> } })
    .QueryResult;
  return Results.find((r) => r.Name === name)!
    ._ref.split('/')
    .pop()!;
}

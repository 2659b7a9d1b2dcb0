import { expect } from 'chai';
import rally from 'rally';
import { createSandbox, type Sandbox, type SandboxListening } from '../../sandbox/index.js';

const { where } = rally.util.query;

describe('sandbox with the official rally-node toolkit', () => {
  let sandbox: Sandbox;
  let server: SandboxListening;
  before(async () => {
    sandbox = createSandbox({ seed: { users: 120 } });
    server = await sandbox.listen({ port: 0 });
  });
  beforeEach(() => sandbox.reset());
  after(async () => {
    await server.close();
  });

  const modes = {
    'API key': () => rally({ apiKey: sandbox.credentials.admin.apiKey, server: server.origin }),
    'Basic (challenge, security token, JSESSIONID)': () =>
      rally({
        user: sandbox.credentials.admin.username,
        pass: sandbox.credentials.admin.password,
        server: server.origin,
      }),
  };

  for (const [mode, client] of Object.entries(modes)) {
    describe(mode, () => {
      it('finds a user with the unquoted values the query builder renders', async () => {
        const query = where('UserName', '=', 'admin@rally.sandbox').and('Disabled', '=', false);
        expect(query.toQueryString()).to.equal('((UserName = admin@rally.sandbox) AND (Disabled = false))');
        const result = await client().query({
          type: 'user',
          query,
          fetch: ['UserName', 'SubscriptionAdmin'],
        });
        expect(result.Results.map((u) => [u.UserName, u.SubscriptionAdmin])).to.deep.equal([
          ['admin@rally.sandbox', true],
        ]);
      });

      it('pages a query with limit 50 and pageSize 20', async () => {
        const result = await client().query({
          type: 'user',
          query: where('Disabled', '=', false).and('UserName', 'contains', 'acme'),
          fetch: ['UserName', 'Disabled'],
          order: 'UserName',
          limit: 50,
          pageSize: 20,
        });
        expect(result.Results).to.have.length(50);
        expect(result.TotalResultCount).to.be.greaterThan(50);
        expect(new Set(result.Results.map((u) => u._ref)).size).to.equal(50);
        expect(result.Results.every((u) => u.Disabled === false)).to.equal(true);
        const names = result.Results.map((u) => String(u.UserName).toLowerCase());
        expect(names).to.deep.equal([...names].sort());
      });

      it('creates, updates, adds a team membership, reads and deletes a user', async () => {
        const api = client();
        const created = await api.create({
          type: 'user',
          data: {
            UserName: 'toolkit@acme.example',
            EmailAddress: 'toolkit@acme.example',
            LastName: "D'Angelo",
          },
          fetch: ['ObjectID', 'UserName'],
        });
        const ref = String(created.Object._ref);
        expect(created.Object.UserName).to.equal('toolkit@acme.example');
        const updated = await api.update({
          ref,
          data: { FirstName: 'Zoë', Department: 'Finance' },
          fetch: ['FirstName', 'Department'],
        });
        expect(updated.Object).to.deep.include({ FirstName: 'Zoë', Department: 'Finance' });
        const projects = await api.query({
          type: 'project',
          query: where('Name', '=', 'Platform - Web'),
          fetch: ['Name'],
        });
        const added = await api.add({
          ref,
          collection: 'TeamMemberships',
          data: [{ _ref: String(projects.Results[0]!._ref) }],
        });
        expect(added.Results).to.have.length(1);
        const read = await api.get({ ref, fetch: ['TeamMemberships', 'LastName'] });
        expect(read.Object).to.deep.include({ LastName: "D'Angelo" });
        expect(read.Object.TeamMemberships).to.deep.include({ Count: 1 });
        await api.del({ ref });
        const error = await api.get({ ref }).then(
          () => undefined,
          (e: Error) => e,
        );
        expect(error?.message).to.equal('Cannot find object to read');
      });

      it('surfaces Rally validation errors as rejected promises', async () => {
        const error = await client()
          .create({
            type: 'user',
            data: { UserName: 'viewer@rally.sandbox', EmailAddress: 'v@acme.example' },
          })
          .then(
            () => undefined,
            (e: Error) => e,
          );
        expect(error?.message).to.equal(
          'Validation error: User.UserName conflicts with viewer@rally.sandbox ',
        );
      });
    });
  }

  it('fails Basic with a wrong password after the 401 challenge', async () => {
    const api = rally({ user: 'admin@rally.sandbox', pass: 'wrong', server: server.origin });
    const error = await api.query({ type: 'workspace' }).then(
      () => undefined,
      (e: Error) => e,
    );
    expect(error?.message).to.match(/401! body=<html>/);
    expect(error?.message).to.contain('The username or password you entered is incorrect.');
  });
});

import { expect } from 'chai';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRallyClient, isRallyError, RallyError } from '../../../connector/rally/index.js';
import { rejectionOf, startRallyEnv, type RallyEnv } from '../../helpers/rally-env.js';

describe('Rally outcomes become typed results or RallyErrors', () => {
  let env: RallyEnv;
  before(async () => {
    env = await startRallyEnv();
  });
  after(() => env.close());
  beforeEach(() => env.sandbox.reset());

  it('returns a created user with numeric ObjectID and absolute _ref', async () => {
    const u = await env.client
      .as(env.admin.apiKey)
      .createUser({ UserName: 'new.one@example.com', EmailAddress: 'n@example.com' });
    expect(u.ObjectID).to.be.a('number');
    expect(u._ref).to.match(new RegExp(`^${env.baseUrl}/user/${u.ObjectID}$`));
    expect(u._objectVersion).to.be.a('string');
  });

  it('maps "Cannot find object to read" to RALLY_NOT_FOUND', async () => {
    const err = await rejectionOf(env.client.as(env.admin.apiKey).getUser(424242424242));
    expect(isRallyError(err, 'RALLY_NOT_FOUND')).to.equal(true);
    expect((err as RallyError).rallyMessages).to.deep.equal(['Cannot find object to read']);
  });

  it('maps a UserName conflict to RALLY_CONFLICT with Rally’s message', async () => {
    const api = env.client.as(env.admin.apiKey);
    const err = await rejectionOf(
      api.createUser({ UserName: 'ADMIN@rally.sandbox', EmailAddress: 'x@example.com' }),
    );
    expect(isRallyError(err, 'RALLY_CONFLICT')).to.equal(true);
    expect((err as RallyError).rallyMessages[0]).to.match(/Validation error: User.UserName conflicts with/);
  });

  it('maps a missing EmailAddress to RALLY_VALIDATION', async () => {
    const err = await rejectionOf(
      env.client.as(env.admin.apiKey).createUser({ UserName: 'no.mail@example.com' }),
    );
    expect(isRallyError(err, 'RALLY_VALIDATION')).to.equal(true);
    expect((err as RallyError).rallyMessages).to.deep.equal([
      'Validation error: User.EmailAddress should not be null',
    ]);
  });

  it('maps a dropdown value outside the subscription’s allowed values to RALLY_VALIDATION', async () => {
    const api = env.client.as(env.admin.apiKey);
    const err = await rejectionOf(
      api.createUser({
        UserName: 'dd@example.com',
        EmailAddress: 'dd@example.com',
        Department: 'No Such Department',
      }),
    );
    expect(isRallyError(err, 'RALLY_VALIDATION')).to.equal(true);
  });

  it('reads the User type definition with allowed values for the dropdown fields', async () => {
    const attrs = await env.client.as(env.admin.apiKey).userAttributes();
    const byName = new Map(attrs.map((a) => [a.elementName, a]));
    for (const f of ['Department', 'CostCenter', 'OfficeLocation', 'Role']) {
      expect(byName.get(f)?.constrained, f).to.equal(true);
      expect(byName.get(f)?.allowedValues, f).to.include('None');
    }
    expect(byName.get('UserName')?.required).to.equal(true);
  });

  it('lists workspaces, projects and permissions, and grants and revokes project access', async () => {
    const api = env.client.as(env.admin.apiKey);
    const workspaces = [];
    for await (const w of api.workspaces()) workspaces.push(w);
    expect(workspaces.length).to.be.at.least(2);
    const projects = [];
    for await (const p of api.projects()) projects.push(p);
    expect(projects.length).to.be.at.least(6);
    const user = await api.createUser({ UserName: 'grant.me@example.com', EmailAddress: 'g@example.com' });
    const project = projects.find(
      (p) => !env.sandbox.inspect.projectPermissions(user.ObjectID).some((x) => x.project === p.ObjectID),
    )!;
    const perm = await api.grantProject(user.ObjectID, project.ObjectID, 'Editor');
    expect(perm.Role).to.equal('Editor');
    expect(env.sandbox.inspect.projectPermissions(user.ObjectID)).to.deep.include({
      project: project.ObjectID,
      role: 'Editor',
    });
    await api.revoke(perm._ref);
    await api.revoke(perm._ref); // already gone: still fine
    expect(env.sandbox.inspect.projectPermissions(user.ObjectID).map((x) => x.project)).to.not.include(
      project.ObjectID,
    );
  });

  describe('bodies that are not Rally JSON', () => {
    let server: Server;
    let base: string;
    let answer: { status: number; type: string; body: string };
    before(async () => {
      server = createServer((_req, res) => {
        res.writeHead(answer.status, { 'content-type': answer.type });
        res.end(answer.body);
      });
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
      base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/slm/webservice/v2.0`;
    });
    after(() => new Promise<void>((r) => server.close(() => r())));

    const cases: Array<[string, typeof answer, string]> = [
      [
        'HTML 200',
        { status: 200, type: 'text/html', body: '<html><title>Maintenance</title></html>' },
        'RALLY_BAD_RESPONSE',
      ],
      [
        'JSON of the wrong shape',
        { status: 200, type: 'application/json', body: '[1,2]' },
        'RALLY_BAD_RESPONSE',
      ],
      [
        'HTML 404 (IP allow-list)',
        { status: 404, type: 'text/html', body: '<title>Error 404 Not Found</title>' },
        'RALLY_FORBIDDEN',
      ],
      ['plain 500', { status: 500, type: 'text/plain', body: 'boom' }, 'RALLY_UNAVAILABLE'],
    ];
    for (const [name, a, code] of cases) {
      it(`maps ${name} to ${code}`, async () => {
        answer = a;
        const client = createRallyClient({ baseUrl: base, timeoutMs: 2000, sleep: async () => undefined });
        try {
          const err = await rejectionOf(client.as({ kind: 'apiKey', apiKey: '_k' }).currentUser());
          expect((err as RallyError).code).to.equal(code);
        } finally {
          await client.close();
        }
      });
    }
  });
});

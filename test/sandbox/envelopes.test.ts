import { expect } from 'chai';
import express from 'express';
import request from 'supertest';
import type { Sandbox } from '../../sandbox/index.js';
import { envelope, freshSandbox, q, queryResult, userOid, WSAPI, wsapi } from './helpers.js';

const REF_KEYS = ['_rallyAPIMajor', '_rallyAPIMinor', '_ref', '_refObjectUUID', '_refObjectName', '_type'];
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('sandbox envelopes and metadata', () => {
  let sandbox: Sandbox;
  let viewer: number;
  beforeEach(() => {
    sandbox = freshSandbox();
    viewer = userOid(sandbox, 'viewer@rally.sandbox');
  });

  it('wraps a single read in its type with empty Errors and Warnings, as JSON utf-8', async () => {
    const res = await wsapi(sandbox, 'get', `/user/${viewer}`).expect(200);
    expect(res.headers['content-type']).to.equal('application/json; charset=utf-8');
    expect(Object.keys(res.body as object)).to.deep.equal(['User']);
    const user = envelope(res, 'User');
    expect(user.Errors).to.deep.equal([]);
    expect(user.Warnings).to.deep.equal([]);
    expect(user).to.include({ _rallyAPIMajor: '2', _rallyAPIMinor: '0', _type: 'User', ObjectID: viewer });
    expect(user._ref).to.match(new RegExp(`^http://127\\.0\\.0\\.1:\\d+${WSAPI}/user/${viewer}$`));
    expect(user._objectVersion).to.be.a('string').and.match(/^\d+$/);
    expect(user.ObjectUUID).to.match(UUID).and.equal(user._refObjectUUID);
    expect(user.CreationDate).to.match(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(user._CreatedAt).to.be.a('string');
  });

  it('renders references as ref sub-objects and collections as summaries', async () => {
    const user = envelope(await wsapi(sandbox, 'get', `/user/${viewer}`).expect(200), 'User');
    expect(Object.keys(user.UserProfile as object)).to.have.members(REF_KEYS);
    expect(user.TeamMemberships).to.deep.include({ _type: 'Project', Count: 0 });
    expect((user.TeamMemberships as { _ref: string })._ref).to.match(
      new RegExp(`/user/${viewer}/TeamMemberships$`),
    );
    expect(user.UserPermissions).to.deep.include({ _type: 'UserPermission', Count: 3 });
    expect(Object.keys(user.UserPermissions as object)).to.have.members([
      '_rallyAPIMajor',
      '_rallyAPIMinor',
      '_ref',
      '_type',
      'Count',
    ]);
  });

  it('answers a query with every QueryResult field', async () => {
    const res = await wsapi(sandbox, 'get', `/user?query=${q('(UserName = viewer@rally.sandbox)')}`).expect(
      200,
    );
    expect(res.body).to.have.all.keys('QueryResult');
    expect(queryResult(res)).to.have.all.keys(
      '_rallyAPIMajor',
      '_rallyAPIMinor',
      'Errors',
      'Warnings',
      'TotalResultCount',
      'StartIndex',
      'PageSize',
      'Results',
    );
  });

  it('returns shallow refs when fetch is absent, everything for fetch=true, and a chosen list otherwise', async () => {
    const path = `/user?query=${q('(UserName = viewer@rally.sandbox)')}`;
    const [shallow] = queryResult(await wsapi(sandbox, 'get', path).expect(200)).Results;
    expect(Object.keys(shallow!)).to.have.members([...REF_KEYS, '_objectVersion']);
    const [all] = queryResult(await wsapi(sandbox, 'get', `${path}&fetch=true`).expect(200)).Results;
    expect(all).to.include.keys(
      'UserName',
      'EmailAddress',
      'Disabled',
      'Department',
      'TeamMemberships',
      'UserProfile',
    );
    const [some] = queryResult(
      await wsapi(sandbox, 'get', `${path}&fetch=username,Disabled,NoSuchField`).expect(200),
    ).Results;
    expect(Object.keys(some!)).to.have.members([...REF_KEYS, '_objectVersion', 'UserName', 'Disabled']);
  });

  it('applies a fetch list to reference sub-objects one level deep', async () => {
    const res = await wsapi(
      sandbox,
      'get',
      `/user/${viewer}/UserPermissions?fetch=Role,Workspace,Project,Name`,
    ).expect(200);
    const names = queryResult(res).Results.map((r) => (r.Workspace ?? r.Project) as { Name: string });
    expect(names.map((n) => n.Name)).to.have.members(['Acme Engineering', 'Platform', 'Platform - API']);
  });

  it('reads the current subscription and its workspaces', async () => {
    const subscription = envelope(await wsapi(sandbox, 'get', '/subscription').expect(200), 'Subscription');
    expect(subscription.Workspaces).to.deep.include({ _type: 'Workspace', Count: 2 });
    const res = await wsapi(
      sandbox,
      'get',
      `/subscription/${String(subscription.ObjectID)}/Workspaces?fetch=Name`,
    ).expect(200);
    expect(queryResult(res).Results.map((r) => r.Name)).to.deep.equal([
      'Acme Engineering',
      'Acme Operations',
    ]);
  });

  it('answers "Cannot find object to read" for a missing object (HTTP 200)', async () => {
    const res = await wsapi(sandbox, 'get', '/user/12345').expect(200);
    expect(res.body).to.deep.equal({
      OperationResult: {
        _rallyAPIMajor: '2',
        _rallyAPIMinor: '0',
        Errors: ['Cannot find object to read'],
        Warnings: [],
      },
    });
  });

  it('answers "Object to delete cannot be null" when deleting a missing object', async () => {
    const res = await wsapi(sandbox, 'delete', '/user/12345').expect(200);
    expect(envelope(res, 'OperationResult').Errors).to.deep.equal(['Object to delete cannot be null']);
  });

  it('answers an unknown type with "Not able to parse the requested type"', async () => {
    const res = await wsapi(sandbox, 'get', '/defectx').expect(200);
    expect(envelope(res, 'OperationResult').Errors).to.deep.equal([
      'Not able to parse the requested type: defectx',
    ]);
  });

  it('ignores unknown fields on write with a Warning', async () => {
    const res = await wsapi(sandbox, 'post', `/user/${viewer}`)
      .send({ User: { FirstName: 'Vera', Foo: 1 } })
      .expect(200);
    const result = envelope(res, 'OperationResult');
    expect(result.Errors).to.deep.equal([]);
    expect(result.Warnings).to.deep.equal([
      'Ignored JSON element User.Foo during processing of this request.',
    ]);
    expect(result.Object).to.deep.include({ FirstName: 'Vera' });
  });

  it('bumps _objectVersion on every update', async () => {
    const before = envelope(await wsapi(sandbox, 'get', `/user/${viewer}`), 'User')._objectVersion;
    await wsapi(sandbox, 'put', `/user/${viewer}`)
      .send({ user: { Phone: '1' } })
      .expect(200);
    const res = await wsapi(sandbox, 'post', `/user/${viewer}`)
      .send({ User: { Phone: '2' } })
      .expect(200);
    expect(
      Number((envelope(res, 'OperationResult').Object as { _objectVersion: string })._objectVersion),
    ).to.equal(Number(before) + 2);
  });

  it('answers bad JSON with an OperationResult error instead of crashing', async () => {
    const res = await wsapi(sandbox, 'post', '/user/create')
      .set('Content-Type', 'application/json')
      .send('{"User": {')
      .expect(200);
    expect(envelope(res, 'OperationResult').Errors[0]).to.match(
      /^Cannot parse input stream due to I\/O error as JSON document: Parse error: /,
    );
  });

  it('accepts JSON bodies sent as text/plain', async () => {
    const res = await wsapi(sandbox, 'post', '/user/create')
      .set('Content-Type', 'text/plain')
      .send(JSON.stringify({ User: { UserName: 'plain@acme.example', EmailAddress: 'plain@acme.example' } }))
      .expect(200);
    expect(envelope(res, 'CreateResult').Errors).to.deep.equal([]);
  });

  it('rejects a body that is not wrapped in the type', async () => {
    const res = await wsapi(sandbox, 'post', '/user/create').send({ UserName: 'x@acme.example' }).expect(200);
    expect(envelope(res, 'CreateResult').Errors).to.deep.equal([
      'Cannot parse input stream as JSON document: expected an object of the form {"User": {...}}',
    ]);
  });

  it('answers a body over 1 MB with HTTP 413 and an OperationResult', async () => {
    const big = JSON.stringify({ User: { UserName: 'big@acme.example', Phone: 'x'.repeat(1_100_000) } });
    const res = await wsapi(sandbox, 'post', '/user/create')
      .set('Content-Type', 'application/json')
      .send(big)
      .expect(413);
    expect(envelope(res, 'OperationResult').Errors).to.deep.equal([
      'Cannot parse input stream: the request body exceeds 1mb',
    ]);
  });

  it('answers unsupported operations and unknown routes with documented errors', async () => {
    const workspace = await wsapi(sandbox, 'get', '/workspace?pagesize=1').expect(200);
    const oid = String(queryResult(workspace).Results[0]!._ref).split('/').pop()!;
    const del = await wsapi(sandbox, 'delete', `/workspace/${oid}`).expect(200);
    expect(envelope(del, 'OperationResult').Errors).to.deep.equal([
      'Operation not supported by the sandbox: delete Workspace',
    ]);
    const odd = await wsapi(sandbox, 'get', '/user/1/a/b/c').expect(200);
    expect(envelope(odd, 'OperationResult').Errors).to.deep.equal([
      `Unsupported request: GET ${WSAPI}/user/1/a/b/c`,
    ]);
  });

  it('accepts .js suffixes and type names in any case', async () => {
    const res = await wsapi(sandbox, 'get', `/USER/${viewer}.js?fetch=UserName`).expect(200);
    expect(envelope(res, 'User').UserName).to.equal('viewer@rally.sandbox');
    const created = await wsapi(sandbox, 'put', '/User/create.js')
      .send({ User: { UserName: 'js@acme.example', EmailAddress: 'js@acme.example' } })
      .expect(200);
    expect(envelope(created, 'CreateResult').Object).to.deep.include({
      _type: 'User',
      UserName: 'js@acme.example',
    });
  });

  it('builds _ref from the mount point when mounted under /sandbox', async () => {
    const host = express();
    host.use('/sandbox', sandbox.app);
    const res = await request(host)
      .get(`/sandbox${WSAPI}/user`)
      .set('ZSESSIONID', '_sandboxAdminKey')
      .expect(200);
    expect(envelope(res, 'User')._ref).to.match(
      new RegExp(`^http://127\\.0\\.0\\.1:\\d+/sandbox${WSAPI}/user/\\d+$`),
    );
  });

  it('answers paths outside the WSAPI with a Jetty 404 page', async () => {
    const res = await request(sandbox.app).get('/slm/nothing').expect(404);
    expect(res.text).to.contain('<title>Error 404 Not Found</title>');
  });
});

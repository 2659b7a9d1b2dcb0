import { expect } from 'chai';
import request from 'supertest';
import type { Sandbox } from '../../sandbox/index.js';
import { ADMIN_KEY, basicAuth, envelope, freshSandbox, VIEWER_KEY, WSAPI, wsapi } from './helpers.js';

const NEW_USER = { User: { UserName: 'auth.test@acme.example', EmailAddress: 'auth.test@acme.example' } };

function sessionCookie(setCookie: string | string[] | undefined): string {
  const header = [setCookie ?? []].flat().find((c) => c.startsWith('JSESSIONID='));
  if (!header) throw new Error('no JSESSIONID cookie set');
  return header.split(';')[0]!;
}

describe('sandbox authentication', () => {
  let sandbox: Sandbox;
  let admin: string;
  beforeEach(() => {
    sandbox = freshSandbox();
    admin = basicAuth(sandbox.credentials.admin.username, sandbox.credentials.admin.password);
  });

  it('accepts the API key in ZSESSIONID and answers the current user', async () => {
    const res = await wsapi(sandbox, 'get', '/user', VIEWER_KEY).expect(200);
    expect(envelope(res, 'User').UserName).to.equal('viewer@rally.sandbox');
  });

  it('answers a missing credential with a Jetty 401 page and a Basic challenge', async () => {
    const res = await request(sandbox.app).get(`${WSAPI}/user`).expect(401);
    expect(res.headers['content-type']).to.match(/^text\/html/);
    expect(res.headers['www-authenticate']).to.equal('Basic realm="Rally ALM"');
    expect(res.text).to.contain(
      '<title>Error 401 Full authentication is required to access this resource</title>',
    );
  });

  it('answers a wrong password with the "incorrect" 401 page', async () => {
    const res = await request(sandbox.app)
      .get(`${WSAPI}/user`)
      .set('Authorization', basicAuth('admin@rally.sandbox', 'nope'))
      .expect(401);
    expect(res.headers['www-authenticate']).to.equal('Basic realm="Rally ALM"');
    expect(res.text).to.contain(
      '<title>Error 401 The username or password you entered is incorrect.</title>',
    );
  });

  it('answers an unknown API key with the "incorrect" 401 page', async () => {
    const res = await wsapi(sandbox, 'get', '/user', '_notAKey').expect(401);
    expect(res.text).to.contain('The username or password you entered is incorrect.');
  });

  it('lets Basic credentials read, matching the user name case-insensitively', async () => {
    const res = await request(sandbox.app)
      .get(`${WSAPI}/user`)
      .set('Authorization', basicAuth('ADMIN@rally.sandbox', 'sandbox-admin'))
      .expect(200);
    expect(envelope(res, 'User').UserName).to.equal('admin@rally.sandbox');
  });

  it('refuses a Basic write without a security token with "Invalid key" (HTTP 200)', async () => {
    const res = await request(sandbox.app)
      .post(`${WSAPI}/user/create`)
      .set('Authorization', admin)
      .send(NEW_USER)
      .expect(200);
    expect(envelope(res, 'OperationResult').Errors).to.deep.equal([
      'Not authorized to perform action: Invalid key',
    ]);
    expect(sandbox.inspect.userByUserName('auth.test@acme.example')).to.equal(undefined);
  });

  it('accepts a Basic write carrying the token bound to its JSESSIONID cookie', async () => {
    const auth = await request(sandbox.app)
      .get(`${WSAPI}/security/authorize`)
      .set('Authorization', admin)
      .expect(200);
    const result = envelope(auth, 'OperationResult');
    expect(result.Errors).to.deep.equal([]);
    expect(result.SecurityToken).to.be.a('string').and.not.equal('');
    const cookie = sessionCookie(auth.headers['set-cookie']);
    const res = await request(sandbox.app)
      .post(`${WSAPI}/user/create?key=${String(result.SecurityToken)}`)
      .set('Authorization', admin)
      .set('Cookie', cookie)
      .send(NEW_USER)
      .expect(200);
    expect(envelope(res, 'CreateResult').Errors).to.deep.equal([]);
  });

  it('refuses a token presented with another session cookie', async () => {
    const first = await request(sandbox.app).get(`${WSAPI}/security/authorize`).set('Authorization', admin);
    const second = await request(sandbox.app).get(`${WSAPI}/security/authorize`).set('Authorization', admin);
    const token = String(envelope(first, 'OperationResult').SecurityToken);
    const res = await request(sandbox.app)
      .post(`${WSAPI}/user/create?key=${token}`)
      .set('Authorization', admin)
      .set('Cookie', sessionCookie(second.headers['set-cookie']))
      .send(NEW_USER)
      .expect(200);
    expect(envelope(res, 'OperationResult').Errors).to.deep.equal([
      'Not authorized to perform action: Invalid key',
    ]);
  });

  it('refuses a token without any session cookie', async () => {
    const auth = await request(sandbox.app).get(`${WSAPI}/security/authorize`).set('Authorization', admin);
    const token = String(envelope(auth, 'OperationResult').SecurityToken);
    const res = await request(sandbox.app)
      .delete(`${WSAPI}/user/1?key=${token}`)
      .set('Authorization', admin)
      .expect(200);
    expect(envelope(res, 'OperationResult').Errors).to.deep.equal([
      'Not authorized to perform action: Invalid key',
    ]);
  });

  it('returns the same token when the session cookie is presented again', async () => {
    const first = await request(sandbox.app).get(`${WSAPI}/security/authorize`).set('Authorization', admin);
    const cookie = sessionCookie(first.headers['set-cookie']);
    const again = await request(sandbox.app)
      .get(`${WSAPI}/security/authorize`)
      .set('Cookie', cookie)
      .expect(200);
    expect(envelope(again, 'OperationResult').SecurityToken).to.equal(
      envelope(first, 'OperationResult').SecurityToken,
    );
    expect(again.headers['set-cookie']).to.equal(undefined);
  });

  it('authenticates reads by the session cookie alone', async () => {
    const auth = await request(sandbox.app).get(`${WSAPI}/security/authorize`).set('Authorization', admin);
    const res = await request(sandbox.app)
      .get(`${WSAPI}/user`)
      .set('Cookie', sessionCookie(auth.headers['set-cookie']))
      .expect(200);
    expect(envelope(res, 'User').UserName).to.equal('admin@rally.sandbox');
  });

  it('lets API-key writes through without a token', async () => {
    const res = await wsapi(sandbox, 'post', '/user/create').send(NEW_USER).expect(200);
    expect(envelope(res, 'CreateResult').Errors).to.deep.equal([]);
  });

  it('refuses an API-key write that also carries a Basic session cookie (KB 127054)', async () => {
    const auth = await request(sandbox.app).get(`${WSAPI}/security/authorize`).set('Authorization', admin);
    const res = await wsapi(sandbox, 'post', '/user/create', ADMIN_KEY)
      .set('Cookie', sessionCookie(auth.headers['set-cookie']))
      .send(NEW_USER)
      .expect(200);
    expect(envelope(res, 'OperationResult').Errors).to.deep.equal([
      'Not authorized to perform action: Invalid key',
    ]);
  });

  it('does not authenticate disabled users, by API key or Basic', async () => {
    await wsapi(
      sandbox,
      'post',
      `/user/${String(sandbox.inspect.userByUserName('viewer@rally.sandbox')!.ObjectID)}`,
    )
      .send({ User: { Disabled: true } })
      .expect(200);
    await wsapi(sandbox, 'get', '/user', VIEWER_KEY).expect(401);
    await request(sandbox.app)
      .get(`${WSAPI}/user`)
      .set('Authorization', basicAuth('viewer@rally.sandbox', 'sandbox-viewer'))
      .expect(401);
  });

  it('honours overridden seed credentials', async () => {
    const custom = freshSandbox({
      admin: { username: 'root@corp.example', password: 'pw', apiKey: '_rootKey' },
    });
    expect(custom.credentials.admin).to.deep.equal({
      username: 'root@corp.example',
      password: 'pw',
      apiKey: '_rootKey',
    });
    const res = await wsapi(custom, 'get', '/user', '_rootKey').expect(200);
    expect(envelope(res, 'User').SubscriptionAdmin).to.equal(true);
    await request(custom.app)
      .get(`${WSAPI}/user`)
      .set('Authorization', basicAuth('root@corp.example', 'pw'))
      .expect(200);
  });
});

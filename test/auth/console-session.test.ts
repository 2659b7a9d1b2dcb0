import { expect } from 'chai';
import { idpMetadataXml } from '../saml/helpers/idp-metadata.js';
import { makeTestCertificate } from '../saml/helpers/keys.js';
import { startConsoleEnv, type ConsoleEnv } from './helpers/console-env.js';
import { formOn, type UserAgent } from './helpers/user-agent.js';

const MINUTE = 60_000;

describe('console session timeouts', function () {
  this.timeout(30_000);
  let c: ConsoleEnv;
  before(async () => {
    c = await startConsoleEnv({ env: { SESSION_IDLE_MINUTES: '10', SESSION_ABSOLUTE_MINUTES: '30' } });
  });
  after(() => c?.close());

  const open = (agent: UserAgent, accept = 'text/html') =>
    agent.request(`${c.appUrl}/saml`, { headers: { accept } });

  it('sets a signed, httpOnly, SameSite=Lax cookie that the browser keeps for the absolute timeout', async () => {
    const agent = c.agent();
    const start = await agent.request(`${c.appUrl}/auth/login`);
    const cookies = start.headers.getSetCookie();
    expect(cookies.some((x) => x.startsWith('rally-console.sig='))).to.equal(true);
    const session = cookies.find((x) => x.startsWith('rally-console='))!;
    expect(session)
      .to.match(/; path=\//i)
      .and.match(/; httponly/i)
      .and.match(/; samesite=lax/i);
    expect(Date.parse(/expires=([^;]+)/i.exec(session)![1]!) - Date.now()).to.be.within(
      29 * MINUTE,
      31 * MINUTE,
    );
  });

  it('ends a session left idle for longer than SESSION_IDLE_MINUTES', async () => {
    const agent = c.agent();
    await c.signIn(agent, 'alice');
    c.clock.advance(9 * MINUTE);
    expect((await open(agent)).status).to.equal(200);
    c.clock.advance(9 * MINUTE);
    expect((await open(agent)).status, 'activity resets the idle timer').to.equal(200);
    c.clock.advance(10 * MINUTE + 1000);
    const expired = await open(agent, 'application/json');
    expect(expired.status).to.equal(401);
    const { error } = JSON.parse(expired.body) as { error: { code: string; message: string } };
    expect(error.code).to.equal('SESSION_EXPIRED');
    expect(error.message).to.include('no activity for too long');
    const after = await open(agent);
    expect(after.status).to.equal(302);
    expect(after.location).to.match(/\/auth\/login\?returnTo=%2Fsaml$/);
  });

  it('ends a session at SESSION_ABSOLUTE_MINUTES even while it is in use', async () => {
    const agent = c.agent();
    await c.signIn(agent, 'alice');
    for (let minutes = 8; minutes < 30; minutes += 8) {
      c.clock.advance(8 * MINUTE);
      expect((await open(agent)).status, `after ${minutes} minutes`).to.equal(200);
    }
    c.clock.advance(7 * MINUTE);
    const expired = await open(agent, 'application/json');
    expect(expired.status).to.equal(401);
    expect(JSON.parse(expired.body).error.message).to.include('maximum length');
  });
});

describe('console forms and CSRF', function () {
  this.timeout(30_000);
  let c: ConsoleEnv;
  let metadataXml: string;
  before(async () => {
    c = await startConsoleEnv();
    const cert = await makeTestCertificate({ days: 365 });
    metadataXml = idpMetadataXml({
      entityId: 'http://www.okta.com/exk-test',
      ssoUrl: 'https://example.okta.com/app/sso/saml',
      certPem: cert.certPem,
    });
  });
  after(() => c?.close());

  async function signedIn(): Promise<{ agent: UserAgent; token: string }> {
    const agent = c.agent();
    const page = await c.signIn(agent, 'alice');
    return { agent, token: formOn(page, /\/saml\/idp$/).fields['_csrf']! };
  }

  it('refuses to load IdP metadata from a form without the CSRF token', async () => {
    const { agent } = await signedIn();
    const res = await agent.request(`${c.appUrl}/saml/idp`, { form: { metadataXml } });
    expect(res.status).to.equal(403);
    expect(res.body).to.include('security token is missing or does not match');
    expect(res.body).to.not.include('_csrf" value');
  });

  it('refuses a wrong CSRF token, including another session’s', async () => {
    const { agent } = await signedIn();
    const other = await signedIn();
    for (const token of ['x'.repeat(43), other.token]) {
      const res = await agent.request(`${c.appUrl}/saml/idp`, { form: { metadataXml, _csrf: token } });
      expect(res.status).to.equal(403);
    }
  });

  it('keeps the token and the signed-in line on the page that reports a bad upload', async () => {
    const { agent, token } = await signedIn();
    const res = await agent.request(`${c.appUrl}/saml/idp`, {
      form: { metadataXml: '<broken', _csrf: token },
    });
    expect(res.status).to.equal(422);
    expect(res.body).to.include('That did not work').and.include('Signed in as Alice Admin');
    expect(formOn(res, /\/saml\/idp$/).fields['_csrf']).to.equal(token);
  });

  it('loads the metadata with the page’s token and shows the result', async () => {
    const { agent, token } = await signedIn();
    const res = await agent.follow(`${c.appUrl}/saml/idp`, { form: { metadataXml, _csrf: token } });
    expect(res.url).to.equal(`${c.appUrl}/saml?loaded=1`);
    expect(res.body).to.include('IdP metadata loaded').and.include('http://www.okta.com/exk-test');
  });

  it('accepts the token as X-CSRF-Token from a script with the session cookie', async () => {
    const { agent, token } = await signedIn();
    const cookie = ['rally-console', 'rally-console.sig'].map((n) => `${n}=${agent.cookie(n)!}`).join('; ');
    const send = (headers: Record<string, string>) =>
      fetch(`${c.appUrl}/saml/idp`, {
        method: 'POST',
        headers: { cookie, 'content-type': 'application/json', accept: 'application/json', ...headers },
        body: JSON.stringify({ metadataXml }),
      });
    const refused = await send({});
    expect(refused.status).to.equal(403);
    expect(((await refused.json()) as { error: { code: string } }).error.code).to.equal('CSRF_TOKEN_INVALID');
    expect((await send({ 'x-csrf-token': token })).status).to.equal(200);
  });
});

describe('console cookie behind an https proxy', function () {
  this.timeout(30_000);
  let c: ConsoleEnv;
  before(async () => {
    c = await startConsoleEnv({
      env: { PUBLIC_URL: 'https://console.example.test', TRUST_PROXY: 'loopback' },
    });
  });
  after(() => c?.close());

  it('marks the cookie Secure with the __Host- prefix when PUBLIC_URL is https', async () => {
    const res = await c
      .agent()
      .request(`${c.appUrl}/auth/login`, { headers: { 'x-forwarded-proto': 'https' } });
    expect(res.status).to.equal(302);
    const cookie = res.headers.getSetCookie().find((x) => x.startsWith('__Host-rally-console='))!;
    expect(cookie)
      .to.match(/; secure/i)
      .and.match(/; path=\//i)
      .and.not.match(/domain=/i);
    expect(new URL(res.location!).searchParams.get('redirect_uri')).to.equal(
      'https://console.example.test/auth/callback',
    );
  });

  it('says what to fix instead of looping when the proxy does not say the request was https', async () => {
    const res = await c.agent().request(`${c.appUrl}/auth/login`);
    expect(res.status).to.equal(500);
    expect(res.body).to.include('X-Forwarded-Proto: https').and.include('TRUST_PROXY');
    expect(res.headers.getSetCookie()).to.deep.equal([]);
  });
});

import { expect } from 'chai';
import { startConsoleEnv, type ConsoleEnv } from './helpers/console-env.js';

describe('console admin groups (OIDC_ADMIN_GROUPS)', function () {
  this.timeout(30_000);
  let c: ConsoleEnv;
  before(async () => {
    c = await startConsoleEnv({ adminGroups: 'Rally Admins, Okta Super Admins' });
  });
  after(() => c?.close());

  it('lets a member of one of the groups in, reading the groups claim from the ID token', async () => {
    const page = await c.signIn(c.agent(), 'alice');
    expect(page.status).to.equal(200);
    expect(page.url).to.equal(`${c.appUrl}/saml`);
    expect(c.provider.requests).to.not.include('GET /me');
  });

  it('shows a user outside the groups a 403 page naming them, without signing in or redirecting', async () => {
    const agent = c.agent();
    const page = await c.signIn(agent, 'bob');
    expect(page.status).to.equal(403);
    expect(page.location).to.equal(undefined);
    expect(page.body)
      .to.include('Not allowed to use this console')
      .and.include('Okta signed you in as Bob Builder')
      .and.include('<code>Rally Admins</code>')
      .and.include('<code>Okta Super Admins</code>');
    expect(page.headers.get('content-security-policy')).to.include("default-src 'none'");
    // Not a loop: the page is the end; opening the console asks for sign-in again, once.
    const again = await agent.request(`${c.appUrl}/saml`);
    expect(again.status).to.equal(302);
    expect(again.location).to.match(/\/auth\/login\?/);
  });

  it('says what to configure in Okta when the ID token carries no groups claim', async () => {
    const page = await c.signIn(c.agent(), 'carol');
    expect(page.status).to.equal(403);
    expect(page.body).to.include('carries no groups claim').and.include('docs/auth.md');
  });
});

describe('console admin groups from UserInfo', function () {
  this.timeout(30_000);
  let c: ConsoleEnv;
  before(async () => {
    c = await startConsoleEnv({ adminGroups: 'Rally Admins', claimsInIdToken: false });
  });
  after(() => c?.close());

  it('reads groups from the UserInfo endpoint when the ID token leaves them out', async () => {
    expect((await c.signIn(c.agent(), 'alice')).status).to.equal(200);
    expect((await c.signIn(c.agent(), 'bob')).status).to.equal(403);
    expect(c.provider.requests.filter((r) => r === 'GET /me')).to.have.length(2);
  });
});

describe('console without admin groups', function () {
  this.timeout(30_000);
  let c: ConsoleEnv;
  before(async () => {
    c = await startConsoleEnv();
  });
  after(() => c?.close());

  it('lets every user the Okta app signs in use the console', async () => {
    expect((await c.signIn(c.agent(), 'carol')).status).to.equal(200);
  });
});

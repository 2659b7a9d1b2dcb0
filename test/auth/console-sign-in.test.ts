import { expect } from 'chai';
import { startConsoleEnv, type ConsoleEnv } from './helpers/console-env.js';
import { formOn } from './helpers/user-agent.js';

describe('console sign-in with OIDC over HTTP', function () {
  this.timeout(30_000);
  let c: ConsoleEnv;
  before(async () => {
    c = await startConsoleEnv({ adminGroups: 'Rally Admins' });
  });
  after(() => c?.close());

  it('runs the code flow with PKCE, state and nonce and lands on the page that asked for sign-in', async () => {
    const agent = c.agent();
    const page = await agent.request(`${c.appUrl}/saml`);
    expect(page.status).to.equal(302);
    expect(page.location).to.equal(`${c.appUrl}/auth/login?returnTo=%2Fsaml`);

    const start = await agent.request(page.location!);
    expect(start.status).to.equal(302);
    const authorize = new URL(start.location!);
    expect(authorize.origin).to.equal(c.provider.issuer);
    const q = authorize.searchParams;
    expect(q.get('response_type')).to.equal('code');
    expect(q.get('client_id')).to.equal(c.provider.console.clientId);
    expect(q.get('redirect_uri')).to.equal(`${c.appUrl}/auth/callback`);
    expect(q.get('code_challenge_method')).to.equal('S256');
    expect(q.get('code_challenge')).to.match(/^[\w-]{43}$/);
    expect(q.get('state')).to.match(/^[\w-]{20,}$/);
    expect(q.get('nonce')).to.match(/^[\w-]{20,}$/);
    const setCookie = start.headers.getSetCookie().join('\n');
    expect(setCookie)
      .to.match(/rally-console=/)
      .and.match(/httponly/i)
      .and.match(/samesite=lax/i);
    expect(setCookie).to.not.match(/;\s*secure/i);

    const loginPage = await agent.follow(start.location!);
    const form = formOn(loginPage, /\/login$/);
    const done = await agent.follow(form.action, { form: { login: 'alice' } });
    expect(done.url).to.equal(`${c.appUrl}/saml`);
    expect(done.status).to.equal(200);
    expect(done.body).to.include('Signed in as Alice Admin');
    expect(done.body).to.match(/<input type="hidden" name="_csrf" value="[\w-]{43}"/);
  });
});

describe('console routes without a session', function () {
  this.timeout(30_000);
  let c: ConsoleEnv;
  before(async () => {
    c = await startConsoleEnv();
  });
  after(() => c?.close());

  it('goes straight back to returnTo when already signed in', async () => {
    const agent = c.agent();
    await c.signIn(agent, 'bob');
    const again = await agent.request(`${c.appUrl}/auth/login?returnTo=%2Fsaml%3Floaded%3D1`);
    expect(again.status).to.equal(303);
    expect(again.location).to.equal(`${c.appUrl}/saml?loaded=1`);
  });

  for (const evil of ['//evil.example/x', 'https://evil.example/', '/\\evil.example', '/auth/logout'])
    it(`returns to /saml, not to ${evil}, after sign-in`, async () => {
      const agent = c.agent();
      const start = await agent.request(`${c.appUrl}/auth/login?returnTo=${encodeURIComponent(evil)}`);
      const loginPage = await agent.follow(start.location!);
      const done = await agent.follow(formOn(loginPage, /\/login$/).action, { form: { login: 'bob' } });
      expect(done.url).to.equal(`${c.appUrl}/saml`);
    });

  it('sends a browser opening the test sign-in to sign in first, remembering where it was going', async () => {
    const res = await c.agent().request(`${c.appUrl}/saml/login`);
    expect(res.status).to.equal(302);
    expect(res.location).to.equal(`${c.appUrl}/auth/login?returnTo=%2Fsaml%2Flogin`);
  });

  it('answers API clients 401 SIGN_IN_REQUIRED in JSON instead of redirecting', async () => {
    const agent = c.agent();
    const page = await agent.request(`${c.appUrl}/saml`, { headers: { accept: 'application/json' } });
    expect(page.status).to.equal(401);
    expect(JSON.parse(page.body).error.code).to.equal('SIGN_IN_REQUIRED');
    const res = await fetch(`${c.appUrl}/saml/idp`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ metadataUrl: 'https://example.com/metadata' }),
    });
    expect(res.status).to.equal(401);
    const body = (await res.json()) as { error: { code: string; message: string } };
    expect(body.error.code).to.equal('SIGN_IN_REQUIRED');
    expect(body.error.message).to.include('/auth/login');
  });

  it('answers a form post without a session with a 401 page that links to sign-in', async () => {
    const res = await c.agent().request(`${c.appUrl}/saml/idp`, { form: { metadataXml: '<x/>' } });
    expect(res.status).to.equal(401);
    expect(res.headers.get('content-type')).to.match(/text\/html/);
    expect(res.body).to.include('Sign-in required').and.include('href="/auth/login');
    expect(res.headers.get('content-security-policy')).to.include("default-src 'none'");
  });

  it('keeps the SP metadata, the ACS and stateless validation open (Okta and API clients use them)', async () => {
    const agent = c.agent();
    expect((await agent.request(`${c.appUrl}/saml/metadata`)).status).to.equal(200);
    const acs = await agent.request(`${c.appUrl}/saml/acs`, { form: {} });
    expect(acs.status).to.equal(400);
    const validate = await fetch(`${c.appUrl}/saml/validate`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ samlResponse: 'PHg+' }),
    });
    expect(validate.status).to.not.equal(401);
  });

  it('shows the provider’s refusal as a page when Okta redirects back with an error', async () => {
    const agent = c.agent();
    const start = await agent.request(`${c.appUrl}/auth/login`);
    const state = new URL(start.location!).searchParams.get('state')!;
    const res = await agent.request(
      `${c.appUrl}/auth/callback?error=access_denied&error_description=User+is+not+assigned+to+the+client+application.&state=${state}`,
    );
    expect(res.status).to.equal(400);
    expect(res.body)
      .to.include('Okta did not sign you in (access_denied: User is not assigned to the client application.)')
      .and.include('Sign in again');
    expect((await agent.request(`${c.appUrl}/saml`)).status).to.equal(302);
  });
});

import { expect } from 'chai';
import { decodeJwt } from 'jose';
import { startConsoleEnv, type ConsoleEnv } from './helpers/console-env.js';
import { formOn } from './helpers/user-agent.js';

describe('console sign-out with RP-initiated logout', function () {
  this.timeout(30_000);
  let c: ConsoleEnv;
  before(async () => {
    c = await startConsoleEnv();
  });
  after(() => c?.close());

  it('confirms with a CSRF-protected form whose CSP lets it continue to the provider', async () => {
    const agent = c.agent();
    await c.signIn(agent, 'alice');
    const page = await agent.request(`${c.appUrl}/auth/logout`);
    expect(page.status).to.equal(200);
    expect(page.body)
      .to.include('You are signed in as Alice Admin')
      .and.include('signed out of Okta as well');
    expect(formOn(page, /^\/auth\/logout$/).fields['_csrf']).to.match(/^[\w-]{43}$/);
    expect(page.headers.get('content-security-policy')).to.include(`form-action 'self' ${c.provider.issuer}`);
  });

  it('refuses a sign-out post without the session’s token and stays signed in', async () => {
    const agent = c.agent();
    await c.signIn(agent, 'alice');
    const res = await agent.request(`${c.appUrl}/auth/logout`, { form: { _csrf: 'nope' } });
    expect(res.status).to.equal(403);
    expect(res.body).to.include('security token does not match');
    expect((await agent.request(`${c.appUrl}/saml`)).status).to.equal(200);
  });

  it('clears the session and ends the provider session, then lands on the signed-out page', async () => {
    const agent = c.agent();
    await c.signIn(agent, 'alice');
    const confirm = await agent.request(`${c.appUrl}/auth/logout`);
    const out = await agent.request(`${c.appUrl}/auth/logout`, {
      form: formOn(confirm, /^\/auth\/logout$/).fields,
    });
    expect(out.status).to.equal(303);
    expect(out.headers.getSetCookie().join('\n')).to.match(/rally-console=;/);
    const endSession = new URL(out.location!);
    expect(`${endSession.origin}${endSession.pathname}`).to.equal(`${c.provider.issuer}/session/end`);
    expect(endSession.searchParams.get('client_id')).to.equal(c.provider.console.clientId);
    expect(endSession.searchParams.get('post_logout_redirect_uri')).to.equal(`${c.appUrl}/auth/logged-out`);
    expect(decodeJwt(endSession.searchParams.get('id_token_hint')!).sub).to.equal('alice');

    const providerConfirm = await agent.follow(out.location!);
    const form = formOn(providerConfirm, /\/session\/end\/confirm$/);
    const done = await agent.follow(form.action, { form: { ...form.fields, logout: 'yes' } });
    expect(done.url).to.equal(`${c.appUrl}/auth/logged-out`);
    expect(done.body).to.include('You are signed out');

    expect((await agent.request(`${c.appUrl}/saml`)).status).to.equal(302);
    // The provider's session ended too: signing in asks for the user again.
    const again = await agent.follow(`${c.appUrl}/auth/login`);
    expect(again.body).to.include('Test provider sign-in');
  });

  it('shows the signed-out page to a browser that has no session', async () => {
    const page = await c.agent().request(`${c.appUrl}/auth/logout`);
    expect(page.status).to.equal(200);
    expect(page.body).to.include('You are signed out');
    const post = await c.agent().request(`${c.appUrl}/auth/logout`, { form: {} });
    expect(post.status).to.equal(303);
    expect(post.location).to.equal(`${c.appUrl}/auth/logged-out`);
  });
});

describe('console sign-out without an end_session_endpoint', function () {
  this.timeout(30_000);
  let c: ConsoleEnv;
  before(async () => {
    c = await startConsoleEnv({ rpInitiatedLogout: false });
  });
  after(() => c?.close());

  it('signs out of the console only and says so', async () => {
    const agent = c.agent();
    await c.signIn(agent, 'alice');
    const confirm = await agent.request(`${c.appUrl}/auth/logout`);
    expect(confirm.body).to.not.include('Okta as well');
    const out = await agent.request(`${c.appUrl}/auth/logout`, {
      form: formOn(confirm, /^\/auth\/logout$/).fields,
    });
    expect(out.status).to.equal(303);
    expect(out.location).to.equal(`${c.appUrl}/auth/logged-out`);
    expect((await agent.request(`${c.appUrl}/saml`)).status).to.equal(302);
  });
});

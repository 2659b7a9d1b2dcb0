import { expect } from 'chai';
import cookieSession from 'cookie-session';
import express from 'express';
import request from 'supertest';
import { startConsoleEnv, type ConsoleEnv } from './helpers/console-env.js';
import { formOn, type Hop, type UserAgent } from './helpers/user-agent.js';

/**
 * Every way the redirect back from the provider can be wrong ends on a page that says what
 * happened and offers a fresh sign-in; none of them signs anyone in.
 */
describe('console sign-in callback refusals', function () {
  this.timeout(30_000);
  let c: ConsoleEnv;
  before(async () => {
    c = await startConsoleEnv();
  });
  after(() => c?.close());

  const atCallback = (hop: Hop) => hop.location?.startsWith(`${c.appUrl}/auth/callback`) === true;

  /** Starts a sign-in and signs in at the provider, stopping before the callback is requested. */
  async function callbackUrl(agent: UserAgent, change?: (authorize: URL) => void): Promise<string> {
    const start = await agent.request(`${c.appUrl}/auth/login`);
    const authorize = new URL(start.location!);
    change?.(authorize);
    const loginPage = await agent.follow(authorize.href);
    const form = formOn(loginPage, /\/login$/);
    const back = await agent.follow(form.action, { form: { login: 'alice' } }, atCallback);
    expect(atCallback(back), back.body).to.equal(true);
    return back.location!;
  }

  async function expectNotSignedIn(agent: UserAgent) {
    const page = await agent.request(`${c.appUrl}/saml`);
    expect(page.status).to.equal(302);
    expect(page.location).to.match(/\/auth\/login\?/);
  }

  function expectFailurePage(hop: Hop, text: string) {
    expect(hop.status, hop.body).to.equal(400);
    expect(hop.headers.get('content-type')).to.match(/text\/html/);
    expect(hop.body)
      .to.include('Sign-in failed')
      .and.include(text)
      .and.include('href="/auth/login?returnTo=');
    expect(hop.body).to.not.match(/ at .*\.ts|node_modules/);
    expect(hop.headers.get('content-security-policy'))
      .to.include("default-src 'none'")
      .and.not.include('unsafe-inline');
  }

  it('refuses a callback whose state does not match the sign-in started in this browser', async () => {
    const agent = c.agent();
    const url = new URL(await callbackUrl(agent));
    url.searchParams.set('state', 'forged-state-value-0123456789');
    const res = await agent.request(url.href);
    expectFailurePage(res, 'The state parameter Okta sent back does not match');
    await expectNotSignedIn(agent);
  });

  it('refuses a callback replayed after the sign-in finished', async () => {
    const agent = c.agent();
    const url = await callbackUrl(agent);
    expect((await agent.request(url)).status).to.equal(303);
    const replay = await agent.request(url);
    expectFailurePage(replay, 'No sign-in is in progress in this browser');
  });

  it('refuses an authorization code that was already redeemed, even under a fresh state', async () => {
    const victim = c.agent();
    const used = new URL(await callbackUrl(victim));
    expect((await victim.request(used.href)).status).to.equal(303);

    const attacker = c.agent();
    const start = await attacker.request(`${c.appUrl}/auth/login`);
    const replay = new URL(`${c.appUrl}/auth/callback`);
    replay.searchParams.set('code', used.searchParams.get('code')!);
    replay.searchParams.set('state', new URL(start.location!).searchParams.get('state')!);
    replay.searchParams.set('iss', used.searchParams.get('iss')!);
    const res = await attacker.request(replay.href);
    expectFailurePage(res, 'Okta refused the authorization code: it was already used');
    await expectNotSignedIn(attacker);
  });

  it('refuses an ID token whose nonce is not the one this sign-in sent', async () => {
    const agent = c.agent();
    const url = await callbackUrl(agent, (authorize) =>
      authorize.searchParams.set('nonce', 'a-nonce-injected-by-someone-else'),
    );
    const res = await agent.request(url);
    expectFailurePage(res, 'its nonce does not match');
    await expectNotSignedIn(agent);
  });

  it('refuses a callback whose sign-in record has no PKCE code verifier', async () => {
    // A cookie signed with the real secret but holding an incomplete transaction.
    const forge = express()
      .use(cookieSession({ name: 'rally-console', keys: [c.sessionSecret] }))
      .get('/', (req, res) => {
        req.session = {
          login: {
            state: 'S'.repeat(43),
            nonce: 'N'.repeat(43),
            returnTo: '/saml',
            startedAt: c.clock.now(),
          },
        };
        res.end();
      });
    const cookies = (await request(forge).get('/')).headers['set-cookie'] as unknown as string[];
    const res = await fetch(`${c.appUrl}/auth/callback?code=abc&state=${'S'.repeat(43)}`, {
      headers: { cookie: cookies.map((x) => x.split(';')[0]).join('; '), accept: 'text/html' },
      redirect: 'manual',
    });
    expect(res.status).to.equal(400);
    expect(await res.text()).to.include('PKCE code verifier missing');
  });

  it('refuses a sign-in that took longer than ten minutes', async () => {
    const agent = c.agent();
    const url = await callbackUrl(agent);
    c.clock.advance(11 * 60_000);
    expectFailurePage(await agent.request(url), 'took longer than 10 minutes');
  });
});

describe('console sign-in without the PKCE code verifier', function () {
  this.timeout(30_000);
  let c: ConsoleEnv;
  before(async () => {
    // The token request leaves out code_verifier: the provider (PKCE required) must refuse the code.
    c = await startConsoleEnv({
      fetch: (url, options) => {
        if (
          options.body instanceof URLSearchParams &&
          options.body.get('grant_type') === 'authorization_code'
        )
          options.body.delete('code_verifier');
        return fetch(url, options as RequestInit);
      },
    });
  });
  after(() => c?.close());

  it('shows the provider’s refusal of the code as a page and signs nobody in', async () => {
    const agent = c.agent();
    const done = await c.signIn(agent, 'alice');
    expect(done.status).to.equal(400);
    expect(done.url).to.match(/\/auth\/callback\?/);
    expect(done.body)
      .to.include('Sign-in failed')
      .and.match(/Okta refused the (authorization code|sign-in)/);
    expect((await agent.request(`${c.appUrl}/saml`)).status).to.equal(302);
  });
});

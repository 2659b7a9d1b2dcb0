import { expect } from 'chai';
import request from 'supertest';
import { OTHER_AUDIENCE } from './helpers/provider.js';
import { startConsoleEnv, type ConsoleEnv } from './helpers/console-env.js';
import { formOn } from './helpers/user-agent.js';

describe('logs never carry auth secrets', function () {
  this.timeout(30_000);
  let c: ConsoleEnv;
  before(async () => {
    c = await startConsoleEnv({ adminGroups: 'Rally Admins', oauth: true });
  });
  after(() => c?.close());

  it('keeps client secrets, the session secret, codes, tokens, cookies and the Rally key out of every line', async () => {
    const secrets: Record<string, string> = {
      'OIDC client secret': c.provider.console.clientSecret,
      'introspection client secret': c.provider.introspector.clientSecret,
      'session secret': c.sessionSecret,
      'Rally API key': c.env.sandbox.credentials.admin.apiKey,
    };

    // A full sign-in, stopping at the callback to see the code and the transaction cookie.
    const agent = c.agent();
    const start = await agent.request(`${c.appUrl}/auth/login?returnTo=%2Fsaml`);
    const tx = JSON.parse(Buffer.from(agent.cookie('rally-console')!, 'base64').toString('utf8')) as {
      login: { state: string; nonce: string; verifier: string };
    };
    secrets['PKCE verifier'] = tx.login.verifier;
    const loginPage = await agent.follow(start.location!);
    const back = await agent.follow(
      formOn(loginPage, /\/login$/).action,
      { form: { login: 'alice' } },
      (hop) => hop.location?.includes('/auth/callback?') === true,
    );
    secrets['authorization code'] = new URL(back.location!).searchParams.get('code')!;
    const landed = await agent.follow(back.location!);
    expect(landed.url).to.equal(`${c.appUrl}/saml`);
    secrets['session cookie'] = agent.cookie('rally-console')!;
    secrets['session cookie signature'] = agent.cookie('rally-console.sig')!;
    const csrf = formOn(landed, /\/saml\/idp$/).fields['_csrf']!;
    secrets['CSRF token'] = csrf;
    await agent.request(`${c.appUrl}/saml/idp`, { form: { metadataXml: '<broken', _csrf: csrf } });

    // OAuth calls: accepted, and refused (another audience, wrong scope).
    const token = (await c.provider.token('opaque')).access_token;
    const other = (await c.provider.token('opaque', { resource: OTHER_AUDIENCE })).access_token;
    secrets['access token'] = token;
    secrets['other access token'] = other;
    await request(c.app).get('/connector/v1/ping').set('Authorization', `Bearer ${token}`).expect(200);
    await request(c.app).get('/scim/v2/Users?count=1').set('Authorization', `Bearer ${token}`).expect(200);
    await request(c.app).get('/connector/v1/ping').set('Authorization', `Bearer ${other}`).expect(401);

    // Sign-out hands the ID token to the provider as id_token_hint: that is where the test sees it.
    const confirm = await agent.request(`${c.appUrl}/auth/logout`);
    const out = await agent.request(`${c.appUrl}/auth/logout`, {
      form: formOn(confirm, /^\/auth\/logout$/).fields,
    });
    secrets['ID token'] = new URL(out.location!).searchParams.get('id_token_hint')!;

    const logs = c.logs();
    expect(logs).to.include('console: signed in').and.include('console: signed out');
    for (const path of [
      '/auth/callback',
      '/saml/idp',
      '/connector/v1/ping',
      '/scim/v2/Users',
      '/auth/logout',
    ])
      expect(logs, `a request log line for ${path}`).to.include(`"path":"${path}"`);
    for (const [what, value] of Object.entries(secrets)) {
      expect(value, what).to.be.a('string').with.length.greaterThan(8);
      expect(logs, `the log contains the ${what}`).to.not.include(value);
    }
  });
});

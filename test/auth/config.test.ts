import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { expect } from 'chai';
import { ConfigError, loadConfig } from '../../server/config.js';
import { start } from '../../server/main.js';
import { memoryLog, scratchDataDir } from '../helpers/app-env.js';

const OIDC = {
  OIDC_ISSUER: 'https://example.okta.com',
  OIDC_CLIENT_ID: '0oa-console',
  OIDC_CLIENT_SECRET: 'console-client-secret-value',
  SESSION_SECRET: 'a-session-secret-of-at-least-32-characters!',
};

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (err) {
    expect(err).to.be.instanceOf(ConfigError);
    return [...(err as ConfigError).problems];
  }
  expect.fail('the configuration should be refused');
}

describe('auth configuration', () => {
  describe('start-up on a non-loopback HOST', () => {
    it('refuses to serve the console without sign-in, naming the fix', () => {
      const problems = problemsOf({ HOST: '0.0.0.0' });
      expect(problems).to.have.length(1);
      expect(problems[0])
        .to.match(/^HOST: 0\.0\.0\.0 is not a loopback address/)
        .and.include('OIDC_ISSUER, OIDC_CLIENT_ID, OIDC_CLIENT_SECRET and SESSION_SECRET')
        .and.include('HOST=127.0.0.1')
        .and.include('ALLOW_UNAUTHENTICATED_CONSOLE=true');
    });

    it('refuses before listening: start() rejects with the same message', async () => {
      const log = memoryLog();
      try {
        await start({ HOST: '0.0.0.0', PORT: '0', DATA_DIR: scratchDataDir() }, log.logger);
        expect.fail('start should refuse');
      } catch (err) {
        expect(err).to.be.instanceOf(ConfigError);
        expect((err as Error).message).to.include('ALLOW_UNAUTHENTICATED_CONSOLE=true');
      }
    });

    it('starts with ALLOW_UNAUTHENTICATED_CONSOLE=true and warns at every start', async () => {
      for (let i = 0; i < 2; i++) {
        const log = memoryLog();
        const running = await start(
          {
            HOST: '0.0.0.0',
            PORT: '0',
            ALLOW_UNAUTHENTICATED_CONSOLE: 'true',
            SANDBOX_USERS: '0',
            DATA_DIR: scratchDataDir(),
          },
          log.logger,
        );
        await running.stop();
        const warning = log
          .text()
          .split('\n')
          .filter((l) => l.includes('ALLOW_UNAUTHENTICATED_CONSOLE'))
          .map((l) => JSON.parse(l) as { level: number });
        expect(warning).to.have.length(1);
        expect(warning[0]!.level).to.equal(40);
      }
    });

    it('starts with console sign-in configured', () => {
      const config = loadConfig({ HOST: '0.0.0.0', ...OIDC });
      expect(config.console.signIn).to.equal('oidc');
    });

    for (const host of ['127.0.0.1', '127.8.0.1', 'localhost', '::1', '[::1]'])
      it(`serves the console without sign-in on loopback ${host}`, () => {
        expect(loadConfig({ HOST: host }).console).to.deep.equal({ signIn: 'none', exposed: false });
      });
  });

  it('names every missing console sign-in variable', () => {
    const problems = problemsOf({ OIDC_ISSUER: 'https://example.okta.com', OIDC_ADMIN_GROUPS: 'Admins' });
    expect(problems.map((p) => p.split(':')[0])).to.deep.equal([
      'OIDC_CLIENT_ID',
      'OIDC_CLIENT_SECRET',
      'SESSION_SECRET',
    ]);
  });

  it('refuses a short session secret, plain-http issuers off loopback and a bad TRUST_PROXY in one error', () => {
    const problems = problemsOf({
      ...OIDC,
      OIDC_ISSUER: 'http://example.okta.com',
      SESSION_SECRET: 'short',
      TRUST_PROXY: '10.0.0.0/33, edge',
    });
    expect(problems.map((p) => p.split(':')[0]).sort()).to.deep.equal([
      'OIDC_ISSUER',
      'SESSION_SECRET',
      'TRUST_PROXY',
    ]);
    expect(problems.join('\n')).to.include('"10.0.0.0/33"').and.include('"edge"').and.not.include('short');
  });

  it('asks for TRUST_PROXY when PUBLIC_URL is https, so the cookie can be Secure', () => {
    const problems = problemsOf({ ...OIDC, PUBLIC_URL: 'https://rally-okta.example.com' });
    expect(problems).to.have.length(1);
    expect(problems[0]).to.match(/^TRUST_PROXY: /);
    expect(
      loadConfig({ ...OIDC, PUBLIC_URL: 'https://rally-okta.example.com', TRUST_PROXY: '1' }).trustProxy,
    ).to.equal(1);
  });

  it('reads TRUST_PROXY as false, true, a hop count or a list of addresses and subnets', () => {
    expect(loadConfig({}).trustProxy).to.equal(false);
    expect(loadConfig({ TRUST_PROXY: 'true' }).trustProxy).to.equal(true);
    expect(loadConfig({ TRUST_PROXY: '2' }).trustProxy).to.equal(2);
    expect(loadConfig({ TRUST_PROXY: 'loopback, 10.0.0.0/8, fd00::/8' }).trustProxy).to.deep.equal([
      'loopback',
      '10.0.0.0/8',
      'fd00::/8',
    ]);
  });

  describe('AUTH_MODE=oauth', () => {
    const OAUTH = {
      AUTH_MODE: 'oauth',
      OAUTH_ISSUER: 'https://example.okta.com/oauth2/aus-rally',
      OAUTH_AUDIENCE: 'api://rally',
      RALLY_API_KEY: '_rallyServiceKey',
    };

    it('needs the issuer, the audience and the Rally credential the service holds', () => {
      const problems = problemsOf({ AUTH_MODE: 'oauth' });
      expect(problems.map((p) => p.split(':')[0])).to.deep.equal([
        'OAUTH_ISSUER',
        'OAUTH_AUDIENCE',
        'RALLY_API_KEY',
      ]);
    });

    it('needs an introspection client for OAUTH_TOKEN_VALIDATION=introspection', () => {
      const problems = problemsOf({ ...OAUTH, OAUTH_TOKEN_VALIDATION: 'introspection' });
      expect(problems.map((p) => p.split(':')[0])).to.deep.equal(['OAUTH_CLIENT_ID', 'OAUTH_CLIENT_SECRET']);
    });

    it('takes a username and password instead of an API key, but not both', () => {
      const c = loadConfig({
        ...OAUTH,
        RALLY_API_KEY: '',
        RALLY_USERNAME: 'svc@example.com',
        RALLY_PASSWORD: 'pw',
      });
      expect(c.apiAuth.mode === 'oauth' && c.apiAuth.rallyCredential.reveal()).to.deep.equal({
        kind: 'basic',
        username: 'svc@example.com',
        password: 'pw',
      });
      expect(problemsOf({ ...OAUTH, RALLY_USERNAME: 'svc@example.com', RALLY_PASSWORD: 'pw' })[0]).to.include(
        'not both',
      );
      expect(problemsOf({ ...OAUTH, RALLY_API_KEY: '', RALLY_USERNAME: 'svc@example.com' })[0]).to.match(
        /^RALLY_PASSWORD: /,
      );
    });

    it('refuses service credentials in pass-through mode rather than ignoring them', () => {
      expect(problemsOf({ RALLY_API_KEY: '_rallyServiceKey' })[0]).to.include(
        'only used with AUTH_MODE=oauth',
      );
    });
  });

  describe('secrets from files (*_FILE)', () => {
    let dir: string;
    before(async () => {
      dir = await mkdtemp(join(tmpdir(), 'auth-secrets-'));
      await writeFile(join(dir, 'client-secret'), 'from-a-file\n');
      await writeFile(join(dir, 'session-secret'), `${'s'.repeat(40)}\n`);
      await writeFile(join(dir, 'rally-key'), '_keyFromFile');
    });
    after(() => rm(dir, { recursive: true, force: true }));

    it('reads each secret from its file, dropping the trailing newline', () => {
      const c = loadConfig({
        ...OIDC,
        OIDC_CLIENT_SECRET: '',
        OIDC_CLIENT_SECRET_FILE: join(dir, 'client-secret'),
        SESSION_SECRET: '',
        SESSION_SECRET_FILE: join(dir, 'session-secret'),
        AUTH_MODE: 'oauth',
        OAUTH_ISSUER: 'https://example.okta.com/oauth2/default',
        OAUTH_AUDIENCE: 'api://rally',
        RALLY_API_KEY_FILE: join(dir, 'rally-key'),
      });
      if (c.console.signIn !== 'oidc' || c.apiAuth.mode !== 'oauth') expect.fail('modes');
      expect(c.console.oidc.clientSecret.reveal()).to.equal('from-a-file');
      expect(c.console.oidc.session.secret.reveal()).to.equal('s'.repeat(40));
      expect(c.apiAuth.rallyCredential.reveal()).to.deep.equal({ kind: 'apiKey', apiKey: '_keyFromFile' });
    });

    it('names a variable set twice or a file that cannot be read', () => {
      const problems = problemsOf({
        ...OIDC,
        OIDC_CLIENT_SECRET_FILE: join(dir, 'client-secret'),
        SESSION_SECRET: '',
        SESSION_SECRET_FILE: join(dir, 'missing'),
      });
      expect(problems[0]).to.equal(
        'OIDC_CLIENT_SECRET_FILE: set either OIDC_CLIENT_SECRET or OIDC_CLIENT_SECRET_FILE, not both',
      );
      expect(problems[1]).to.match(/^SESSION_SECRET_FILE: cannot read .*missing \(ENOENT\)$/);
    });
  });

  it('never prints a secret when the configuration is logged or inspected', () => {
    const c = loadConfig({
      ...OIDC,
      AUTH_MODE: 'oauth',
      OAUTH_ISSUER: 'https://example.okta.com/oauth2/default',
      OAUTH_AUDIENCE: 'api://rally',
      OAUTH_TOKEN_VALIDATION: 'introspection',
      OAUTH_CLIENT_ID: 'rs',
      OAUTH_CLIENT_SECRET: 'introspection-secret-value',
      RALLY_API_KEY: '_rallyServiceKey',
    });
    for (const text of [
      JSON.stringify(c),
      inspect(c, { depth: 10 }),
      String(c.apiAuth.mode === 'oauth' && c.apiAuth.rallyCredential),
    ])
      for (const secret of [
        OIDC.OIDC_CLIENT_SECRET,
        OIDC.SESSION_SECRET,
        'introspection-secret-value',
        '_rallyServiceKey',
      ])
        expect(text).to.not.include(secret);
  });
});

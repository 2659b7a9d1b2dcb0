import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Express } from 'express';
import { createApp } from '../../../server/app.js';
import { createConsoleAuth } from '../../../server/auth/oidc-console.js';
import { loadConfig } from '../../../server/config.js';
import type { CustomFetch } from '../../../server/auth/oidc-discovery.js';
import { startAppEnv, type AppEnv } from '../../helpers/app-env.js';
import { AUDIENCE, closeServer, startTestProvider, type TestProvider, type TestUser } from './provider.js';
import { formOn, UserAgent, type Hop } from './user-agent.js';

/** A clock the tests move; it starts at the real time so the provider's tokens agree with it. */
export interface TestClock {
  now(): number;
  advance(ms: number): void;
}

export interface ConsoleEnv {
  readonly appUrl: string;
  readonly provider: TestProvider;
  readonly app: Express;
  readonly env: AppEnv;
  readonly clock: TestClock;
  readonly sessionSecret: string;
  logs(): string;
  /** A fresh browser-like client. */
  agent(): UserAgent;
  /** Signs `user` in from /auth/login?returnTo=/saml; returns the last hop. */
  signIn(agent: UserAgent, user: TestUser): Promise<Hop>;
  close(): Promise<void>;
}

/**
 * The whole service on a real loopback port (PUBLIC_URL is its address, so the redirect URI is
 * real) with console sign-in against a real oidc-provider. `fetch` reaches openid-client's calls.
 */
export async function startConsoleEnv(
  opts: {
    adminGroups?: string;
    rpInitiatedLogout?: boolean;
    claimsInIdToken?: boolean;
    env?: Record<string, string>;
    fetch?: CustomFetch;
    /** Also AUTH_MODE=oauth (introspection), holding the sandbox admin's API key. */
    oauth?: boolean;
  } = {},
): Promise<ConsoleEnv> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const appUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const provider = await startTestProvider({
    redirectUri: `${appUrl}/auth/callback`,
    postLogoutRedirectUri: `${appUrl}/auth/logged-out`,
    ...(opts.rpInitiatedLogout !== undefined && { rpInitiatedLogout: opts.rpInitiatedLogout }),
    ...(opts.claimsInIdToken !== undefined && { claimsInIdToken: opts.claimsInIdToken }),
  });
  const sessionSecret = randomBytes(32).toString('base64');
  const vars = {
    PUBLIC_URL: appUrl,
    OIDC_ISSUER: provider.issuer,
    OIDC_CLIENT_ID: provider.console.clientId,
    OIDC_CLIENT_SECRET: provider.console.clientSecret,
    OIDC_SCOPES: 'openid profile email groups',
    SESSION_SECRET: sessionSecret,
    ...(opts.adminGroups !== undefined && { OIDC_ADMIN_GROUPS: opts.adminGroups }),
    ...opts.env,
  };
  const env = await startAppEnv({ users: 5, env: vars });
  let t = Date.now();
  const clock: TestClock = { now: () => t, advance: (ms) => void (t += ms) };
  const config = opts.oauth
    ? loadConfig({
        RALLY_URL: env.baseUrl,
        AUTH_FAIL_LIMIT: '0',
        ...vars,
        AUTH_MODE: 'oauth',
        OAUTH_ISSUER: provider.issuer,
        OAUTH_AUDIENCE: AUDIENCE,
        OAUTH_TOKEN_VALIDATION: 'introspection',
        OAUTH_CLIENT_ID: provider.introspector.clientId,
        OAUTH_CLIENT_SECRET: provider.introspector.clientSecret,
        RALLY_API_KEY: env.sandbox.credentials.admin.apiKey,
      })
    : env.config;
  const app = createApp({
    ...env.deps,
    config,
    now: clock.now,
    ...(opts.fetch &&
      config.console.signIn === 'oidc' && {
        console: createConsoleAuth({
          oidc: config.console.oidc,
          publicUrl: config.publicUrl,
          logger: env.deps.logger,
          now: clock.now,
          fetch: opts.fetch,
        }),
      }),
  });
  server.on('request', app);

  return {
    appUrl,
    provider,
    app,
    env,
    clock,
    sessionSecret,
    logs: env.logs,
    agent: () => new UserAgent(),
    async signIn(agent, user) {
      const loginPage = await agent.follow(`${appUrl}/auth/login?returnTo=%2Fsaml`);
      const form = formOn(loginPage, /\/interaction\/[^/]+\/login$/);
      return agent.follow(form.action, { form: { ...form.fields, login: user } });
    },
    async close() {
      await closeServer(server);
      await provider.close();
      await env.close();
    },
  };
}

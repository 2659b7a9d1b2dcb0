import type { Express } from 'express';
import { createApp } from '../../../server/app.js';
import { loadConfig } from '../../../server/config.js';
import { startAppEnv, type AppEnv } from '../../helpers/app-env.js';
import type { TestClock } from './console-env.js';
import { AUDIENCE, startTestProvider, type TestProvider } from './provider.js';

export interface OAuthEnv {
  readonly app: Express;
  readonly provider: TestProvider;
  readonly env: AppEnv;
  readonly clock: TestClock;
  /** The app again, built from other variables on top of the same set-up. */
  variant(env: Record<string, string>): Express;
  close(): Promise<void>;
}

/**
 * The service in AUTH_MODE=oauth in front of a real sandbox, holding the sandbox admin's API key,
 * with tokens from a real oidc-provider: JWT access tokens (validated against its JWKS) or opaque
 * ones (introspected).
 */
export async function startOAuthEnv(
  validation: 'jwt' | 'introspection',
  extra: Record<string, string> = {},
): Promise<OAuthEnv> {
  const provider = await startTestProvider({
    redirectUri: 'http://127.0.0.1:9/unused',
    postLogoutRedirectUri: 'http://127.0.0.1:9/unused',
  });
  const env = await startAppEnv({ users: 5 });
  let t = Date.now();
  const clock: TestClock = { now: () => t, advance: (ms) => void (t += ms) };
  const variant = (vars: Record<string, string>) =>
    createApp({
      ...env.deps,
      now: clock.now,
      config: loadConfig({
        RALLY_URL: env.baseUrl,
        AUTH_FAIL_LIMIT: '0',
        AUTH_MODE: 'oauth',
        OAUTH_ISSUER: provider.issuer,
        OAUTH_AUDIENCE: AUDIENCE,
        OAUTH_TOKEN_VALIDATION: validation,
        RALLY_API_KEY: env.sandbox.credentials.admin.apiKey,
        ...(validation === 'introspection' && {
          OAUTH_CLIENT_ID: provider.introspector.clientId,
          OAUTH_CLIENT_SECRET: provider.introspector.clientSecret,
        }),
        ...extra,
        ...vars,
      }),
    });
  return {
    app: variant({}),
    provider,
    env,
    clock,
    variant,
    async close() {
      await provider.close();
      await env.close();
    },
  };
}

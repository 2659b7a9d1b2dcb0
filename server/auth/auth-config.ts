import { isIP } from 'node:net';
import { z } from 'zod';
import type { RallyCredential } from '../../connector/rally/index.js';
import { Secret } from './secrets.js';

/**
 * The authentication part of the configuration (docs/auth.md): console sign-in with OIDC, the
 * API's credential mode, proxies and the failed-authentication limit. server/config.ts spreads
 * `authEnvShape` into its schema and calls `authProblems` and `toAuthConfig`.
 */
export type TrustProxy = boolean | number | readonly string[];

export interface OidcConsoleConfig {
  readonly issuer: string;
  readonly clientId: string;
  readonly clientSecret: Secret;
  readonly scopes: string;
  /** Empty: every user the Okta app lets sign in is an admin. */
  readonly adminGroups: readonly string[];
  readonly session: { readonly secret: Secret; readonly idleMs: number; readonly absoluteMs: number };
}

export type ConsoleConfig =
  | { readonly signIn: 'oidc'; readonly oidc: OidcConsoleConfig }
  /** `exposed`: bound to a non-loopback address with ALLOW_UNAUTHENTICATED_CONSOLE=true. */
  | { readonly signIn: 'none'; readonly exposed: boolean };

export type TokenValidation =
  | { readonly kind: 'jwt' }
  | {
      readonly kind: 'introspection';
      readonly clientId: string;
      readonly clientSecret: Secret;
      readonly cacheSeconds: number;
    };

export type ApiAuthConfig =
  | { readonly mode: 'passthrough' }
  | {
      readonly mode: 'oauth';
      readonly issuer: string;
      readonly audience: string;
      readonly requiredScope: string;
      readonly validation: TokenValidation;
      readonly rallyCredential: Secret<RallyCredential>;
    };

export interface AuthConfig {
  readonly console: ConsoleConfig;
  readonly apiAuth: ApiAuthConfig;
  readonly trustProxy: TrustProxy;
  readonly authFailures: { readonly limit: number; readonly sprayLimit: number; readonly windowMs: number };
}

const booleanString = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

const count = (min: number, max: number) => z.coerce.number().int().min(min).max(max);

/** openid-client and jose refuse plain http except where we allow it: loopback, for tests. */
const issuerUrl = z
  .string()
  .url()
  .refine(
    (u) => u.startsWith('https://') || isLoopbackHttpUrl(u),
    'must be an https URL (plain http only on a loopback address, for tests)',
  );

const commaList = z
  .string()
  .transform((v) => v.split(',').map((s) => s.trim()))
  .pipe(z.array(z.string()).transform((l) => l.filter((s) => s !== '')));

const trustProxy = z.string().transform((raw, ctx): TrustProxy => {
  const v = raw.trim().toLowerCase();
  if (v === 'false') return false;
  if (v === 'true') return true;
  if (/^\d+$/.test(v)) return Number(v) === 0 ? false : Math.min(Number(v), 32);
  const items = v.split(',').map((s) => s.trim());
  const bad = items.filter((s) => !isProxyAddress(s));
  if (bad.length > 0) {
    ctx.addIssue({
      code: 'custom',
      message: `use false, true, a hop count (e.g. 1) or a comma list of proxy addresses or subnets (e.g. 10.0.0.0/8, loopback); not ${bad.map((b) => `"${b}"`).join(', ')}`,
    });
    return z.NEVER;
  }
  return items;
});

export const authEnvShape = {
  OIDC_ISSUER: issuerUrl.optional(),
  OIDC_CLIENT_ID: z.string().min(1).optional(),
  OIDC_CLIENT_SECRET: z.string().min(1).optional(),
  OIDC_SCOPES: z
    .string()
    .regex(/(^|\s)openid(\s|$)/, 'must include "openid"')
    .default('openid profile email'),
  OIDC_ADMIN_GROUPS: commaList.optional(),
  SESSION_SECRET: z
    .string()
    .min(32, 'must be at least 32 characters (e.g. openssl rand -base64 48)')
    .optional(),
  SESSION_IDLE_MINUTES: count(1, 24 * 60).default(30),
  SESSION_ABSOLUTE_MINUTES: count(5, 7 * 24 * 60).default(8 * 60),
  ALLOW_UNAUTHENTICATED_CONSOLE: booleanString.default(false),
  AUTH_MODE: z.enum(['passthrough', 'oauth']).default('passthrough'),
  RALLY_API_KEY: z.string().regex(/^_/, 'Rally API keys start with "_"').optional(),
  RALLY_USERNAME: z.string().min(1).optional(),
  RALLY_PASSWORD: z.string().min(1).optional(),
  OAUTH_ISSUER: issuerUrl.optional(),
  OAUTH_AUDIENCE: z.string().min(1).optional(),
  OAUTH_REQUIRED_SCOPE: z
    .string()
    .regex(/^[\x21\x23-\x5B\x5D-\x7E]+$/, 'must be one scope name (no spaces or quotes)')
    .default('rally.provision'),
  OAUTH_TOKEN_VALIDATION: z.enum(['jwt', 'introspection']).default('jwt'),
  OAUTH_CLIENT_ID: z.string().min(1).optional(),
  OAUTH_CLIENT_SECRET: z.string().min(1).optional(),
  OAUTH_INTROSPECTION_CACHE_SECONDS: count(0, 3600).default(60),
  TRUST_PROXY: trustProxy.default(false),
  AUTH_FAIL_LIMIT: count(0, 1_000_000).default(20),
  AUTH_FAIL_WINDOW_SECONDS: count(1, 24 * 3600).default(300),
  AUTH_SPRAY_LIMIT: count(0, 1_000_000).default(10),
};

type AuthEnv = z.output<z.ZodObject<typeof authEnvShape>>;

const OIDC_REQUIRED = ['OIDC_ISSUER', 'OIDC_CLIENT_ID', 'OIDC_CLIENT_SECRET', 'SESSION_SECRET'] as const;
const OAUTH_ONLY = [
  'RALLY_API_KEY',
  'RALLY_USERNAME',
  'RALLY_PASSWORD',
  'OAUTH_ISSUER',
  'OAUTH_AUDIENCE',
  'OAUTH_CLIENT_ID',
  'OAUTH_CLIENT_SECRET',
] as const;

/**
 * Rules across variables, checked on the raw strings so they are reported together with the
 * schema's own problems in one ConfigError.
 */
export function authProblems(
  env: Readonly<Record<string, string>>,
  opts: { servesConsole: boolean } = { servesConsole: true },
): string[] {
  const problems: string[] = [];
  const has = (name: string) => env[name] !== undefined;
  const oidc = ['OIDC_ISSUER', 'OIDC_CLIENT_ID', 'OIDC_CLIENT_SECRET', 'OIDC_ADMIN_GROUPS'].some(has);
  const host = env['HOST'] ?? '127.0.0.1';

  if (oidc) {
    for (const name of OIDC_REQUIRED.filter((n) => !has(n)))
      problems.push(
        `${name}: required for console sign-in (OIDC_ISSUER, OIDC_CLIENT_ID, ${OIDC_REQUIRED.slice(2).join(' and ')}; docs/auth.md)`,
      );
    if (env['PUBLIC_URL']?.startsWith('https://') && !truthyProxy(env['TRUST_PROXY']))
      problems.push(
        'TRUST_PROXY: PUBLIC_URL is https, so a TLS proxy sits in front of this plain-http service; set TRUST_PROXY (e.g. 1, or loopback) so the sign-in cookie can be marked Secure',
      );
  } else if (opts.servesConsole && !isLoopbackHost(host) && env['ALLOW_UNAUTHENTICATED_CONSOLE'] !== 'true') {
    problems.push(
      `HOST: ${host} is not a loopback address and the admin console (/saml) has no sign-in. Set OIDC_ISSUER, OIDC_CLIENT_ID, OIDC_CLIENT_SECRET and SESSION_SECRET to require Okta sign-in (docs/auth.md), bind HOST=127.0.0.1, or set ALLOW_UNAUTHENTICATED_CONSOLE=true to serve the console to anyone who can reach it`,
    );
  }

  const idle = Number(env['SESSION_IDLE_MINUTES'] ?? 30);
  const absolute = Number(env['SESSION_ABSOLUTE_MINUTES'] ?? 480);
  if (absolute < idle)
    problems.push('SESSION_ABSOLUTE_MINUTES: must not be shorter than SESSION_IDLE_MINUTES');

  if (env['AUTH_MODE'] === 'oauth') {
    for (const name of ['OAUTH_ISSUER', 'OAUTH_AUDIENCE'].filter((n) => !has(n)))
      problems.push(`${name}: required with AUTH_MODE=oauth`);
    if (has('RALLY_API_KEY') && (has('RALLY_USERNAME') || has('RALLY_PASSWORD')))
      problems.push('RALLY_API_KEY: set either RALLY_API_KEY or RALLY_USERNAME and RALLY_PASSWORD, not both');
    else if (!has('RALLY_API_KEY') && !(has('RALLY_USERNAME') && has('RALLY_PASSWORD')))
      problems.push(
        `${has('RALLY_USERNAME') ? 'RALLY_PASSWORD' : has('RALLY_PASSWORD') ? 'RALLY_USERNAME' : 'RALLY_API_KEY'}: with AUTH_MODE=oauth the service holds the Rally credential: set RALLY_API_KEY, or RALLY_USERNAME and RALLY_PASSWORD`,
      );
    if (env['OAUTH_TOKEN_VALIDATION'] === 'introspection')
      for (const name of ['OAUTH_CLIENT_ID', 'OAUTH_CLIENT_SECRET'].filter((n) => !has(n)))
        problems.push(
          `${name}: required with OAUTH_TOKEN_VALIDATION=introspection (the client that calls the introspection endpoint)`,
        );
  } else {
    for (const name of OAUTH_ONLY.filter(has))
      problems.push(`${name}: only used with AUTH_MODE=oauth; remove it or set AUTH_MODE=oauth`);
  }
  return problems;
}

/** Builds the frozen auth configuration from a schema-valid, problem-free environment. */
export function toAuthConfig(e: AuthEnv & { HOST: string }): AuthConfig {
  const consoleConfig: ConsoleConfig =
    e.OIDC_ISSUER !== undefined
      ? {
          signIn: 'oidc',
          oidc: {
            issuer: e.OIDC_ISSUER,
            clientId: e.OIDC_CLIENT_ID!,
            clientSecret: new Secret(e.OIDC_CLIENT_SECRET!),
            scopes: e.OIDC_SCOPES,
            adminGroups: e.OIDC_ADMIN_GROUPS ?? [],
            session: {
              secret: new Secret(e.SESSION_SECRET!),
              idleMs: e.SESSION_IDLE_MINUTES * 60_000,
              absoluteMs: e.SESSION_ABSOLUTE_MINUTES * 60_000,
            },
          },
        }
      : { signIn: 'none', exposed: !isLoopbackHost(e.HOST) };
  const apiAuth: ApiAuthConfig =
    e.AUTH_MODE === 'oauth'
      ? {
          mode: 'oauth',
          issuer: e.OAUTH_ISSUER!,
          audience: e.OAUTH_AUDIENCE!,
          requiredScope: e.OAUTH_REQUIRED_SCOPE,
          validation:
            e.OAUTH_TOKEN_VALIDATION === 'jwt'
              ? { kind: 'jwt' }
              : {
                  kind: 'introspection',
                  clientId: e.OAUTH_CLIENT_ID!,
                  clientSecret: new Secret(e.OAUTH_CLIENT_SECRET!),
                  cacheSeconds: e.OAUTH_INTROSPECTION_CACHE_SECONDS,
                },
          rallyCredential: new Secret<RallyCredential>(
            e.RALLY_API_KEY !== undefined
              ? { kind: 'apiKey', apiKey: e.RALLY_API_KEY }
              : { kind: 'basic', username: e.RALLY_USERNAME!, password: e.RALLY_PASSWORD! },
          ),
        }
      : { mode: 'passthrough' };
  return {
    console: consoleConfig,
    apiAuth,
    trustProxy: e.TRUST_PROXY,
    authFailures: {
      limit: e.AUTH_FAIL_LIMIT,
      sprayLimit: e.AUTH_SPRAY_LIMIT,
      windowMs: e.AUTH_FAIL_WINDOW_SECONDS * 1000,
    },
  };
}

/** HOST values that only this machine can reach. */
export function isLoopbackHost(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  if (h === 'localhost') return true;
  if (isIP(h) === 4) return h.startsWith('127.');
  if (isIP(h) === 6) return h === '::1' || /^::ffff:127\./.test(h);
  return false;
}

export function isLoopbackHttpUrl(url: string): boolean {
  try {
    const u = new URL(url);
    return u.protocol === 'http:' && isLoopbackHost(u.hostname);
  } catch {
    return false;
  }
}

function truthyProxy(raw: string | undefined): boolean {
  const v = raw?.trim().toLowerCase();
  return v !== undefined && v !== 'false' && v !== '0';
}

/** Express's `trust proxy` accepts addresses, CIDR subnets and three names. */
function isProxyAddress(s: string): boolean {
  if (['loopback', 'linklocal', 'uniquelocal'].includes(s)) return true;
  const [ip, prefix, extra] = s.split('/');
  if (extra !== undefined || ip === undefined) return false;
  const family = isIP(ip);
  if (family === 0) return false;
  if (prefix === undefined) return true;
  return /^\d{1,3}$/.test(prefix) && Number(prefix) <= (family === 4 ? 32 : 128);
}

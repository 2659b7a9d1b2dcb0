import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair } from 'jose';
import Provider, {
  errors,
  type AdapterPayload,
  type ProviderClient,
  type ProviderContext,
  type ProviderToken,
} from 'oidc-provider';

/** Test users; carol's ID token has no groups claim at all. */
export const USERS = {
  alice: { name: 'Alice Admin', email: 'alice@example.com', groups: ['Everyone', 'Rally Admins'] },
  bob: { name: 'Bob Builder', email: 'bob@example.com', groups: ['Everyone'] },
  carol: { name: 'Carol NoGroups', email: 'carol@example.com', groups: undefined },
} as const;
export type TestUser = keyof typeof USERS;

export const AUDIENCE = 'api://rally-okta-connector';
export const OTHER_AUDIENCE = 'api://another-api';
export const SCOPE = 'rally.provision';

export interface ClientCredentials {
  readonly clientId: string;
  readonly clientSecret: string;
}

export interface TestProvider {
  readonly issuer: string;
  /** The console's OIDC web app (authorization code + PKCE). */
  readonly console: ClientCredentials;
  /** The resource server's client for the introspection endpoint. */
  readonly introspector: ClientCredentials;
  /** API Services apps for Workflows: opaque tokens (introspection) and JWT tokens (JWKS). */
  readonly workflows: { readonly opaque: ClientCredentials; readonly jwt: ClientCredentials };
  /** Access token lifetime in seconds for the next client-credentials tokens. */
  accessTokenTtl: number;
  token(
    format: 'opaque' | 'jwt',
    opts?: { scope?: string; resource?: string },
  ): Promise<{ access_token: string; expires_in: number }>;
  revoke(format: 'opaque' | 'jwt', token: string): Promise<void>;
  /** Interaction pages served (login forms shown and consents granted). */
  readonly interactions: string[];
  /** Every request the provider received, as "METHOD /path". */
  readonly requests: string[];
  close(): Promise<void>;
}

/**
 * A real OpenID Provider (oidc-provider) on a loopback port: a confidential web client for the
 * console (PKCE required, as Okta's "Require PKCE"), client-credentials clients whose tokens carry
 * an audience through resource indicators (RFC 8707), introspection, revocation and RP-initiated
 * logout. Its login page is a plain form naming a test user; consent is granted at once.
 */
export async function startTestProvider(opts: {
  redirectUri: string;
  postLogoutRedirectUri: string;
  rpInitiatedLogout?: boolean;
  /** false: ID tokens carry only `sub` and the rest comes from UserInfo, as Okta's org server may do. */
  claimsInIdToken?: boolean;
}): Promise<TestProvider> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const secret = () => randomBytes(24).toString('base64url');
  const consoleClient = { clientId: 'rally-console', clientSecret: secret() };
  const introspector = { clientId: 'rally-introspector', clientSecret: secret() };
  const opaque = { clientId: 'workflows-opaque', clientSecret: secret() };
  const jwt = { clientId: 'workflows-jwt', clientSecret: secret() };
  const { privateKey } = await generateKeyPair('RS256', { extractable: true });
  const signingKey = { ...(await exportJWK(privateKey)), kid: 'test-key', alg: 'RS256', use: 'sig' };
  const interactions: string[] = [];
  const requests: string[] = [];
  const state = { accessTokenTtl: 600 };

  const provider = new Provider(issuer, {
    adapter: memoryAdapter(),
    jwks: { keys: [signingKey] },
    cookies: { keys: [secret()] },
    clients: [
      {
        client_id: consoleClient.clientId,
        client_secret: consoleClient.clientSecret,
        redirect_uris: [opts.redirectUri],
        post_logout_redirect_uris: [opts.postLogoutRedirectUri],
        grant_types: ['authorization_code'],
        response_types: ['code'],
      },
      { client_id: introspector.clientId, client_secret: introspector.clientSecret, ...apiOnly() },
      { client_id: opaque.clientId, client_secret: opaque.clientSecret, ...apiOnly(['client_credentials']) },
      { client_id: jwt.clientId, client_secret: jwt.clientSecret, ...apiOnly(['client_credentials']) },
    ],
    claims: { openid: ['sub'], profile: ['name'], email: ['email'], groups: ['groups'] },
    scopes: ['openid', 'profile', 'email', 'groups', SCOPE, 'other.read'],
    conformIdTokenClaims: opts.claimsInIdToken === false,
    pkce: { required: () => true },
    findAccount: async (_ctx: unknown, id: string) => {
      const user = USERS[id as TestUser] as (typeof USERS)[TestUser] | undefined;
      if (!user) return undefined;
      return {
        accountId: id,
        claims: async () => ({
          sub: id,
          name: user.name,
          email: user.email,
          ...(user.groups && { groups: [...user.groups] }),
        }),
      };
    },
    interactions: { url: (_ctx: unknown, interaction: { uid: string }) => `/interaction/${interaction.uid}` },
    features: {
      devInteractions: { enabled: false },
      clientCredentials: { enabled: true },
      introspection: {
        enabled: true,
        allowedPolicy: async (_ctx: unknown, client: ProviderClient) =>
          client.clientId === introspector.clientId,
      },
      revocation: {
        enabled: true,
        allowedPolicy: async (_ctx: unknown, client: ProviderClient, token: ProviderToken) =>
          token.clientId === client.clientId,
      },
      rpInitiatedLogout: {
        enabled: opts.rpInitiatedLogout ?? true,
        logoutSource: async (ctx: ProviderContext, form: string) => {
          ctx.type = 'html';
          ctx.body = `<!doctype html><title>Sign out</title><h1>Sign out of the test provider?</h1>${form}<button type="submit" form="op.logoutForm" name="logout" value="yes">Yes, sign me out</button>`;
        },
        postLogoutSuccessSource: async (ctx: ProviderContext) => {
          ctx.type = 'html';
          ctx.body = '<!doctype html><title>Signed out</title><h1>Signed out</h1>';
        },
      },
      resourceIndicators: {
        enabled: true,
        defaultResource: async (_ctx: unknown, client: ProviderClient, oneOf?: string[]) =>
          client.clientId.startsWith('workflows-') ? (oneOf?.[0] ?? AUDIENCE) : undefined,
        useGrantedResource: async () => true,
        getResourceServerInfo: async (_ctx: unknown, resource: string, client: ProviderClient) => {
          if (resource !== AUDIENCE && resource !== OTHER_AUDIENCE) throw new errors.InvalidTarget();
          return {
            scope: `${SCOPE} other.read`,
            audience: resource,
            accessTokenTTL: state.accessTokenTtl,
            accessTokenFormat: client.clientId === jwt.clientId ? 'jwt' : 'opaque',
            jwt: { sign: { alg: 'RS256' } },
          };
        },
      },
    },
    ttl: {
      AccessToken: 600,
      AuthorizationCode: 60,
      ClientCredentials: () => state.accessTokenTtl,
      IdToken: 600,
      Grant: 3600,
      Interaction: 600,
      Session: 3600,
    },
    clientBasedCORS: () => false,
    renderError: async (ctx: ProviderContext, out: { error: string; error_description?: string }) => {
      ctx.type = 'html';
      ctx.body = `<!doctype html><title>Error</title><h1>${escape(out.error)}</h1><p>${escape(out.error_description ?? '')}</p>`;
    },
  });
  const handle = provider.callback();

  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    requests.push(`${req.method ?? ''} ${(req.url ?? '').split('?')[0] ?? ''}`);
    const m = /^\/interaction\/([^/?]+)(\/login)?/.exec(req.url ?? '');
    if (!m) return handle(req, res);
    interactions.push(`${req.method ?? ''} ${m[2] ? 'login' : 'prompt'}`);
    interact(provider, req, res, m[2] !== undefined).catch((err: unknown) => {
      res.statusCode = 500;
      res.end(err instanceof Error ? err.message : 'interaction failed');
    });
  });

  const basic = (c: ClientCredentials) =>
    `Basic ${Buffer.from(`${encodeURIComponent(c.clientId)}:${encodeURIComponent(c.clientSecret)}`).toString('base64')}`;
  const client = (format: 'opaque' | 'jwt') => (format === 'jwt' ? jwt : opaque);

  return {
    issuer,
    console: consoleClient,
    introspector,
    workflows: { opaque, jwt },
    get accessTokenTtl() {
      return state.accessTokenTtl;
    },
    set accessTokenTtl(v: number) {
      state.accessTokenTtl = v;
    },
    interactions,
    requests,
    async token(format, o = {}) {
      const res = await fetch(`${issuer}/token`, {
        method: 'POST',
        headers: {
          authorization: basic(client(format)),
          'content-type': 'application/x-www-form-urlencoded',
        },
        body: new URLSearchParams({
          grant_type: 'client_credentials',
          scope: o.scope ?? SCOPE,
          resource: o.resource ?? AUDIENCE,
        }),
      });
      const body = (await res.json()) as { access_token: string; expires_in: number };
      if (res.status !== 200) throw new Error(`token request failed: ${JSON.stringify(body)}`);
      return body;
    },
    async revoke(format, token) {
      const res = await fetch(`${issuer}/token/revocation`, {
        method: 'POST',
        headers: {
          authorization: basic(client(format)),
          'content-type': 'application/x-www-form-urlencoded',
        },
        body: new URLSearchParams({ token, token_type_hint: 'access_token' }),
      });
      if (res.status !== 200) throw new Error(`revocation failed: ${res.status}`);
    },
    close: () => closeServer(server),
  };
}

/** The login prompt shows a form naming the user; the consent prompt is granted at once. */
async function interact(provider: Provider, req: IncomingMessage, res: ServerResponse, submitted: boolean) {
  const details = await provider.interactionDetails(req, res);
  if (details.prompt.name === 'login') {
    if (!submitted) {
      res.setHeader('content-type', 'text/html; charset=utf-8');
      res.end(
        `<!doctype html><title>Test provider sign-in</title><form method="post" action="/interaction/${details.uid}/login"><label for="login">User</label><input id="login" name="login"><button type="submit">Sign in</button></form>`,
      );
      return;
    }
    const login = new URLSearchParams(await readBody(req)).get('login') ?? '';
    await provider.interactionFinished(
      req,
      res,
      { login: { accountId: login } },
      { mergeWithLastSubmission: false },
    );
    return;
  }
  const d = details.prompt.details as {
    missingOIDCScope?: string[];
    missingOIDCClaims?: string[];
    missingResourceScopes?: Record<string, string[]>;
  };
  const grant = details.grantId
    ? (await provider.Grant.find(details.grantId))!
    : new provider.Grant({
        accountId: details.session!.accountId!,
        clientId: String(details.params['client_id']),
      });
  if (d.missingOIDCScope) grant.addOIDCScope(d.missingOIDCScope.join(' '));
  if (d.missingOIDCClaims) grant.addOIDCClaims(d.missingOIDCClaims);
  for (const [indicator, scopes] of Object.entries(d.missingResourceScopes ?? {}))
    grant.addResourceScope(indicator, scopes.join(' '));
  const grantId = await grant.save();
  await provider.interactionFinished(req, res, { consent: { grantId } }, { mergeWithLastSubmission: true });
}

function apiOnly(grantTypes: string[] = []) {
  return { grant_types: grantTypes, response_types: [], redirect_uris: [], scope: `${SCOPE} other.read` };
}

/** oidc-provider's storage interface, in memory and per provider (its own is module-global). */
function memoryAdapter() {
  const store = new Map<string, AdapterPayload>();
  return class MemoryAdapter {
    constructor(private readonly name: string) {}
    private key(id: string) {
      return `${this.name}:${id}`;
    }
    async upsert(id: string, payload: AdapterPayload) {
      store.set(this.key(id), payload);
    }
    async find(id: string) {
      return store.get(this.key(id));
    }
    async findByUid(uid: string) {
      return [...store.entries()].find(([k, v]) => k.startsWith(`${this.name}:`) && v.uid === uid)?.[1];
    }
    async findByUserCode(userCode: string) {
      return [...store.entries()].find(
        ([k, v]) => k.startsWith(`${this.name}:`) && v.userCode === userCode,
      )?.[1];
    }
    async consume(id: string) {
      const p = store.get(this.key(id));
      if (p) p.consumed = Math.floor(Date.now() / 1000);
    }
    async destroy(id: string) {
      store.delete(this.key(id));
    }
    async revokeByGrantId(grantId: string) {
      for (const [k, v] of store) if (v.grantId === grantId) store.delete(k);
    }
  };
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export async function closeServer(server: Server): Promise<void> {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
}

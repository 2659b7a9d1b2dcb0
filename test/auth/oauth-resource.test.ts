import { expect } from 'chai';
import { SignJWT, generateKeyPair } from 'jose';
import request from 'supertest';
import { AUDIENCE, OTHER_AUDIENCE } from './helpers/provider.js';
import { startOAuthEnv, type OAuthEnv } from './helpers/oauth-env.js';

const CHALLENGE = /^Bearer realm="rally-okta-connector"/;

for (const validation of ['introspection', 'jwt'] as const) {
  describe(`AUTH_MODE=oauth with ${validation === 'jwt' ? 'JWT access tokens checked against the JWKS' : 'token introspection'}`, function () {
    this.timeout(30_000);
    let o: OAuthEnv;
    let good: string;
    before(async () => {
      o = await startOAuthEnv(validation);
      good = (await o.provider.token(validation === 'jwt' ? 'jwt' : 'opaque')).access_token;
    });
    after(() => o?.close());

    const format = validation === 'jwt' ? 'jwt' : 'opaque';
    const ping = (token?: string) => {
      const r = request(o.app).get('/connector/v1/ping');
      return token === undefined ? r : r.set('Authorization', `Bearer ${token}`);
    };
    const users = (token: string) =>
      request(o.app).get('/scim/v2/Users?count=2').set('Authorization', `Bearer ${token}`);

    it('accepts a client-credentials token on the connector API, with the Rally credential it holds', async () => {
      const res = await ping(good).expect(200);
      expect(JSON.stringify(res.body)).to.include(o.env.sandbox.credentials.admin.username);
    });

    it('accepts the same token on the SCIM API', async () => {
      const res = await users(good).expect(200);
      expect(res.body.schemas).to.deep.equal(['urn:ietf:params:scim:api:messages:2.0:ListResponse']);
      expect(res.body.Resources).to.have.length(2);
    });

    it('challenges a request without a token (RFC 6750 §3.1: no error code)', async () => {
      const res = await ping().expect(401);
      expect(res.headers['www-authenticate']).to.equal(
        'Bearer realm="rally-okta-connector", scope="rally.provision"',
      );
      expect(res.body.error.code).to.equal('INVALID_TOKEN');
    });

    it('no longer accepts a Rally credential sent by the caller', async () => {
      const { admin } = o.env.sandbox.credentials;
      const res = await request(o.app)
        .get('/connector/v1/ping')
        .auth(admin.username, admin.password)
        .expect(401);
      expect(res.headers['www-authenticate']).to.match(CHALLENGE);
      expect(res.body.error.message).to.include('Bearer <access token>');
    });

    it('refuses a token for another audience with invalid_token', async () => {
      const other = (await o.provider.token(format, { resource: OTHER_AUDIENCE })).access_token;
      const res = await ping(other).expect(401);
      expect(res.headers['www-authenticate'])
        .to.match(CHALLENGE)
        .and.include('error="invalid_token"')
        .and.include('another audience');
      expect(res.body.error).to.include({ code: 'INVALID_TOKEN', status: 401 });
      expect(res.body.error.message).to.include(AUDIENCE);
      const scim = await users(other).expect(401);
      expect(scim.headers['www-authenticate']).to.include('error="invalid_token"');
      expect(scim.body).to.include({ status: '401' });
    });

    it('refuses a token without the required scope with 403 insufficient_scope', async () => {
      const narrow = (await o.provider.token(format, { scope: 'other.read' })).access_token;
      const res = await ping(narrow).expect(403);
      expect(res.headers['www-authenticate'])
        .to.match(CHALLENGE)
        .and.include('error="insufficient_scope"')
        .and.include('scope="rally.provision"');
      expect(res.body.error.code).to.equal('INSUFFICIENT_SCOPE');
      const scim = await users(narrow).expect(403);
      expect(scim.headers['www-authenticate']).to.include('error="insufficient_scope"');
      expect(scim.body.schemas).to.deep.equal(['urn:ietf:params:scim:api:messages:2.0:Error']);
      expect(scim.body.status).to.equal('403');
    });

    it('refuses an expired token with invalid_token', async () => {
      const token = (await o.provider.token(format)).access_token;
      await ping(token).expect(200);
      o.clock.advance(11 * 60_000);
      try {
        const res = await ping(token).expect(401);
        expect(res.headers['www-authenticate']).to.include('error="invalid_token"').and.include('expired');
        await users(token).expect(401);
      } finally {
        o.clock.advance(-11 * 60_000);
      }
    });

    it('refuses a malformed token and one not from the issuer', async () => {
      await ping('not a token').expect(401);
      const { privateKey } = await generateKeyPair('RS256');
      const forged = await new SignJWT({ scope: 'rally.provision', client_id: 'x' })
        .setProtectedHeader({ alg: 'RS256', kid: 'test-key' })
        .setIssuer(o.provider.issuer)
        .setAudience(AUDIENCE)
        .setExpirationTime('5m')
        .sign(privateKey);
      const res = await ping(forged).expect(401);
      expect(res.headers['www-authenticate']).to.include('error="invalid_token"');
    });

    it('answers 502 SERVICE_CREDENTIAL_REFUSED when Rally refuses the credential the service holds', async () => {
      const app = o.variant({ RALLY_API_KEY: '_notTheSandboxKey' });
      const res = await request(app)
        .get('/connector/v1/ping')
        .set('Authorization', `Bearer ${good}`)
        .expect(502);
      expect(res.body.error.code).to.equal('SERVICE_CREDENTIAL_REFUSED');
      expect(res.body.error.message).to.include('RALLY_API_KEY');
      const scim = await request(app)
        .get('/scim/v2/Users')
        .set('Authorization', `Bearer ${good}`)
        .expect(502);
      expect(scim.body.detail).to.include('RALLY_API_KEY');
    });

    it('answers 502 AUTH_SERVER_UNAVAILABLE, not 401, when the authorization server cannot be reached', async () => {
      const app = o.variant({ OAUTH_ISSUER: 'http://127.0.0.1:9' });
      const res = await request(app)
        .get('/connector/v1/ping')
        .set('Authorization', `Bearer ${good}`)
        .expect(502);
      expect(res.body.error.code).to.equal('AUTH_SERVER_UNAVAILABLE');
      const scim = await request(app)
        .get('/scim/v2/Users')
        .set('Authorization', `Bearer ${good}`)
        .expect(502);
      expect(scim.body.status).to.equal('502');
    });
  });
}

describe('AUTH_MODE=oauth revocation and caching', function () {
  this.timeout(30_000);

  it('introspection: refuses a revoked token', async () => {
    const o = await startOAuthEnv('introspection');
    try {
      const token = (await o.provider.token('opaque')).access_token;
      await o.provider.revoke('opaque', token);
      const res = await request(o.app)
        .get('/connector/v1/ping')
        .set('Authorization', `Bearer ${token}`)
        .expect(401);
      expect(res.headers['www-authenticate']).to.include('error="invalid_token"').and.include('not active');
      await request(o.app).get('/scim/v2/Users').set('Authorization', `Bearer ${token}`).expect(401);
    } finally {
      await o.close();
    }
  });

  it('introspection: refuses a token the provider has let expire', async () => {
    const o = await startOAuthEnv('introspection');
    try {
      o.provider.accessTokenTtl = 1;
      const token = (await o.provider.token('opaque')).access_token;
      await new Promise((r) => setTimeout(r, 2100));
      const res = await request(o.app)
        .get('/connector/v1/ping')
        .set('Authorization', `Bearer ${token}`)
        .expect(401);
      expect(res.headers['www-authenticate']).to.include('error="invalid_token"');
    } finally {
      await o.close();
    }
  });

  it('introspection: asks once per token and keeps the answer no longer than OAUTH_INTROSPECTION_CACHE_SECONDS', async () => {
    const o = await startOAuthEnv('introspection', { OAUTH_INTROSPECTION_CACHE_SECONDS: '60' });
    try {
      const token = (await o.provider.token('opaque')).access_token;
      const introspections = () =>
        o.provider.requests.filter((r) => r === 'POST /token/introspection').length;
      await Promise.all(
        [1, 2, 3].map(() =>
          request(o.app).get('/connector/v1/ping').set('Authorization', `Bearer ${token}`).expect(200),
        ),
      );
      expect(introspections()).to.equal(1);
      await o.provider.revoke('opaque', token);
      await request(o.app).get('/connector/v1/ping').set('Authorization', `Bearer ${token}`).expect(200);
      o.clock.advance(61_000);
      await request(o.app).get('/connector/v1/ping').set('Authorization', `Bearer ${token}`).expect(401);
      expect(introspections()).to.equal(2);
    } finally {
      await o.close();
    }
  });

  it('jwt: validates locally, fetching the issuer’s keys once rather than asking per token', async () => {
    const o = await startOAuthEnv('jwt');
    try {
      for (let i = 0; i < 3; i++) {
        const token = (await o.provider.token('jwt')).access_token;
        await request(o.app).get('/connector/v1/ping').set('Authorization', `Bearer ${token}`).expect(200);
      }
      expect(o.provider.requests.filter((r) => r === 'GET /jwks')).to.have.length(1);
      expect(o.provider.requests).to.not.include('POST /token/introspection');
    } finally {
      await o.close();
    }
  });
});

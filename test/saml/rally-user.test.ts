import { expect } from 'chai';
import type { Express } from 'express';
import request from 'supertest';
import { createRallyLookupForRequest } from '../../server/routes/saml-rally-lookup.js';
import { startRallyEnv, type RallyEnv } from '../helpers/rally-env.js';
import { samlApp } from './helpers/app.js';
import { buildResponse, OKTA_ISSUER, toBase64 } from './helpers/build-response.js';
import { makeTestCertificate, type TestKeyPair } from './helpers/keys.js';

const PUBLIC_URL = 'https://rally-okta.example.com';

/** The rally-user check end to end: the production lookup, a real sandbox, the caller's key. */
describe('SAML rally-user check against the Rally sandbox', function () {
  let env: RallyEnv;
  let key: TestKeyPair;
  let app: Express;
  let disabledUser: string;

  before(async function () {
    env = await startRallyEnv();
    key = await makeTestCertificate({ days: 365 });
    const res = await fetch(
      `${env.baseUrl}/user?query=${encodeURIComponent('(Disabled = true)')}&fetch=UserName`,
      {
        headers: { ZSESSIONID: env.sandbox.credentials.admin.apiKey },
      },
    );
    const body = (await res.json()) as { QueryResult: { Results: { UserName: string }[] } };
    disabledUser = body.QueryResult.Results[0]!.UserName;
  });
  after(async function () {
    await env.close();
  });
  beforeEach(function () {
    env.sandbox.reset();
    ({ app } = samlApp({ publicUrl: PUBLIC_URL, lookupForRequest: createRallyLookupForRequest(env.client) }));
  });

  const validate = (nameId: string, authorization?: string) => {
    const samlResponse = toBase64(
      buildResponse({
        key,
        acsUrl: `${PUBLIC_URL}/saml/acs`,
        spEntityId: `${PUBLIC_URL}/saml/metadata`,
        issueInstant: new Date(),
        nameId,
        attributes: { firstName: 'A', lastName: 'B', email: nameId },
      }),
    );
    const req = request(app).post('/saml/validate');
    if (authorization) req.set('authorization', authorization);
    return req.send({ samlResponse, idpCert: key.certPem, idpEntityId: OKTA_ISSUER, rally: { check: true } });
  };
  type Check = { id: string; status: string; message: string; fix?: string };
  const rallyUser = (body: { checks: Check[] }) => body.checks.find((c) => c.id === 'rally-user')!;
  const bearer = () => `Bearer ${env.sandbox.credentials.admin.apiKey}`;

  it('passes for an active user', async function () {
    const res = await validate('admin@rally.sandbox', bearer()).expect(200);
    expect(rallyUser(res.body)).to.include({ status: 'pass' });
    expect(res.body.valid).to.equal(true);
  });

  it('fails for a user provisioning has not pushed', async function () {
    const res = await validate('nobody.here@example.com', bearer()).expect(200);
    expect(rallyUser(res.body).status).to.equal('fail');
    expect(rallyUser(res.body).message).to.match(/provisioning has not pushed this user/);
    expect(rallyUser(res.body).fix).to.match(/Push New Users/);
  });

  it('fails for a disabled user', async function () {
    const res = await validate(disabledUser, bearer()).expect(200);
    expect(rallyUser(res.body)).to.include({ status: 'fail' });
    expect(rallyUser(res.body).message).to.match(/disabled/);
  });

  it('works with Basic credentials too', async function () {
    const { username, password } = env.sandbox.credentials.admin;
    const res = await validate(
      'admin@rally.sandbox',
      `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`,
    ).expect(200);
    expect(rallyUser(res.body).status).to.equal('pass');
  });

  it('answers 401 when asked without a usable credential, as the connector API does', async function () {
    const missing = await validate('admin@rally.sandbox').expect(401);
    expect(missing.body.error).to.include({ code: 'INVALID_CREDENTIALS', status: 401 });
    expect(missing.headers['www-authenticate']).to.match(/^Basic/);
    const wrong = await validate('admin@rally.sandbox', 'Bearer _notTheRightKey123').expect(401);
    expect(wrong.body.error.code).to.equal('INVALID_CREDENTIALS');
  });
});

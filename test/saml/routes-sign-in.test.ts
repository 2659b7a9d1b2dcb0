import { inflateRawSync } from 'node:zlib';
import { DOMParser } from '@xmldom/xmldom';
import { expect } from 'chai';
import request from 'supertest';
import { expectErrorShape, IDP, routeEnv, SP } from './helpers/route-env.js';
import { CHECK_IDS } from '../../saml/index.js';

describe('SAML sign-in and validation routes over HTTP', function () {
  const env = routeEnv();

  it('runs an SP-initiated test sign-in: AuthnRequest, ACS report, replay refused', async function () {
    await request(env.app).get('/saml/login').expect(409).expect('content-type', /html/);
    await env.loadIdp();
    const login = await request(env.app).get('/saml/login').expect(302);
    const location = new URL(login.headers.location as string);
    expect(`${location.origin}${location.pathname}`).to.equal(IDP.ssoUrl);
    const authn = new DOMParser().parseFromString(
      inflateRawSync(Buffer.from(location.searchParams.get('SAMLRequest')!, 'base64')).toString(),
      'text/xml',
    ).documentElement!;
    expect(authn.getAttribute('AssertionConsumerServiceURL')).to.equal(SP.acsUrl);
    expect(authn.getElementsByTagName('samlp:NameIDPolicy').item(0)!.getAttribute('Format')).to.match(
      /emailAddress$/,
    );
    const requestId = authn.getAttribute('ID')!;

    const samlResponse = env.response({ inResponseTo: requestId });
    const html = await request(env.app)
      .post('/saml/acs')
      .type('form')
      .send({ SAMLResponse: samlResponse, RelayState: '' })
      .expect(200);
    expect(html.headers['content-type']).to.match(/text\/html/);
    expect(html.text).to.include('The response is valid');
    const replay = await request(env.app)
      .post('/saml/acs')
      .type('form')
      .set('accept', 'application/json')
      .send({ SAMLResponse: samlResponse })
      .expect(200);
    expect(replay.body.valid).to.equal(false);
    expect(
      replay.body.checks
        .filter((c: { status: string }) => c.status === 'fail')
        .map((c: { id: string }) => c.id),
    ).to.deep.equal(['replay']);
  });

  it('accepts an IdP-initiated response at the ACS and reports it as such', async function () {
    await env.loadIdp();
    const res = await request(env.app)
      .post('/saml/acs')
      .type('form')
      .set('accept', 'application/json')
      .send({ SAMLResponse: env.response() })
      .expect(200);
    expect(res.body).to.include({ valid: true, idpInitiated: true });
    const page = await request(env.app)
      .post('/saml/acs')
      .type('form')
      .send({ SAMLResponse: env.response() })
      .expect(200);
    expect(page.text).to.include('IdP-initiated');
  });

  it('renders a failing check with its fix on the ACS page', async function () {
    await env.loadIdp();
    const page = await request(env.app)
      .post('/saml/acs')
      .type('form')
      .send({ SAMLResponse: env.response({ audience: 'https://wrong.example.com' }) })
      .expect(200);
    expect(page.text)
      .to.include('The response is not valid')
      .and.include('id="check-audience"')
      .and.include('Audience URI (SP Entity ID)');
    expect(page.text).to.include('https://wrong.example.com');
    await request(env.app).post('/saml/acs').type('form').send({}).expect(400);
    await request(env.app).get('/saml/acs').expect(405).expect('allow', 'POST');
  });

  it('validates statelessly over the JSON API', async function () {
    const issued = new Date('2030-01-01T00:00:00Z');
    const res = await request(env.app)
      .post('/saml/validate')
      .send({
        samlResponse: env.response({ issueInstant: issued }),
        idpMetadataXml: env.metadata,
        at: '2030-01-01T00:00:30Z',
      })
      .expect(200);
    expect(res.body.valid).to.equal(true);
    expect(res.body.subject.nameId).to.equal('ada@example.com');
    expect(res.body.checks.map((c: { id: string }) => c.id)).to.deep.equal([...CHECK_IDS]);
    const late = await request(env.app)
      .post('/saml/validate')
      .send({
        samlResponse: env.response({ issueInstant: issued }),
        idpCert: env.key.certPem,
        idpEntityId: IDP.entityId,
        at: '2030-01-01T01:00:00Z',
      })
      .expect(200);
    expect(late.body.checks.find((c: { id: string }) => c.id === 'time-window').status).to.equal('fail');
  });

  it('keeps a sent decryption key and the NameID out of every log line', async function () {
    const res = await request(env.app)
      .post('/saml/validate')
      .send({
        samlResponse: env.response({ nameId: 'grace.hopper@navy.example.com' }),
        idpCert: env.key.certPem,
        idpEntityId: IDP.entityId,
        decryptionKey: env.decryptionKey(env.key.keyPem),
      })
      .expect(200);
    expect(res.body.valid).to.equal(true);
    // An unreadable key (a certificate sent by mistake) is refused without echoing it.
    const bad = await request(env.app)
      .post('/saml/validate')
      .send({
        samlResponse: env.response(),
        idpCert: env.key.certPem,
        decryptionKey: env.decryptionKey(env.key.certPem),
      })
      .expect(422);
    expectErrorShape(bad.body, 422, 'SAML_KEY_INVALID');
  });

  it('answers bad validate input with 4xx JSON errors, never a stack trace', async function () {
    expectErrorShape(
      (await request(env.app).post('/saml/validate').send({ idpMetadataXml: env.metadata }).expect(400)).body,
      400,
      'INVALID_REQUEST',
    );
    const unknown = await request(env.app)
      .post('/saml/validate')
      .send({ samlResponse: 'x', idpCert: env.key.certPem, sneaky: 1 })
      .expect(400);
    expect(unknown.body.error.details.issues[0].message).to.match(/sneaky/);
    expectErrorShape(
      (
        await request(env.app)
          .post('/saml/validate')
          .send({ samlResponse: 'x', at: 'yesterday', idpCert: env.key.certPem })
          .expect(400)
      ).body,
      400,
      'INVALID_REQUEST',
    );
    expectErrorShape(
      (await request(env.app).post('/saml/validate').send({ samlResponse: 'x' }).expect(409)).body,
      409,
      'SAML_IDP_NOT_CONFIGURED',
    );
    expectErrorShape(
      (
        await request(env.app)
          .post('/saml/validate')
          .send({ samlResponse: 'x', idpCert: 'nope!' })
          .expect(422)
      ).body,
      422,
      'SAML_CERT_INVALID',
    );
    expectErrorShape(
      (
        await request(env.app)
          .post('/saml/validate')
          .send({ samlResponse: 'x', idpCert: env.key.certPem, decryptionKey: 'nope' })
          .expect(422)
      ).body,
      422,
      'SAML_KEY_INVALID',
    );
    expectErrorShape(
      (
        await request(env.app)
          .post('/saml/validate')
          .set('content-type', 'application/json')
          .send('{"samlResponse":')
          .expect(400)
      ).body,
      400,
      'MALFORMED_JSON',
    );
    expectErrorShape(
      (
        await request(env.app)
          .post('/saml/validate')
          .send({ samlResponse: 'A'.repeat(600_000) })
          .expect(413)
      ).body,
      413,
      'PAYLOAD_TOO_LARGE',
    );
  });

  it('checks a pasted response from the page form against the loaded IdP', async function () {
    await env.loadIdp();
    const page = await request(env.app)
      .post('/saml/validate')
      .type('form')
      .send({
        samlResponse: env.response({ audience: 'https://rally.example.com/sp' }),
        spEntityId: 'https://rally.example.com/sp',
        acsUrl: '',
        at: '',
      })
      .expect(200)
      .expect('content-type', /html/);
    expect(page.text)
      .to.include('Pasted response')
      .and.include('The response is valid')
      .and.include('value="https://rally.example.com/sp"');
  });

  it('asks the injected Rally lookup only when the caller asks for rally-user', async function () {
    const seen: string[] = [];
    env.useApp({
      lookupForRequest: (req) => {
        seen.push(String(req.headers.authorization));
        return async (userName) => ({ found: true, disabled: false, userName });
      },
    });
    const body = { samlResponse: env.response(), idpCert: env.key.certPem, idpEntityId: IDP.entityId };
    const skipped = await request(env.app).post('/saml/validate').send(body).expect(200);
    expect(skipped.body.checks.at(-1)).to.include({ id: 'rally-user', status: 'skip' });
    const checked = await request(env.app)
      .post('/saml/validate')
      .set('authorization', 'Bearer _abcdefgh12345')
      .send({ ...body, rally: { check: true } })
      .expect(200);
    expect(checked.body.checks.at(-1)).to.include({ id: 'rally-user', status: 'pass' });
    expect(seen).to.deep.equal(['Bearer _abcdefgh12345']);
  });

  it('escapes every value from the response in the HTML report', async function () {
    await env.loadIdp();
    const hostile = '"><img src=x onerror=alert(1)>@example.com';
    const page = await request(env.app)
      .post('/saml/acs')
      .type('form')
      .send({
        SAMLResponse: env.response({
          nameId: hostile,
          attributes: { firstName: '<b>A</b>', lastName: 'B', email: hostile },
        }),
      })
      .expect(200);
    expect(page.text).to.not.include('<img src=x').and.not.include('<b>A</b>');
    expect(page.text).to.include('&lt;img src=x onerror=alert(1)&gt;');
  });

  it('sends the AuthnRequest by HTTP-POST, with a plain form, when the IdP offers only that', async function () {
    const postOnly = env.metadata.replace(/<md:SingleSignOnService Binding="[^"]+HTTP-Redirect"[^>]*\/>/, '');
    await request(env.app).post('/saml/idp').set('content-type', 'text/xml').send(postOnly).expect(200);
    const page = await request(env.app).get('/saml/login').expect(200).expect('content-type', /html/);
    expect(page.headers['content-security-policy']).to.include("form-action 'self' https://example.okta.com");
    expect(page.text)
      .to.include(`action="${IDP.ssoUrl}"`)
      .and.not.match(/<script(?![^>]*\bsrc=)/);
    const value = /name="SAMLRequest" value="([^"]+)"/.exec(page.text)![1]!;
    expect(Buffer.from(value, 'base64').toString('utf8')).to.match(/^(<\?xml[^>]*>)?<samlp:AuthnRequest /);
  });
});

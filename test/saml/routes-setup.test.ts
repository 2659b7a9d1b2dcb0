import { DOMParser } from '@xmldom/xmldom';
import { expect } from 'chai';
import request from 'supertest';
import { expectErrorShape, IDP, routeEnv, SP } from './helpers/route-env.js';

describe('SAML setup routes over HTTP (metadata, page, IdP loading)', function () {
  const env = routeEnv();

  it('serves SP metadata from node-saml with the helper’s entity ID and ACS', async function () {
    const res = await request(env.app)
      .get('/saml/metadata')
      .expect(200)
      .expect('content-type', /application\/samlmetadata\+xml/);
    const doc = new DOMParser().parseFromString(res.text, 'text/xml');
    const root = doc.documentElement!;
    expect(root.getAttribute('entityID')).to.equal(SP.entityId);
    const sp = root.getElementsByTagName('SPSSODescriptor').item(0)!;
    expect(sp.getAttribute('WantAssertionsSigned')).to.equal('true');
    expect(sp.getElementsByTagName('NameIDFormat').item(0)!.textContent).to.equal(
      'urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress',
    );
    expect(sp.getElementsByTagName('AssertionConsumerService').item(0)!.getAttribute('Location')).to.equal(
      SP.acsUrl,
    );
  });

  it('serves the admin page under a strict CSP with no inline script or style', async function () {
    const res = await request(env.app)
      .get('/saml')
      .expect(200)
      .expect('content-type', /text\/html/);
    const csp = res.headers['content-security-policy'] as string;
    expect(csp).to.include("script-src 'self'").and.not.include('unsafe-inline');
    expect(res.text)
      .to.include(SP.acsUrl)
      .and.include(SP.entityId)
      .and.include('Audience URI (SP Entity ID)');
    expect(res.text)
      .to.not.match(/<script(?![^>]*\bsrc=)[^>]*>/)
      .and.not.match(/\sstyle=|<style|\son\w+=/);
    await request(env.app)
      .get('/saml/assets/saml.css')
      .expect(200)
      .expect('content-type', /text\/css/);
    await request(env.app)
      .get('/saml/assets/copy.js')
      .expect(200)
      .expect('content-type', /javascript/);
  });

  it('loads IdP metadata as XML, JSON or a form, and answers its summary', async function () {
    const xml = await env.loadIdp();
    expect(xml.body).to.include({ entityId: IDP.entityId, ssoUrl: IDP.ssoUrl });
    expect(xml.body.certificates[0]).to.have.keys([
      'subject',
      'notBefore',
      'notAfter',
      'sha256Fingerprint',
      'daysToExpiry',
    ]);
    expect(xml.body.nameIdFormats).to.deep.equal(['urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress']);
    await request(env.app).post('/saml/idp').send({ metadataXml: env.metadata }).expect(200);
    await request(env.app)
      .post('/saml/idp')
      .type('form')
      .send({ metadataXml: env.metadata })
      .expect(303)
      .expect('location', '/saml?loaded=1');
    const page = await request(env.app).get('/saml?loaded=1').expect(200);
    expect(page.text).to.include('IdP metadata loaded').and.include(IDP.entityId).and.include('Test sign-in');
  });

  it('answers bad metadata input with a 4xx JSON error that says what to fix', async function () {
    const refused = await request(env.app)
      .post('/saml/idp')
      .send({ metadataUrl: 'http://example.okta.com/metadata' })
      .expect(400);
    expectErrorShape(refused.body, 400, 'SAML_METADATA_URL_REFUSED');
    const local = await request(env.app)
      .post('/saml/idp')
      .send({ metadataUrl: 'https://127.0.0.1/metadata' })
      .expect(400);
    expect(local.body.error.message).to.match(/SAML_ALLOW_PRIVATE_METADATA/);
    expectErrorShape(
      (await request(env.app).post('/saml/idp').set('content-type', 'text/xml').send('<nope').expect(422))
        .body,
      422,
      'SAML_METADATA_INVALID',
    );
    expectErrorShape(
      (
        await request(env.app)
          .post('/saml/idp')
          .send({ metadataXml: env.metadata, metadataUrl: 'https://x' })
          .expect(400)
      ).body,
      400,
      'INVALID_REQUEST',
    );
    expectErrorShape(
      (await request(env.app).post('/saml/idp').send({ metadata: 'x' }).expect(400)).body,
      400,
      'INVALID_REQUEST',
    );
    expectErrorShape(
      (await request(env.app).post('/saml/idp').set('content-type', 'text/plain').send('x').expect(415)).body,
      415,
      'UNSUPPORTED_MEDIA_TYPE',
    );
    const page = await request(env.app)
      .post('/saml/idp')
      .type('form')
      .send({ metadataXml: '<nope' })
      .expect(422)
      .expect('content-type', /html/);
    expect(page.text).to.include('That did not work').and.include('not well-formed');
  });

  it('refuses to load metadata from a form on another site', async function () {
    const res = await request(env.app)
      .post('/saml/idp')
      .set('origin', 'https://evil.example.com')
      .type('form')
      .send({ metadataXml: env.metadata })
      .set('accept', 'application/json')
      .expect(403);
    expectErrorShape(res.body, 403, 'CROSS_SITE_REQUEST');
    await request(env.app)
      .post('/saml/idp')
      .set('sec-fetch-site', 'cross-site')
      .send({ metadataXml: env.metadata })
      .expect(403);
    await request(env.app)
      .post('/saml/idp')
      .set('sec-fetch-site', 'same-origin')
      .set('origin', 'null')
      .send({ metadataXml: env.metadata })
      .expect(200);
    await request(env.app)
      .post('/saml/idp')
      .set('origin', 'https://rally-okta.example.com')
      .send({ metadataXml: env.metadata })
      .expect(200);
  });
});

import { expect } from 'chai';
import request from 'supertest';
import { parseIdpMetadata, validateSamlResponse, validationIdp } from '../../saml/index.js';
import { createSignedXml } from '../../saml/xml/c14n11.js';
import { check, createFixture, failing, SP, type SamlFixture } from './helpers/fixture.js';
import { idpMetadataXml } from './helpers/idp-metadata.js';
import { makeTestCertificate, type TestKeyPair } from './helpers/keys.js';
import { expectErrorShape, IDP, routeEnv } from './helpers/route-env.js';
import { OKTA_ISSUER } from './helpers/build-response.js';

const NO_SSO = /<md:SingleSignOnService [^>]*\/>/g;

/** Signs metadata as an IdP would: an enveloped signature first in the EntityDescriptor. */
function signMetadata(xml: string, key: TestKeyPair, algorithm: 'sha256' | 'sha1' = 'sha256'): string {
  const withId = xml.replace('<md:EntityDescriptor ', '<md:EntityDescriptor ID="_md1" ');
  const sig = createSignedXml({
    privateKey: key.keyPem,
    publicCert: key.certPem,
    signatureAlgorithm:
      algorithm === 'sha1'
        ? 'http://www.w3.org/2000/09/xmldsig#rsa-sha1'
        : 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256',
    canonicalizationAlgorithm: 'http://www.w3.org/2001/10/xml-exc-c14n#',
  });
  sig.addReference({
    xpath: "/*[local-name(.)='EntityDescriptor']",
    transforms: [
      'http://www.w3.org/2000/09/xmldsig#enveloped-signature',
      'http://www.w3.org/2001/10/xml-exc-c14n#',
    ],
    digestAlgorithm:
      algorithm === 'sha1'
        ? 'http://www.w3.org/2000/09/xmldsig#sha1'
        : 'http://www.w3.org/2001/04/xmlenc#sha256',
  });
  sig.computeSignature(withId, {
    prefix: 'ds',
    location: { reference: "/*[local-name(.)='EntityDescriptor']", action: 'prepend' },
  });
  return sig.getSignedXml();
}

describe('SAML IdP metadata checks', function () {
  let f: SamlFixture;
  let other: TestKeyPair;
  let metadata: string;
  before(async function () {
    [f, other] = await Promise.all([createFixture(), makeTestCertificate({ days: 365, cn: 'attacker' })]);
    metadata = idpMetadataXml({
      entityId: OKTA_ISSUER,
      ssoUrl: 'https://example.okta.com/sso',
      certPem: f.key.certPem,
    });
  });
  const withMetadata = (xml: string) =>
    validateSamlResponse(f.response(), {
      idp: validationIdp(parseIdpMetadata(xml)),
      sp: SP,
      at: f.issued,
      now: f.issued,
    });

  it('reports unsigned metadata without failing, and skips the metadata checks for a bare certificate', async function () {
    const r = await withMetadata(metadata);
    expect(failing(r)).to.deep.equal([]);
    expect(check(r, 'metadata-signature')).to.include({ status: 'skip' });
    expect(check(r, 'metadata-signature').message).to.match(/not signed/);
    expect(check(r, 'metadata-algorithms').status).to.equal('pass');
    expect(check(r, 'sso-service')).to.include({ status: 'pass', actual: 'https://example.okta.com/sso' });
    const bare = await f.validate();
    for (const id of ['metadata-signature', 'metadata-algorithms', 'sso-service'])
      expect(check(bare, id).status, id).to.equal('skip');
  });

  it('verifies signed metadata, and fails metadata altered after signing or signed with another key', async function () {
    const signed = signMetadata(metadata, f.key);
    const good = await withMetadata(signed);
    expect(check(good, 'metadata-signature')).to.include({ status: 'pass' });
    expect(check(good, 'metadata-algorithms').actual).to.include('metadata signed with rsa-sha256, sha256');
    expect(good.valid).to.equal(true);

    const byOther = await withMetadata(signMetadata(metadata, other));
    expect(check(byOther, 'metadata-signature').status).to.equal('fail');
    expect(byOther.valid).to.equal(false);

    const altered = await withMetadata(
      signed.replace('https://example.okta.com/sso', 'https://evil.example.com/sso'),
    );
    expect(check(altered, 'metadata-signature').status).to.equal('fail');
    expect(altered.valid).to.equal(false);
  });

  it('warns on SHA-1 metadata signatures and on an IdP that wants signed AuthnRequests', async function () {
    const sha1 = await withMetadata(signMetadata(metadata, f.key, 'sha1'));
    expect(check(sha1, 'metadata-signature').status).to.equal('pass');
    expect(check(sha1, 'metadata-algorithms')).to.include({ status: 'warn' });
    expect(check(sha1, 'metadata-algorithms').message).to.match(/SHA-1/);
    const wants = await withMetadata(
      metadata.replace('WantAuthnRequestsSigned="false"', 'WantAuthnRequestsSigned="true"'),
    );
    expect(check(wants, 'metadata-algorithms')).to.include({ status: 'warn' });
    expect(check(wants, 'metadata-algorithms').fix).to.include('Signed Requests');
  });

  it('warns, naming the Okta field, when the metadata has no SingleSignOnService', async function () {
    const r = await withMetadata(metadata.replace(NO_SSO, ''));
    expect(failing(r)).to.deep.equal([]);
    expect(r.valid).to.equal(true);
    expect(check(r, 'sso-service')).to.include({ status: 'warn' });
    expect(check(r, 'sso-service').message).to.match(/SP-initiated test sign-in cannot start/);
    expect(check(r, 'sso-service').fix).to.include('Identity Provider Single Sign-On URL');
  });
});

describe('SAML routes with metadata lacking a SingleSignOnService', function () {
  const env = routeEnv();

  it('POST /saml/validate gives the full report with the sso-service warning', async function () {
    const res = await request(env.app)
      .post('/saml/validate')
      .send({ samlResponse: env.response(), idpMetadataXml: env.metadata.replace(NO_SSO, '') })
      .expect(200);
    expect(res.body.valid).to.equal(true);
    const sso = res.body.checks.find((c: { id: string }) => c.id === 'sso-service');
    expect(sso).to.include({ status: 'warn' });
  });

  it('POST /saml/idp loads it with the warning; GET /saml/login refuses with the same explanation', async function () {
    const loaded = await request(env.app)
      .post('/saml/idp')
      .set('content-type', 'application/samlmetadata+xml')
      .send(env.metadata.replace(NO_SSO, ''))
      .expect(200);
    expect(loaded.body.ssoUrl).to.equal(null);
    const warning = (loaded.body.warnings as string[]).find((w) => /SingleSignOnService/.test(w));
    expect(warning).to.be.a('string');
    const login = await request(env.app).get('/saml/login').set('accept', 'application/json').expect(422);
    expectErrorShape(login.body, 422, 'SAML_METADATA_INVALID');
    expect(warning).to.equal(login.body.error.message);
    const page = await request(env.app).get('/saml').expect(200);
    expect(page.text).to.include('id="no-sso"').and.not.include('id="test-sign-in"');
    // The IdP-initiated path still works against the loaded IdP.
    const acs = await request(env.app)
      .post('/saml/acs')
      .set('accept', 'application/json')
      .type('form')
      .send({ SAMLResponse: env.response() })
      .expect(200);
    expect(acs.body.valid).to.equal(true);
  });

  it('POST /saml/idp refuses signed metadata whose signature does not verify', async function () {
    const attacker = await makeTestCertificate({ days: 30, cn: 'attacker' });
    const res = await request(env.app)
      .post('/saml/idp')
      .send({ metadataXml: signMetadata(idpMetadataXml({ ...IDP, certPem: env.key.certPem }), attacker) })
      .expect(422);
    expectErrorShape(res.body, 422, 'SAML_METADATA_INVALID');
    expect(res.body.error.message).to.match(/signature does not verify/);
  });
});

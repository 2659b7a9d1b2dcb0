import { expect } from 'chai';
import { readCertificate } from '../../saml/index.js';
import { OKTA_ISSUER } from './helpers/build-response.js';
import { check, createFixture, failing } from './helpers/fixture.js';
import { makeTestCertificate } from './helpers/keys.js';

describe('SAML certificate-expiry', function () {
  it('fails once the signing certificate has expired at the evaluation time', async function () {
    const f = await createFixture(30);
    const later = new Date(f.issued.getTime() + 40 * 86_400_000);
    const r = await f.validate({ issueInstant: later }, { at: later, now: later });
    expect(failing(r)).to.deep.equal(['certificate-expiry']);
    expect(check(r, 'certificate-expiry').fix).to.match(/SAML Signing Certificates/);
  });

  it('warns within 60 days of expiry', async function () {
    const f = await createFixture(30);
    const r = await f.validate();
    expect(failing(r)).to.deep.equal([]);
    expect(check(r, 'certificate-expiry').status).to.equal('warn');
    expect(check(r, 'certificate-expiry').message).to.match(/expires in (29|30) days/);
  });
});

describe('SAML signing-certificate rotation', function () {
  it('verifies with any configured certificate and judges the one KeyInfo names', async function () {
    const f = await createFixture(3650);
    const retiring = await makeTestCertificate({ days: 10, cn: 'retiring' });
    const certificates = [readCertificate(retiring.certPem), readCertificate(f.key.certPem)];
    const r = await f.validate({}, { idp: { certificates, entityId: OKTA_ISSUER } });
    expect(failing(r)).to.deep.equal([]);
    expect(check(r, 'certificate-expiry').status).to.equal('pass');
    expect(check(r, 'signature').message).to.include(certificates[1]!.sha256Fingerprint);
  });
});

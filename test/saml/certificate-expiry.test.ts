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

  it('judges the certificate that verified, not the one an unsigned KeyInfo names', async function () {
    // Signed with the retiring (expired) key, KeyInfo swapped for the current certificate.
    const f = await createFixture(3650);
    const retiring = await makeTestCertificate({ days: 10, cn: 'retiring' });
    const certificates = [readCertificate(retiring.certPem), readCertificate(f.key.certPem)];
    const later = new Date(f.issued.getTime() + 20 * 86_400_000);
    const r = await f.validate(
      { key: { keyPem: retiring.keyPem, certPem: f.key.certPem }, issueInstant: later },
      { idp: { certificates, entityId: OKTA_ISSUER }, at: later, now: later },
    );
    expect(failing(r)).to.deep.equal(['certificate-expiry']);
    expect(r.valid).to.equal(false);
    expect(check(r, 'certificate-expiry').message).to.match(/CN=retiring.* expired on/);
    expect(check(r, 'signature').message)
      .to.include(certificates[0]!.sha256Fingerprint)
      .and.not.include(certificates[1]!.sha256Fingerprint);
  });

  it('verifies with the certificate KeyInfo names only when it really signed', async function () {
    const f = await createFixture(3650);
    const other = await makeTestCertificate({ days: 3650, cn: 'other' });
    const certificates = [readCertificate(f.key.certPem), readCertificate(other.certPem)];
    // KeyInfo names `other`, the signature is by the fixture's key: it verifies with the first.
    const r = await f.validate(
      { key: { keyPem: f.key.keyPem, certPem: other.certPem } },
      { idp: { certificates, entityId: OKTA_ISSUER } },
    );
    expect(failing(r)).to.deep.equal([]);
    expect(check(r, 'signature').message).to.include(certificates[0]!.sha256Fingerprint);
  });
});

import { createPublicKey } from 'node:crypto';
import { promisify } from 'node:util';
import { expect } from 'chai';
import xmlenc from 'xml-encryption';
import { check, createFixture, failing, type SamlFixture } from './helpers/fixture.js';
import { makeTestCertificate, type TestKeyPair } from './helpers/keys.js';

const encrypt = promisify(xmlenc.encrypt).bind(xmlenc) as (
  content: string,
  options: Parameters<typeof xmlenc.encrypt>[1],
) => Promise<string>;

/** An EncryptedID as an IdP builds it for the SP's encryption certificate (SAML core §2.2.4). */
async function encryptedId(sp: TestKeyPair, nameId: string): Promise<string> {
  const encrypted = await encrypt(
    `<saml2:NameID xmlns:saml2="urn:oasis:names:tc:SAML:2.0:assertion" Format="urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress">${nameId}</saml2:NameID>`,
    {
      rsa_pub: createPublicKey(sp.certPem).export({ type: 'spki', format: 'pem' }).toString(),
      pem: sp.certPem,
      encryptionAlgorithm: 'http://www.w3.org/2001/04/xmlenc#aes256-cbc',
      keyEncryptionAlgorithm: 'http://www.w3.org/2001/04/xmlenc#rsa-oaep-mgf1p',
    },
  );
  return `<saml2:EncryptedID>${encrypted}</saml2:EncryptedID>`;
}

describe('SAML encrypted NameID and session lifetime (responses generated and signed in-process)', function () {
  let f: SamlFixture;
  let sp: TestKeyPair;
  let other: TestKeyPair;
  before(async function () {
    [f, sp, other] = await Promise.all([
      createFixture(),
      makeTestCertificate({ days: 365, cn: 'sp' }),
      makeTestCertificate({ days: 365, cn: 'other-sp' }),
    ]);
  });

  it('decrypts an EncryptedID with the SP key and reports its value', async function () {
    const subjectId = await encryptedId(sp, 'grace@example.com');
    const r = await f.validate(
      { subjectId, attributes: { firstName: 'Grace', lastName: 'Hopper', email: 'grace@example.com' } },
      { decryptionKey: sp.keyPem },
    );
    expect(failing(r)).to.deep.equal([]);
    expect(check(r, 'encrypted-nameid')).to.include({ status: 'pass' });
    expect(check(r, 'encrypted-nameid').message).to.include('grace@example.com');
    expect(check(r, 'nameid')).to.include({ status: 'pass', actual: 'grace@example.com' });
    expect(check(r, 'nameid-format').status).to.equal('pass');
    expect(r.subject.nameId).to.equal('grace@example.com');
    expect(r.valid).to.equal(true);
  });

  it('fails encrypted-nameid without the key, or with another key, and reports no subject', async function () {
    const subjectId = await encryptedId(sp, 'grace@example.com');
    for (const opts of [{}, { decryptionKey: other.keyPem }]) {
      const r = await f.validate({ subjectId }, opts);
      expect(check(r, 'encrypted-nameid').status).to.equal('fail');
      expect(check(r, 'encrypted-nameid').fix).to.include('Encryption Certificate');
      expect(check(r, 'nameid').status).to.equal('fail');
      expect(r.subject.nameId).to.equal(null);
      expect(r.valid).to.equal(false);
    }
    expect(check(await f.validate(), 'encrypted-nameid').status).to.equal('skip');
  });

  it('reports SessionNotOnOrAfter, and warns when it is past or very short', async function () {
    const at = f.issued.getTime();
    const none = await f.validate();
    expect(check(none, 'session-lifetime')).to.include({ status: 'pass' });
    expect(check(none, 'session-lifetime').message).to.match(/No SessionNotOnOrAfter/);
    const long = await f.validate({ sessionNotOnOrAfter: new Date(at + 8 * 3_600_000) });
    expect(check(long, 'session-lifetime')).to.include({
      status: 'pass',
      actual: new Date(at + 8 * 3_600_000).toISOString(),
    });
    const expired = await f.validate({ sessionNotOnOrAfter: new Date(at - 10 * 60_000) });
    expect(check(expired, 'session-lifetime').status).to.equal('warn');
    expect(check(expired, 'session-lifetime').message).to.match(/before the response was checked/);
    expect(failing(expired)).to.deep.equal([]);
    const short = await f.validate({ sessionNotOnOrAfter: new Date(at + 5 * 60_000) });
    expect(check(short, 'session-lifetime').status).to.equal('warn');
    expect(check(short, 'session-lifetime').message).to.match(/very short/);
  });
});

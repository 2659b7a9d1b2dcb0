import { deflateRawSync } from 'node:zlib';
import { expect } from 'chai';
import { readCertificate, validateSamlResponse } from '../../saml/index.js';
import { buildResponse, OKTA_ISSUER, toBase64 } from './helpers/build-response.js';
import { corpusOptions, corpusResponse, loadManifest } from './helpers/corpus.js';
import { check, createFixture, failing, SP, type SamlFixture } from './helpers/fixture.js';
import { makeTestCertificate } from './helpers/keys.js';

describe('SAML hostile input', function () {
  let f: SamlFixture;
  before(async function () {
    f = await createFixture();
  });
  const validateXml = (xml: string) =>
    validateSamlResponse(toBase64(xml), {
      idp: { certificates: [readCertificate(f.key.certPem)], entityId: OKTA_ISSUER },
      sp: SP,
      at: f.issued,
      now: f.issued,
    });
  const signed = (nameId = 'ada@example.com.evil.test') =>
    Buffer.from(f.response({ nameId }), 'base64').toString('utf8');

  it('rejects a comment spliced into a signed NameID (CVE-2018-7340)', async function () {
    const xml = signed().replace('ada@example.com.evil.test<', 'ada@example.com<!---->.evil.test<');
    const r = await validateXml(xml);
    expect(failing(r)).to.include('xml');
    expect(check(r, 'xml').message).to.match(/comment inside <NameID>/);
    expect(r.subject.nameId).to.equal(null);
  });

  it('rejects a processing instruction spliced into a signed NameID', async function () {
    const xml = signed().replace('ada@example.com.evil.test<', 'ada@example.com<?x y?>.evil.test<');
    const r = await validateXml(xml);
    expect(check(r, 'xml').message).to.match(/processing instruction inside <NameID>/);
    expect(r.valid).to.equal(false);
  });

  it('rejects both comment variants of the real Google response (crewjam TestSPRejectsInjectedComment)', async function () {
    const c = loadManifest().find((x) => x.id === 'crewjam-google-response')!;
    const xml = Buffer.from(corpusResponse(c), 'base64').toString('utf8');
    for (const replacement of [
      'ross@<!-- and a comment -->octolabs.io',
      'ross@octolabs.io<!-- and a comment -->.example.com',
    ]) {
      const edited = xml.replace('ross@octolabs.io', replacement);
      expect(edited).to.not.equal(xml);
      const r = await validateSamlResponse(toBase64(edited), corpusOptions(c, new Date()));
      expect(r.valid, replacement).to.equal(false);
      expect(r.subject.nameId).to.equal(null);
    }
  });

  it('refuses a DOCTYPE (no entity is ever expanded or fetched)', async function () {
    const xml = `<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]>${signed().replace('ada@example.com.evil.test', '&x;')}`;
    const r = await validateXml(xml);
    expect(failing(r)).to.deep.equal(['xml']);
    expect(check(r, 'xml').message).to.match(/DOCTYPE/);
  });

  it('refuses a second root element', async function () {
    const r = await validateXml(
      `${signed()}<saml2p:Response xmlns:saml2p="urn:oasis:names:tc:SAML:2.0:protocol"/>`,
    );
    expect(failing(r)).to.deep.equal(['xml']);
  });

  it('refuses oversized input, raw or as a DEFLATE bomb', async function () {
    const big = signed().replace('</saml2p:Response>', `<!--${'x'.repeat(300_000)}--></saml2p:Response>`);
    expect(check(await validateXml(big), 'xml').message).to.match(/at most 262144 bytes/);
    const bomb = deflateRawSync(Buffer.from(`<r>${' '.repeat(20_000_000)}</r>`)).toString('base64');
    const r = await validateSamlResponse(bomb, {
      idp: { certificates: [readCertificate(f.key.certPem)] },
      sp: SP,
      at: f.issued,
      now: f.issued,
    });
    expect(failing(r)).to.deep.equal(['xml']);
  });

  it('refuses a wrapped response carrying an extra, unsigned assertion', async function () {
    const xml = signed('ada@example.com');
    const evil = xml
      .match(/<saml2:Assertion[\s\S]*<\/saml2:Assertion>/)![0]
      .replace(/<ds:Signature[\s\S]*?<\/ds:Signature>/, '')
      .replace('ada@example.com</', 'eve@example.com</')
      .replace(/ID="[^"]+"/, 'ID="_evil"');
    const r = await validateXml(xml.replace('<saml2:Assertion ', `${evil}<saml2:Assertion `));
    // Nothing is verified with two assertions, and an unverified response fails signature too.
    expect(failing(r)).to.deep.equal(['signature', 'assertion-count']);
    expect(r.valid).to.equal(false);
    expect(r.subject.nameId).to.equal(null);
  });

  it('refuses an unsigned response with an Assertion in a foreign namespace beside it', async function () {
    // node-saml counts assertions by local name and stops at "multiple assertions"; counting by
    // namespace saw one, every other check skipped, and the response came out valid.
    const unsigned = Buffer.from(
      f.response({ sign: { response: false, assertion: false } }),
      'base64',
    ).toString('utf8');
    const xml = unsigned.replace('</saml2p:Response>', '<x:Assertion xmlns:x="urn:evil"/></saml2p:Response>');
    const r = await validateXml(xml);
    expect(r.valid).to.equal(false);
    expect(failing(r)).to.include.members(['signature', 'assertion-count']);
    expect(check(r, 'assertion-count').actual).to.include('1 in another namespace (x:Assertion)');
    expect(r.subject.nameId).to.equal(null);
    // The same with the real assertion signed: still never verified, never valid.
    const signedToo = signed('ada@example.com').replace(
      '</saml2p:Response>',
      '<x:EncryptedAssertion xmlns:x="urn:evil"/></saml2p:Response>',
    );
    const s = await validateXml(signedToo);
    expect(s.valid).to.equal(false);
    expect(failing(s)).to.include.members(['signature', 'assertion-count']);
  });

  it('fails signature, not skips it, whenever nothing was verified', async function () {
    const xml = signed('ada@example.com').replace(/<saml2:Assertion[\s\S]*<\/saml2:Assertion>/, '');
    const r = await validateXml(xml);
    expect(r.valid).to.equal(false);
    expect(check(r, 'signature').status).to.equal('fail');
    expect(check(r, 'signature').message).to.match(/^Not verified/);
  });

  it('refuses signature wrapping that moves the signed assertion and reuses its ID', async function () {
    const xml = signed('ada@example.com');
    const original = xml.match(/<saml2:Assertion[\s\S]*<\/saml2:Assertion>/)![0];
    const evil = original
      .replace(/<ds:Signature[\s\S]*?<\/ds:Signature>/, '')
      .replace('ada@example.com</', 'eve@example.com</');
    const wrapped = xml
      .replace(original, `${evil}`)
      .replace('<saml2p:Status>', `<saml2p:Extensions>${original}</saml2p:Extensions><saml2p:Status>`);
    const r = await validateXml(wrapped);
    expect(r.valid).to.equal(false);
    expect(failing(r)).to.include.oneOf(['signature', 'assertion-count']);
    expect(r.subject.nameId).to.equal(null);
  });

  it('refuses a response re-signed by another key (its certificate in KeyInfo is ignored)', async function () {
    const attacker = await makeTestCertificate({ days: 30, cn: 'attacker' });
    const xml = buildResponse({
      key: attacker,
      acsUrl: SP.acsUrl,
      spEntityId: SP.entityId,
      issueInstant: f.issued,
    });
    const r = await validateXml(xml);
    expect(failing(r)).to.deep.equal(['signature']);
    expect(r.subject.nameId).to.equal(null);
  });
});

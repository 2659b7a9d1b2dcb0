import { DOMParser } from '@xmldom/xmldom';
import { expect } from 'chai';
import { validateSamlResponse, readCertificate } from '../../saml/index.js';
import { C14N11, C14n11Canonicalization, C14n11CanonicalizationWithComments } from '../../saml/xml/c14n11.js';
import { joinUriReferences } from '../../saml/xml/join-uri-references.js';
import { OKTA_ISSUER, toBase64, buildResponse } from './helpers/build-response.js';
import { check, createFixture, SP, type SamlFixture } from './helpers/fixture.js';

const DOC = `<a xmlns="urn:a" xml:lang="en" xml:space="preserve" xml:id="top" xml:base="http://example.com/x/"><b xml:base="y/"><c attr="1">t<!--note--></c><d xml:lang="fr">u</d></b></a>`;

function canonical(xml: string, localName: string, withComments = false): string {
  const doc = new DOMParser().parseFromString(xml, 'text/xml');
  const el = doc.getElementsByTagNameNS('*', localName).item(0)!;
  const c14n = withComments ? new C14n11CanonicalizationWithComments() : new C14n11Canonicalization();
  return c14n.process(el as unknown as Node, {});
}

/** Canonical XML 1.1 §2.4: what a document subset's apex gets from the ancestors left out. */
describe('Canonical XML 1.1', function () {
  it('inherits xml:lang and xml:space, not xml:id, and fixes up xml:base on the apex', function () {
    expect(canonical(DOC, 'c')).to.equal(
      '<c xmlns="urn:a" attr="1" xml:base="http://example.com/x/y/" xml:lang="en" xml:space="preserve">t</c>',
    );
    expect(canonical(DOC, 'c', true)).to.equal(
      '<c xmlns="urn:a" attr="1" xml:base="http://example.com/x/y/" xml:lang="en" xml:space="preserve">t<!--note--></c>',
    );
  });

  it("keeps the apex's own xml:lang and renders nothing extra on a whole document", function () {
    expect(canonical(DOC, 'd')).to.equal(
      '<d xmlns="urn:a" xml:base="http://example.com/x/y/" xml:lang="fr" xml:space="preserve">u</d>',
    );
    expect(canonical('<a xml:lang="en"><b>t</b></a>', 'a')).to.equal('<a xml:lang="en"><b>t</b></a>');
    // Descendants inside the subset are untouched: they inherit by the ordinary XML rules.
    expect(canonical(DOC, 'b')).to.equal(
      '<b xmlns="urn:a" xml:base="http://example.com/x/y/" xml:lang="en" xml:space="preserve"><c attr="1">t</c><d xml:lang="fr">u</d></b>',
    );
  });

  it('joins xml:base references as join-URI-References does', function () {
    expect(joinUriReferences('http://example.com/a/b', '../c')).to.equal('http://example.com/c');
    expect(joinUriReferences('a/b/', 'c')).to.equal('a/b/c');
    expect(joinUriReferences('a/b/', '../c')).to.equal('a/c');
    expect(joinUriReferences('../a/', '../../b')).to.equal('../../b');
    expect(joinUriReferences('a/', 'b/..')).to.equal('a/');
    expect(joinUriReferences('a/b', '')).to.equal('a/b');
    expect(joinUriReferences('a/b', 'urn:x')).to.equal('urn:x');
  });

  describe('in signed responses', function () {
    let f: SamlFixture;
    const lang = 'xml:lang="en" xml:id="resp-lang"';
    before(async function () {
      f = await createFixture();
    });
    const validate = (xml: string) =>
      validateSamlResponse(toBase64(xml), {
        idp: { certificates: [readCertificate(f.key.certPem)], entityId: OKTA_ISSUER },
        sp: SP,
        at: f.issued,
        now: f.issued,
      });
    const assertionOnly = () =>
      buildResponse({
        key: f.key,
        acsUrl: SP.acsUrl,
        spEntityId: SP.entityId,
        issueInstant: f.issued,
        c14n: C14N11,
        responseAttributes: lang,
        sign: { response: false },
      });

    it('verifies both signatures of a doubly signed C14N 1.1 response', async function () {
      const r = await f.validate({ c14n: C14N11, responseAttributes: lang });
      expect(check(r, 'signature').status, check(r, 'signature').message).to.equal('pass');
      expect(r.valid).to.equal(true);
    });

    it("covers the xml:lang an assertion inherits from the Response, and not the Response's xml:id", async function () {
      const xml = assertionOnly();
      expect(check(await validate(xml), 'signature').status).to.equal('pass');
      const relabelled = await validate(xml.replace('xml:lang="en"', 'xml:lang="de"'));
      expect(check(relabelled, 'signature').status).to.equal('fail');
      expect(relabelled.valid).to.equal(false);
      const renamed = await validate(xml.replace('xml:id="resp-lang"', 'xml:id="other"'));
      expect(check(renamed, 'signature').status).to.equal('pass');
    });

    it('refuses a C14N 1.1 signature whose reference ID is carried by a second element', async function () {
      const xml = assertionOnly();
      const id = /<saml2:Assertion [^>]*ID="([^"]+)"/.exec(xml)![1]!;
      const wrapped = xml.replace(
        '<saml2p:Status>',
        `<saml2p:Extensions><x xmlns="urn:x" ID="${id}"/></saml2p:Extensions><saml2p:Status>`,
      );
      const r = await validate(wrapped);
      expect(check(r, 'signature').status).to.equal('fail');
      expect(check(r, 'signature').message).to.match(/Signature wrapping/);
    });

    it('fails signature for a tampered C14N 1.1 response', async function () {
      const xml = buildResponse({
        key: f.key,
        acsUrl: SP.acsUrl,
        spEntityId: SP.entityId,
        issueInstant: f.issued,
        c14n: C14N11,
      });
      const r = await validate(
        xml.replace('ada@example.com</saml2:NameID>', 'eve@example.com</saml2:NameID>'),
      );
      expect(check(r, 'signature').status).to.equal('fail');
      expect(r.subject.nameId).to.equal(null);
    });
  });
});

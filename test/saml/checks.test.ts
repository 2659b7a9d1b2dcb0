import { expect } from 'chai';
import { CHECK_IDS, CHECKS, readCertificate, validateSamlResponse } from '../../saml/index.js';
import { OKTA_ISSUER } from './helpers/build-response.js';
import { check, createFixture, failing, memoryTracker, SP, type SamlFixture } from './helpers/fixture.js';

describe('SAML checks, each failing on its own (responses signed in-process)', function () {
  let f: SamlFixture;
  before(async function () {
    f = await createFixture();
  });

  it('lists the checks in the stable report order', function () {
    expect(CHECKS.map(([id]) => id)).to.deep.equal([...CHECK_IDS]);
  });

  it('passes an Okta-shaped, doubly signed response', async function () {
    const r = await f.validate();
    expect(failing(r)).to.deep.equal([]);
    expect(r.valid).to.equal(true);
    expect(r.checks.filter((c) => c.status === 'warn')).to.deep.equal([]);
    expect(r.subject).to.deep.equal({
      nameId: 'ada@example.com',
      nameIdFormat: 'urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress',
      attributes: { firstName: ['Ada'], lastName: ['Lovelace'], email: ['ada@example.com'] },
    });
    expect(r.idpInitiated).to.equal(true);
  });

  const cases: Array<
    [string, string, Parameters<SamlFixture['validate']>[0], Parameters<SamlFixture['validate']>[1]?, RegExp?]
  > = [
    [
      'wrong audience',
      'audience',
      { audience: 'https://other.example.com/sp' },
      {},
      /Audience URI \(SP Entity ID\)/,
    ],
    [
      'wrong Destination',
      'destination',
      { destination: 'https://other.example.com/acs' },
      {},
      /Single sign-on URL/,
    ],
    [
      'wrong Recipient',
      'recipient',
      { recipient: 'https://other.example.com/acs' },
      {},
      /Single sign-on URL/,
    ],
    [
      'wrong Issuer',
      'issuer',
      { issuer: 'http://www.okta.com/exkSOMEONEELSE' },
      {},
      /Identity Provider Issuer/,
    ],
    ['missing bearer NotOnOrAfter', 'subject-confirmation', { scdNotOnOrAfter: null }],
    ['missing NameID', 'nameid', { nameId: null }, {}, /Application username/],
    [
      'unspecified NameID format',
      'nameid-format',
      { nameIdFormat: 'urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified' },
      {},
      /Name ID format/,
    ],
    [
      'non-email NameID',
      'rally-username',
      {
        nameId: 'ada.lovelace',
        attributes: { firstName: 'Ada', lastName: 'Lovelace', email: 'ada@example.com' },
      },
      {},
      /Application username/,
    ],
    [
      'missing Rally attributes',
      'rally-attributes',
      { attributes: { FirstName: 'Ada', lastName: 'Lovelace' } },
      {},
      /Attribute Statements/,
    ],
    [
      'a failure status',
      'status',
      { status: 'urn:oasis:names:tc:SAML:2.0:status:Responder' },
      {},
      /System Log/,
    ],
    [
      'an unknown request ID',
      'in-response-to',
      { inResponseTo: '_not-ours' },
      { requestId: '_ours' },
      /Test sign-in/,
    ],
  ];
  for (const [title, id, spec, opts, fix] of cases) {
    it(`fails only ${id} for ${title}`, async function () {
      const r = await f.validate(spec, opts);
      expect(failing(r)).to.deep.equal([id]);
      expect(r.valid).to.equal(false);
      if (fix) expect(check(r, id).fix).to.match(fix);
    });
  }

  it('fails only time-window once expired, and reports the measured skew', async function () {
    const r = await f.validate({}, { at: new Date(f.issued.getTime() + 10 * 60_000) });
    expect(failing(r)).to.deep.equal(['time-window']);
    expect(check(r, 'time-window').message)
      .to.match(/Expired: Conditions NotOnOrAfter .* 5 min before/)
      .and.match(/measured skew \+10 min/);
  });

  it('fails only time-window when not yet valid (the IdP clock is ahead)', async function () {
    const r = await f.validate({ issueInstant: new Date(f.issued.getTime() + 8 * 60_000) });
    expect(failing(r)).to.deep.equal(['time-window']);
    expect(check(r, 'time-window').message)
      .to.match(/Not yet valid/)
      .and.match(/ahead of this one/);
  });

  it('fails only time-window when the assertion is valid for longer than replays are remembered', async function () {
    const r = await f.validate({ notOnOrAfter: new Date(f.issued.getTime() + 2 * 86_400_000) });
    expect(failing(r)).to.deep.equal(['time-window']);
    expect(check(r, 'time-window').message).to.match(
      /valid for 2 days .*longer than the 24 h this helper remembers an assertion ID/,
    );
    expect(check(r, 'time-window').fix).to.match(/valid for ten minutes/);
    // A day exactly is still accepted (Conditions NotBefore is five minutes before IssueInstant).
    const day = await f.validate({ notOnOrAfter: new Date(f.issued.getTime() + 86_400_000 - 300_000) });
    expect(failing(day)).to.deep.equal([]);
  });

  it('remembers an accepted assertion ID until its NotOnOrAfter, so a late replay is refused', async function () {
    let clock = f.issued;
    const tracker = memoryTracker(() => clock);
    const spec = {
      assertionId: '_long-lived',
      notOnOrAfter: new Date(f.issued.getTime() + 86_400_000 - 300_000),
    };
    expect(failing(await f.validate(spec, { tracker }))).to.deep.equal([]);
    clock = new Date(f.issued.getTime() + 86_400_000 - 360_000);
    expect(failing(await f.validate(spec, { tracker, at: clock, now: clock }))).to.deep.equal(['replay']);
  });

  it('accepts a small clock drift within the tolerance', async function () {
    const r = await f.validate({}, { at: new Date(f.issued.getTime() + 5 * 60_000 + 30_000) });
    expect(failing(r)).to.deep.equal([]);
  });

  it('warns on SHA-1 without failing', async function () {
    const r = await f.validate({ algorithm: 'sha1' });
    expect(failing(r)).to.deep.equal([]);
    expect(check(r, 'algorithms').status).to.equal('warn');
    expect(check(r, 'algorithms').fix).to.match(/RSA-SHA256/);
  });

  it('fails only signature for a response altered after signing, and trusts none of it', async function () {
    const tampered = Buffer.from(f.response(), 'base64')
      .toString('utf8')
      .replace('ada@example.com</saml2:NameID>', 'eve@example.com</saml2:NameID>');
    const r = await validateSamlResponse(Buffer.from(tampered).toString('base64'), {
      idp: { certificates: [readCertificate(f.key.certPem)], entityId: OKTA_ISSUER },
      sp: SP,
      at: f.issued,
      now: f.issued,
    });
    expect(failing(r)).to.deep.equal(['signature']);
    expect(r.subject.nameId).to.equal(null);
    const passed = r.checks.filter((c) => c.status === 'pass').map((c) => c.id);
    expect(passed).to.deep.equal(['xml', 'assertion-count', 'certificate-expiry']);
  });

  it('fails only signature for an unsigned response', async function () {
    const r = await f.validate({ sign: { response: false, assertion: false } });
    expect(failing(r)).to.deep.equal(['signature']);
  });

  it('passes a verified single signature and warns about the other in signature-coverage', async function () {
    const responseOnly = await f.validate({ sign: { assertion: false } });
    expect(failing(responseOnly)).to.deep.equal([]);
    expect(check(responseOnly, 'signature')).to.include({ status: 'pass' });
    expect(check(responseOnly, 'signature-coverage')).to.include({ status: 'warn' });
    expect(check(responseOnly, 'signature-coverage').fix).to.match(/Assertion Signature/);
    const assertionOnly = await f.validate({ sign: { response: false } });
    expect(failing(assertionOnly)).to.deep.equal([]);
    expect(check(assertionOnly, 'signature')).to.include({ status: 'pass' });
    expect(check(assertionOnly, 'signature-coverage')).to.include({ status: 'warn' });
    expect(check(assertionOnly, 'signature-coverage').fix).to.match(/“Response” to Signed/);
    expect(check(await f.validate(), 'signature-coverage')).to.include({ status: 'pass' });
    expect(check(assertionOnly, 'destination').status).to.equal('skip');
  });

  it('treats a signed request answer as SP-initiated and compares it', async function () {
    const r = await f.validate({ inResponseTo: '_req1' }, { requestId: '_req1' });
    expect(failing(r)).to.deep.equal([]);
    expect(r.idpInitiated).to.equal(false);
    const stateless = await f.validate({ inResponseTo: '_req1' });
    expect(check(stateless, 'in-response-to').status).to.equal('skip');
  });

  it('fails only replay when the same response comes back to the ACS', async function () {
    const tracker = memoryTracker(() => f.issued);
    await tracker.rememberRequest('_req2');
    const response = { inResponseTo: '_req2', assertionId: '_a-replayed', responseId: '_r-replayed' };
    const first = await f.validate(response, { tracker });
    expect(failing(first)).to.deep.equal([]);
    expect(check(first, 'replay').status).to.equal('pass');
    const second = await f.validate(response, { tracker });
    expect(failing(second)).to.deep.equal(['replay']);
    // A fresh assertion answering the same request is a replay of the request.
    const third = await f.validate({ inResponseTo: '_req2' }, { tracker });
    expect(failing(third)).to.deep.equal(['replay']);
  });

  it('accepts an IdP-initiated response at the ACS once, then reports the replay', async function () {
    const tracker = memoryTracker(() => f.issued);
    const spec = { assertionId: '_idp-initiated' };
    expect(failing(await f.validate(spec, { tracker }))).to.deep.equal([]);
    expect(failing(await f.validate(spec, { tracker }))).to.deep.equal(['replay']);
  });

  it('fails in-response-to for a request this helper never sent', async function () {
    const tracker = memoryTracker(() => f.issued);
    const r = await f.validate({ inResponseTo: '_forged' }, { tracker });
    expect(failing(r)).to.deep.equal(['in-response-to']);
  });

  it('checks the Rally user through the injected lookup', async function () {
    const missing = await f.validate({}, { rallyLookup: async () => ({ found: false }) });
    expect(failing(missing)).to.deep.equal(['rally-user']);
    expect(check(missing, 'rally-user').message).to.match(/provisioning has not pushed this user/);
    const disabled = await f.validate(
      {},
      { rallyLookup: async (u) => ({ found: true, disabled: true, userName: u }) },
    );
    expect(failing(disabled)).to.deep.equal(['rally-user']);
    const active = await f.validate(
      {},
      { rallyLookup: async (u) => ({ found: true, disabled: false, userName: u }) },
    );
    expect(check(active, 'rally-user').status).to.equal('pass');
    expect(check(await f.validate(), 'rally-user').status).to.equal('skip');
  });

  it('refuses an unreadable decryption key as an input error (SAML_KEY_INVALID)', async function () {
    const err = await f.validate({}, { decryptionKey: f.key.certPem }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).to.have.property('code', 'SAML_KEY_INVALID');
    expect(failing(await f.validate({}, { decryptionKey: f.key.keyPem }))).to.deep.equal([]);
  });

  it('fails only xml for input that is not a SAML response', async function () {
    const r = await validateSamlResponse('bm90IHhtbA==', {
      idp: { certificates: [readCertificate(f.key.certPem)] },
      sp: SP,
      at: f.issued,
      now: f.issued,
    });
    expect(failing(r)).to.deep.equal(['xml']);
    // Only the configured certificate can still be judged.
    const judged = r.checks.filter((c) => c.status !== 'skip').map((c) => c.id);
    expect(judged).to.deep.equal(['xml', 'certificate-expiry']);
  });
});

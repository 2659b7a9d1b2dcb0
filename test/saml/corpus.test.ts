import { expect } from 'chai';
import { CHECK_IDS, validateSamlResponse, type CheckId, type SamlReport } from '../../saml/index.js';
import {
  corpusMetadata,
  corpusOptions,
  corpusResponse,
  corpusText,
  loadManifest,
  type CorpusCase,
} from './helpers/corpus.js';

/** expectReason tag → the check ids that may report it (XSW surfaces as either). */
const REASON_CHECKS: Record<string, readonly CheckId[]> = {
  xsw: ['signature', 'assertion-count'],
  unsigned: ['signature'],
  'bad-signature': ['signature'],
  'untrusted-key': ['signature'],
  'tampered-signed-assertion': ['signature'],
  'disallowed-transforms': ['signature'],
  'malformed-xml': ['xml'],
  'malformed-datetime': ['time-window'],
  'wrong-destination': ['destination'],
  'wrong-issuer': ['issuer'],
  'missing-issuer': ['issuer'],
  'wrong-audience': ['audience'],
  expired: ['time-window'],
  'missing-conditions-notonorafter': ['time-window'],
  'missing-conditions-notbefore': ['time-window'],
  'missing-subjectconfirmation-notonorafter': ['subject-confirmation'],
  'status-not-success': ['status'],
  'inresponseto-mismatch': ['in-response-to'],
};

/** The valid saml.oktadev.com response signed with Canonical XML 1.1 over the whole document. */
const C14N11_CASE = 'gosaml2-oktadev-scenario-2';

/**
 * Local policy named by the MANIFEST's caveats: `certificate-expiry` fails when the pinned
 * certificate is outside its validity at `at` (the rule), though upstream accepts these.
 */
const CERT_POLICY_CAVEATS = ['idp-cert-expired-at-time', 'idp-cert-not-yet-valid-at-time'];

/**
 * Local policy: an assertion valid for longer than assertion IDs are remembered (one day) fails
 * `time-window`, since it could be replayed once forgotten. These demo responses are valid for years.
 */
const LONG_WINDOW_POLICY = ['crewjam-onelogin-signed-assertion'];

const failed = (r: SamlReport) => r.checks.filter((c) => c.status === 'fail').map((c) => c.id);
const statusOf = (r: SamlReport, id: CheckId) => r.checks.find((c) => c.id === id)?.status;

describe('SAML corpus (../shared/corpus/saml, MANIFEST.json)', function () {
  const cases = loadManifest();
  const now = new Date();

  it('has the 76 cases the README describes', function () {
    expect(cases).to.have.length(76);
  });

  for (const c of cases) {
    it(`${c.id}: ${c.expect} (${c.expectReason}), with and without SingleSignOnService`, async function () {
      const response = corpusResponse(c);
      const withSso = await validateSamlResponse(response, corpusOptions(c, now, corpusMetadata(c, true)));
      const withoutSso = await validateSamlResponse(
        response,
        corpusOptions(c, now, corpusMetadata(c, false)),
      );
      for (const report of [withSso, withoutSso]) {
        expect(report.checks.map((x) => x.id)).to.deep.equal([...CHECK_IDS]);
        if (c.expect === 'valid') expectValid(c, report);
        else expectInvalid(c, report);
      }
      expect(withoutSso.valid, 'same verdict').to.equal(withSso.valid);
      expect(failed(withoutSso), 'same failing checks').to.deep.equal(failed(withSso));
      expect(statusOf(withSso, 'sso-service')).to.equal('pass');
      expect(statusOf(withoutSso, 'sso-service')).to.equal('warn');
      expect(withoutSso.checks.find((x) => x.id === 'sso-service')!.fix).to.include(
        'Identity Provider Single Sign-On URL',
      );
    });
  }

  it('gosaml2-okta-encrypted: verifies with the right one of several certificates, decrypting once', async function () {
    const c = cases.find((x) => x.id === 'gosaml2-okta-encrypted')!;
    const wrong = cases.find((x) => x.id === 'gosaml2-okta-response')!;
    const options = corpusOptions(c, now);
    const right = options.idp.certificates[0]!;
    const decoy = corpusOptions(wrong, now).idp.certificates[0]!;
    const r = await validateSamlResponse(corpusResponse(c), {
      ...options,
      idp: { ...options.idp, certificates: [decoy, decoy, right] },
    });
    expect(failed(r)).to.deep.equal([]);
    expect(r.checks.find((x) => x.id === 'signature')!.message).to.include(right.sha256Fingerprint);
    expect(r.subject.nameId).to.equal('fronkey@skyportsystems.com');
    const { decryptionKey: _key, ...withoutKey } = options;
    const noKey = await validateSamlResponse(corpusResponse(c), withoutKey);
    expect(noKey.checks.find((x) => x.id === 'signature')!.message).to.match(/no decryption key/);
  });

  it(`${C14N11_CASE}: Canonical XML 1.1 verifies, and a tampered copy fails signature`, async function () {
    const c = cases.find((x) => x.id === C14N11_CASE)!;
    const xml = Buffer.from(corpusText(c.file), 'base64').toString('utf8');
    expect(xml).to.include('http://www.w3.org/2006/12/xml-c14n11');
    const good = await validateSamlResponse(corpusResponse(c), corpusOptions(c, now));
    expect(statusOf(good, 'signature')).to.equal('pass');
    expect(good.valid).to.equal(true);
    for (const tampered of [
      xml.replace('jane.doe@example.com', 'john.doe@example.com'),
      xml.replace(/(<saml:Audience>)/, '$1x'),
    ]) {
      expect(tampered).to.not.equal(xml);
      const r = await validateSamlResponse(Buffer.from(tampered).toString('base64'), corpusOptions(c, now));
      expect(statusOf(r, 'signature')).to.equal('fail');
      expect(r.valid).to.equal(false);
      expect(r.subject.nameId).to.equal(null);
    }
  });
});

function expectValid(c: CorpusCase, report: SamlReport): void {
  const policy = [
    ...(LONG_WINDOW_POLICY.includes(c.id) ? ['time-window'] : []),
    ...(c.caveats.some((cv) => CERT_POLICY_CAVEATS.includes(cv)) ? ['certificate-expiry'] : []),
  ];
  if (policy.length > 0) {
    expect(failed(report), 'only the local policies fail').to.deep.equal(policy);
    if (policy.includes('time-window'))
      expect(report.checks.find((x) => x.id === 'time-window')!.message).to.match(
        /longer than the 24 h this helper remembers an assertion ID/,
      );
    return;
  }
  expect(failed(report), JSON.stringify(report.checks.filter((x) => x.status === 'fail'))).to.deep.equal([]);
  expect(report.valid).to.equal(true);
  expect(report.subject.nameId).to.be.a('string').and.not.equal('');
  for (const w of c.expectWarnings ?? []) expect(statusOf(report, w as CheckId), w).to.equal('warn');
  if (c.caveats.includes('sha1-signature')) expect(statusOf(report, 'algorithms')).to.equal('warn');
}

function expectInvalid(c: CorpusCase, report: SamlReport): void {
  expect(report.valid).to.equal(false);
  const allowed = REASON_CHECKS[c.expectReason];
  expect(allowed, `a check id is mapped for reason ${c.expectReason}`).to.not.equal(undefined);
  expect(failed(report), `fails with one of ${allowed!.join(', ')}`).to.include.oneOf([...allowed!]);
  // Nothing unverified is ever shown as the subject.
  if (statusOf(report, 'signature') !== 'pass') {
    expect(report.subject.nameId).to.equal(null);
  }
}

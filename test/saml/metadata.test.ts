import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { expect } from 'chai';
import { createMetadataFetcher, parseIdpMetadata, SamlError, summarizeIdp } from '../../saml/index.js';
import { corpusText } from './helpers/corpus.js';
import { idpMetadataXml } from './helpers/idp-metadata.js';
import { makeTestCertificate, type TestKeyPair } from './helpers/keys.js';

const OKTA = {
  entityId: 'http://www.okta.com/exkTEST',
  ssoUrl: 'https://example.okta.com/app/rally/exkTEST/sso/saml',
};

async function expectSamlError(
  p: Promise<unknown> | (() => unknown),
  code: string,
  message?: RegExp,
): Promise<SamlError> {
  let caught: unknown;
  try {
    await (typeof p === 'function' ? p() : p);
  } catch (err) {
    caught = err;
  }
  expect(caught, 'throws').to.be.instanceOf(SamlError);
  expect((caught as SamlError).code).to.equal(code);
  if (message) expect((caught as SamlError).message).to.match(message);
  return caught as SamlError;
}

describe('SAML IdP metadata', function () {
  let key: TestKeyPair;
  before(async function () {
    key = await makeTestCertificate({ days: 3650 });
  });

  it('reads entity ID, SSO endpoints (Redirect first), certificates and NameID formats', function () {
    const idp = parseIdpMetadata(idpMetadataXml({ ...OKTA, certPem: key.certPem }));
    expect(idp.entityId).to.equal(OKTA.entityId);
    expect(idp.ssoServices.map((s) => s.binding.replace(/.*:/, ''))).to.deep.equal([
      'HTTP-Redirect',
      'HTTP-POST',
    ]);
    const summary = summarizeIdp(idp, new Date());
    expect(summary).to.include({ entityId: OKTA.entityId, ssoUrl: OKTA.ssoUrl });
    expect(summary.certificates).to.have.length(1);
    expect(summary.certificates[0]).to.include({ subject: 'O=Okta, OU=SSOProvider, CN=test-idp' });
    expect(summary.certificates[0]!.sha256Fingerprint).to.match(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
    expect(summary.certificates[0]!.daysToExpiry).to.be.within(3648, 3650);
    expect(summary.warnings).to.deep.equal([]);
  });

  it('reads real Okta metadata from the corpus (certificate wrapped with spaces)', function () {
    const idp = parseIdpMetadata(
      corpusText('crewjam-saml/TestSPCanHandleOktaResponseEncryptedAssertionBothSigned_IDPMetadata'),
    );
    expect(idp.entityId).to.match(/^http:\/\/www\.okta\.com\/exk/);
    expect(idp.certificates[0]!.subject).to.match(/O=Okta/);
  });

  it('warns about a non-email NameID format and an expiring certificate', async function () {
    const soon = await makeTestCertificate({ days: 20 });
    const idp = parseIdpMetadata(
      idpMetadataXml({
        ...OKTA,
        certPem: soon.certPem,
        nameIdFormat: 'urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified',
      }),
    );
    const warnings = summarizeIdp(idp, new Date()).warnings.join(' ');
    expect(warnings)
      .to.match(/Name ID format/)
      .and.match(/expires in (19|20) days/);
  });

  it('refuses a DOCTYPE, SP metadata, missing certificates and oversized documents', async function () {
    const good = idpMetadataXml({ ...OKTA, certPem: key.certPem });
    await expectSamlError(
      () => parseIdpMetadata(`<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>${good}`),
      'SAML_METADATA_INVALID',
      /DOCTYPE/,
    );
    await expectSamlError(
      () => parseIdpMetadata(good.replace(/IDPSSODescriptor/g, 'SPSSODescriptor')),
      'SAML_METADATA_INVALID',
      /no IDPSSODescriptor/,
    );
    await expectSamlError(
      () => parseIdpMetadata(good.replace(/<md:KeyDescriptor[\s\S]*<\/md:KeyDescriptor>/, '')),
      'SAML_METADATA_INVALID',
      /no signing certificate/,
    );
    await expectSamlError(
      () => parseIdpMetadata(good.replace(/<ds:X509Certificate>[\s\S]*?</, '<ds:X509Certificate>bm9wZQ==<')),
      'SAML_CERT_INVALID',
    );
    await expectSamlError(
      () =>
        parseIdpMetadata(
          good.replace('</md:EntityDescriptor>', `<!--${'x'.repeat(300_000)}--></md:EntityDescriptor>`),
        ),
      'SAML_METADATA_TOO_LARGE',
    );
    await expectSamlError(
      () => parseIdpMetadata('<md:EntityDescriptor'),
      'SAML_METADATA_INVALID',
      /not well-formed/,
    );
  });
});

describe('SAML metadata URL fetcher', function () {
  let tls: TestKeyPair;
  let server: Server;
  let origin: string;
  let body = '';
  let delayMs = 0;
  let status = 200;

  before(async function () {
    tls = await makeTestCertificate({ days: 2, cn: 'localhost', san: 'DNS:localhost,IP:127.0.0.1' });
    server = createServer({ key: tls.keyPem, cert: tls.certPem }, (_req, res) => {
      setTimeout(
        () => res.writeHead(status, { 'content-type': 'application/samlmetadata+xml' }).end(body),
        delayMs,
      );
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    origin = `https://localhost:${(server.address() as AddressInfo).port}`;
  });
  after(function () {
    server.close();
  });
  beforeEach(function () {
    body = '<md:EntityDescriptor/>';
    delayMs = 0;
    status = 200;
  });

  it('refuses plain http and URLs with credentials', async function () {
    const fetch = createMetadataFetcher({ allowPrivate: true });
    await expectSamlError(
      fetch('http://example.okta.com/metadata'),
      'SAML_METADATA_URL_REFUSED',
      /only https/,
    );
    await expectSamlError(
      fetch('https://user:pw@example.okta.com/metadata'),
      'SAML_METADATA_URL_REFUSED',
      /credentials/,
    );
    await expectSamlError(fetch('not a url'), 'SAML_METADATA_URL_REFUSED');
  });

  it('refuses loopback, private and link-local addresses, by literal or by DNS', async function () {
    const fetch = createMetadataFetcher({ allowPrivate: false, ca: tls.certPem });
    await expectSamlError(fetch(`${origin}/metadata`), 'SAML_METADATA_URL_REFUSED', /127\.0\.0\.1|::1/);
    await expectSamlError(fetch('https://127.0.0.1/metadata'), 'SAML_METADATA_URL_REFUSED');
    await expectSamlError(fetch('https://169.254.169.254/latest/meta-data'), 'SAML_METADATA_URL_REFUSED');
    await expectSamlError(fetch('https://[::ffff:10.0.0.1]/metadata'), 'SAML_METADATA_URL_REFUSED');
    const rebinding = createMetadataFetcher({
      allowPrivate: false,
      lookup: ((
        _host: string,
        _opts: unknown,
        cb: (e: null, a: { address: string; family: number }[]) => void,
      ) => cb(null, [{ address: '10.1.2.3', family: 4 }])) as never,
    });
    await expectSamlError(
      rebinding('https://looks-public.example.com/metadata'),
      'SAML_METADATA_URL_REFUSED',
      /10\.1\.2\.3/,
    );
  });

  it('fetches over https when private addresses are allowed', async function () {
    body = idpMetadataXml({ ...OKTA, certPem: tls.certPem });
    const fetch = createMetadataFetcher({ allowPrivate: true, ca: tls.certPem });
    expect(parseIdpMetadata(await fetch(`${origin}/metadata`)).entityId).to.equal(OKTA.entityId);
  });

  it('caps the size, the time and the status', async function () {
    const fetch = createMetadataFetcher({
      allowPrivate: true,
      ca: tls.certPem,
      timeoutMs: 300,
      maxBytes: 1000,
    });
    body = 'x'.repeat(5000);
    await expectSamlError(fetch(`${origin}/big`), 'SAML_METADATA_TOO_LARGE');
    body = 'ok';
    status = 404;
    await expectSamlError(fetch(`${origin}/missing`), 'SAML_METADATA_FETCH_FAILED', /HTTP 404/);
    status = 200;
    delayMs = 1000;
    await expectSamlError(fetch(`${origin}/slow`), 'SAML_METADATA_TIMEOUT');
  });

  it('does not trust a certificate it was not given', async function () {
    const fetch = createMetadataFetcher({ allowPrivate: true });
    await expectSamlError(fetch(`${origin}/metadata`), 'SAML_METADATA_FETCH_FAILED', /not trusted/);
  });
});

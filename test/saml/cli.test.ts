import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { Writable } from 'node:stream';
import { expect } from 'chai';
import { runSamlCli } from '../../saml/index.js';
import { CORPUS } from './helpers/corpus.js';

const file = (p: string) => fileURLToPath(new URL(p, CORPUS));
const OKTA = [
  '--response',
  file('russellhaering-gosaml2/okta_response.xml'),
  '--cert',
  file('russellhaering-gosaml2/okta_cert.pem'),
  '--idp-entity-id',
  'http://www.okta.com/exk659aytfMeNI49v0h7',
  '--sp-entity-id',
  '"123"',
  '--acs-url',
  'http://localhost:8080/v1/_saml_callback',
  '--at',
  '2016-07-25T23:20:15Z',
];

async function cli(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const sink = (append: (s: string) => void) =>
    new Writable({
      write(chunk: Buffer, _e, done) {
        append(chunk.toString());
        done();
      },
    });
  const code = await runSamlCli(argv, {
    stdout: sink((s) => (out += s)),
    stderr: sink((s) => (err += s)),
    readFile: (p) => readFile(p, 'utf8'),
    now: () => new Date('2026-11-29T12:00:00Z'),
  });
  return { code, out, err };
}

describe('rally-okta saml validate (CLI)', function () {
  it('exits 0 for a valid response and prints the report as text', async function () {
    const { code, out } = await cli(['validate', ...OKTA, '--profile', 'generic']);
    expect(code).to.equal(0);
    expect(out)
      .to.match(/^SAML response: VALID/)
      .and.match(/PASS {2}signature/)
      .and.match(/WARN {2}certificate-expiry/);
    expect(out).to.include('Subject: russellhaering');
  });

  it('exits 1 when a check fails, with the Okta field to fix', async function () {
    const { code, out } = await cli(['validate', ...OKTA]);
    expect(code).to.equal(1);
    expect(out)
      .to.match(/^SAML response: INVALID/)
      .and.match(/FAIL {2}nameid-format/)
      .and.include('fix:      In Okta, set “Name ID format” to EmailAddress');
  });

  it('prints the same report as JSON with --json', async function () {
    const { code, out } = await cli([
      'validate',
      ...OKTA,
      '--json',
      '--at',
      '2016-07-25T23:40:00Z',
      '--profile',
      'generic',
    ]);
    expect(code).to.equal(1);
    const report = JSON.parse(out);
    expect(report.valid).to.equal(false);
    expect(report.checks.find((c: { id: string }) => c.id === 'time-window').status).to.equal('fail');
  });

  it('reads IdP metadata with --metadata', async function () {
    const { code } = await cli([
      'validate',
      '--profile',
      'generic',
      '--json',
      '--response',
      file('crewjam-saml/TestSPCanHandleOneloginResponse_response'),
      '--metadata',
      file('crewjam-saml/TestSPCanHandleOneloginResponse_IDPMetadata'),
      '--sp-entity-id',
      'https://29ee6d2e.ngrok.io/saml/metadata',
      '--acs-url',
      'https://29ee6d2e.ngrok.io/saml/acs',
      '--at',
      '2016-01-05T17:53:12Z',
    ]);
    expect(code).to.equal(0);
  });

  it('exits 2 on usage errors, naming the problem', async function () {
    const cases: Array<[string[], RegExp]> = [
      [[], /Usage/],
      [['frobnicate'], /Unknown saml command/],
      [['validate', '--cert', 'x'], /--response FILE is required/],
      [['validate', '--response', 'x'], /exactly one of --metadata/],
      [['validate', ...OKTA, '--metadata', 'y'], /exactly one of --metadata/],
      [['validate', ...OKTA, '--bogus'], /Unknown option '--bogus'/],
      [['validate', ...OKTA, '--at', 'tomorrow'], /--at "tomorrow" is not a valid xs:dateTime/],
      [['validate', ...OKTA.slice(0, 2), '--cert', '/nonexistent.pem'], /Cannot read --cert/],
      [['validate', '--response', 'x', '--metadata', file('crewjam-saml/sp_cert.pem')], /metadata/i],
      [['validate', ...OKTA, '--profile', 'okta'], /--profile must be/],
    ];
    for (const [argv, message] of cases) {
      const { code, err } = await cli(argv);
      expect(code, argv.join(' ')).to.equal(2);
      expect(err, argv.join(' ')).to.match(message);
    }
    expect((await cli(['help'])).code).to.equal(0);
  });

  it('refuses an unreadable --decryption-key as an input error, as the API does', async function () {
    const { code, err, out } = await cli([
      'validate',
      ...OKTA,
      '--decryption-key',
      file('russellhaering-gosaml2/okta_cert.pem'),
    ]);
    expect(code).to.equal(2);
    expect(out).to.equal('');
    expect(err).to.match(/The decryption key could not be read\. Send the SP private key as PEM/);
  });

  it('is wired into the rally-okta command', async function () {
    this.timeout(30_000);
    const run = promisify(execFile);
    const entry = fileURLToPath(new URL('../../server/cli.ts', import.meta.url));
    const result = await run(process.execPath, [
      '--import',
      'tsx',
      entry,
      'saml',
      'validate',
      ...OKTA,
      '--profile',
      'generic',
    ]);
    expect(result.stdout).to.match(/^SAML response: VALID/);
    const failure = await run(process.execPath, ['--import', 'tsx', entry, 'saml', 'validate']).catch(
      (e: { code: number; stderr: string }) => e,
    );
    expect(failure).to.include({ code: 2 });
  });
});

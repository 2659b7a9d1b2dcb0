import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { expect } from 'chai';

const run = promisify(execFile);
const root = fileURLToPath(new URL('../../', import.meta.url));
const mocha = fileURLToPath(new URL('../../node_modules/mocha/bin/mocha.js', import.meta.url));

/** Runs the browser suite in a child mocha with the given environment; never rejects. */
async function browserSuite(env: Record<string, string>) {
  const { REQUIRE_TEST_PROGRAMS: _strict, CHROMIUM_PATH: _path, ...inherited } = process.env;
  try {
    const { stdout, stderr } = await run(process.execPath, [mocha, 'test/saml/browser.test.ts'], {
      cwd: root,
      env: { ...inherited, ...env },
      timeout: 60_000,
    });
    return { code: 0, output: stdout + stderr };
  } catch (err) {
    const e = err as { code?: number; stdout?: string; stderr?: string };
    return { code: e.code ?? -1, output: `${e.stdout ?? ''}${e.stderr ?? ''}` };
  }
}

/**
 * A machine without Chromium still passes `npm test`: the browser suites skip with one line on
 * how to install it. CHROMIUM_PATH, when set, is the only path tried. Under
 * REQUIRE_TEST_PROGRAMS=1 (`.ci/run`) the same missing browser is a failure.
 */
describe('browser tests without Chromium', function () {
  this.timeout(90_000);

  it('skip with one line saying how to install it when CHROMIUM_PATH points at nothing', async function () {
    const result = await browserSuite({ CHROMIUM_PATH: '/nonexistent/chromium' });
    expect(result.code, result.output).to.equal(0);
    const lines = result.output.split('\n').filter((l) => /Chromium not found/.test(l));
    expect(lines, result.output).to.have.length(1);
    expect(lines[0]).to.include('tests are skipped').and.include('apt-get install chromium');
    expect(result.output).to.match(/tests: 0 passed, 0 failed, 2 skipped/);
  });

  it('fail under REQUIRE_TEST_PROGRAMS=1, as in CI', async function () {
    const result = await browserSuite({ CHROMIUM_PATH: '/nonexistent/chromium', REQUIRE_TEST_PROGRAMS: '1' });
    expect(result.code, result.output).to.not.equal(0);
    expect(result.output).to.include('REQUIRE_TEST_PROGRAMS=1 makes that a failure');
  });
});

import { expect } from 'chai';
import type { Page } from 'playwright-core';
import { launchChromium, type Browser } from '../helpers/chromium.js';
import { chromiumProgram, requireProgram } from '../helpers/prerequisites.js';
import { idpMetadataXml } from '../saml/helpers/idp-metadata.js';
import { makeTestCertificate } from '../saml/helpers/keys.js';
import { startConsoleEnv, type ConsoleEnv } from './helpers/console-env.js';

/**
 * The console sign-in end to end in headless Chromium: sign in at the provider, use a
 * CSRF-protected form, sign out of the console and the provider. No page of ours may trip its CSP.
 */
describe('console sign-in in a real browser', function () {
  this.timeout(90_000);
  let c: ConsoleEnv;
  let browser: Browser;
  let page: Page;

  before(async function () {
    requireProgram(this, chromiumProgram);
    c = await startConsoleEnv({ adminGroups: 'Rally Admins' });
    browser = await launchChromium('auth-chromium');
    page = browser.page;
  });
  after(async function () {
    await browser?.close();
    await c?.close();
  });

  it('signs in at the provider and comes back to the console page it asked for', async () => {
    await page.goto(`${c.appUrl}/saml`);
    await page.waitForURL(new RegExp(`^${c.provider.issuer}/interaction/`));
    await page.fill('#login', 'alice');
    await Promise.all([page.waitForURL(`${c.appUrl}/saml`), page.click('button[type=submit]')]);
    expect(await page.locator('#signed-in').textContent()).to.match(/Signed in as Alice Admin/);
    expect(await page.evaluate(() => document.cookie)).to.not.include('rally-console');
  });

  it('loads IdP metadata through the CSRF-protected form', async () => {
    const cert = await makeTestCertificate({ days: 365 });
    await page.fill(
      '#metadata-xml',
      idpMetadataXml({
        entityId: 'http://www.okta.com/exk-browser',
        ssoUrl: 'https://example.okta.com/sso',
        certPem: cert.certPem,
      }),
    );
    await Promise.all([
      page.waitForURL(/\/saml\?loaded=1$/),
      page.click('form[action$="/idp"] button[type=submit]'),
    ]);
    expect(await page.locator('[role=status]').textContent()).to.match(/IdP metadata loaded/);
  });

  it('signs out of the console and of the provider', async () => {
    await Promise.all([page.waitForURL(`${c.appUrl}/auth/logout`), page.click('#signed-in a')]);
    await Promise.all([
      page.waitForURL(new RegExp(`^${c.provider.issuer}/session/end`)),
      page.click('button[type=submit]'),
    ]);
    await Promise.all([page.waitForURL(`${c.appUrl}/auth/logged-out`), page.click('button[value=yes]')]);
    expect(await page.locator('h1').textContent()).to.equal('You are signed out');
    await page.goto(`${c.appUrl}/saml`);
    await page.waitForURL(new RegExp(`^${c.provider.issuer}/interaction/`));
    expect(browser.cspViolations).to.deep.equal([]);
  });
});

import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect } from 'chai';
import type { Page } from 'playwright-core';
import { launchChromium, type Browser } from '../helpers/chromium.js';
import { chromiumProgram, requireProgram } from '../helpers/prerequisites.js';
import { samlApp } from './helpers/app.js';
import { makeTestCertificate } from './helpers/keys.js';
import { startTestIdp, type TestIdp } from './helpers/test-idp.js';

/**
 * The admin page end to end in headless Chromium: load metadata, run a test sign-in
 * against an in-process IdP, land on the report and read a failing check and its fix.
 */
describe('SAML setup helper in a real browser', function () {
  this.timeout(90_000);
  let idp: TestIdp;
  let server: Server;
  let appUrl: string;
  let browser: Browser;
  let page: Page;

  before(async function () {
    requireProgram(this, chromiumProgram);
    idp = await startTestIdp(await makeTestCertificate({ days: 3650 }));
    server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    appUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    server.on('request', samlApp({ publicUrl: appUrl }).app);
    browser = await launchChromium('saml-chromium');
    page = browser.page;
  });
  after(async function () {
    await browser?.close();
    await idp?.close();
    if (!server) return;
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it('loads metadata, signs in at the IdP and shows the failing audience check with its fix', async function () {
    await page.goto(`${appUrl}/saml`);
    expect(await page.locator('h1').textContent()).to.match(/SAML setup helper/);
    expect(await page.inputValue('#sp-acs')).to.equal(`${appUrl}/saml/acs`);
    // The copy buttons are progressive enhancement: the external script revealed them.
    expect(await page.locator('button.copy').first().isVisible()).to.equal(true);

    await page.fill('#metadata-xml', idp.metadataXml);
    await Promise.all([
      page.waitForURL(/\/saml\?loaded=1$/),
      page.click('form[action$="/idp"] button[type=submit]'),
    ]);
    expect(await page.locator('[role=status]').textContent()).to.match(/IdP metadata loaded/);
    expect(await page.locator('#idp-summary').textContent()).to.include(idp.entityId);

    idp.behaviour.response = { audience: 'https://wrong.example.com/sp' };
    await Promise.all([page.waitForURL(/\/saml\/acs$/), page.click('#test-sign-in')]);
    expect(idp.requests).to.have.length(1);
    expect(await page.locator('#report-title').textContent()).to.equal('The response is not valid');
    const audience = page.locator('#check-audience');
    expect(await audience.getAttribute('class')).to.include('check-fail');
    expect(await audience.locator('.fix').textContent())
      .to.include('Audience URI (SP Entity ID)')
      .and.include(`${appUrl}/saml/metadata`);
    expect(await page.locator('#check-in-response-to').getAttribute('class')).to.include('check-pass');
    expect(browser.cspViolations).to.deep.equal([]);
  });

  it('shows a valid report once the IdP sends the right audience', async function () {
    idp.behaviour.response = {};
    await page.goto(`${appUrl}/saml`);
    await Promise.all([page.waitForURL(/\/saml\/acs$/), page.click('#test-sign-in')]);
    expect(await page.locator('#report-title').textContent()).to.equal('The response is valid');
    expect(await page.locator('#check-replay').getAttribute('class')).to.include('check-pass');
  });
});

import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect } from 'chai';
import request from 'supertest';
import { launchChromium, type Browser } from '../helpers/chromium.js';
import { authHeaders, BASE } from '../helpers/connector.js';
import { chromiumProgram, requireProgram } from '../helpers/prerequisites.js';
import { startAuditApp, type AuditAppEnv } from './helpers/audit-app.js';
import { engineFor, type EngineEnv } from './helpers/engines.js';

/** The console's /audit pages in Debian's headless Chromium, on the loopback console (no sign-in). */
describe('audit console in a real browser', function () {
  this.timeout(90_000);
  let store: EngineEnv;
  let env: AuditAppEnv;
  let server: Server;
  let url: string;
  let browser: Browser;

  before(async function () {
    requireProgram(this, chromiumProgram);
    store = await engineFor(this, 'sqlite');
    env = await startAuditApp(store);
    for (const name of ['page.one@example.com', 'page.two@example.com']) {
      const r = await request(env.app)
        .post(`${BASE}/users`)
        .set(authHeaders(env, 'admin'))
        .send({ userName: name, email: name });
      await request(env.app)
        .patch(`${BASE}/users/${r.body.id}`)
        .set(authHeaders(env, 'admin'))
        .send({ firstName: 'Ops' })
        .expect(200);
    }
    server = createServer(env.app);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    browser = await launchChromium('audit-chromium');
  });
  after(async () => {
    await browser?.close();
    server?.closeAllConnections();
    await new Promise((resolve) => server?.close(resolve));
    await env?.close();
    await store?.close();
  });

  it('shows the events, filters them and shows one user’s timeline', async () => {
    const { page } = browser;
    await page.goto(`${url}/audit`);
    expect(await page.locator('h1').textContent()).to.equal('Audit trail');
    expect(await page.locator('#events tbody tr').count()).to.equal(4);
    expect(await page.locator('#events tbody tr').first().textContent()).to.include('user.update');

    await page.fill('input[name=userName]', 'page.one@example.com');
    await page.selectOption('select[name=operation]', 'user.update');
    await Promise.all([
      page.waitForURL(/userName=page\.one/),
      page.click('form.filters button[type=submit]'),
    ]);
    expect(await page.locator('#events tbody tr').count()).to.equal(1);
    expect(await page.locator('#events tbody').textContent()).to.include('FirstName: null → "Ops"');

    await page.goto(`${url}/audit`);
    await Promise.all([
      page.waitForURL(/userName=page\.two/),
      page.locator('#events a', { hasText: 'page.two@example.com' }).first().click(),
    ]);
    const timeline = await page.locator('#timeline li').allTextContents();
    expect(timeline).to.have.length(2);
    expect(timeline[0]).to.include('user.create');
    expect(timeline[1]).to.include('user.update');
    expect(await page.getAttribute('#export-csv', 'href')).to.equal(
      '/audit/export?format=csv&userName=page.two%40example.com',
    );
    const csv = await page.request.get(`${url}/audit/export?format=csv&userName=page.two%40example.com`);
    expect((await csv.text()).trim().split('\r\n')).to.have.length(3);
    expect(browser.cspViolations).to.deep.equal([]);
  });

  it('runs the reconciliation report from the console', async () => {
    const { page } = browser;
    await page.goto(`${url}/audit/reconciliation`);
    await page.fill('input[name=apiKey]', env.sandbox.credentials.admin.apiKey);
    await Promise.all([page.waitForURL(/\/audit\/reconciliation$/), page.click('button[value=html]')]);
    expect(await page.locator('#totals').textContent()).to.match(/\d+ active of \d+ users; \d+ unmanaged/);
    const unmanaged = await page.locator('#unmanaged tr').allTextContents();
    expect(unmanaged.join(' ')).not.to.include('page.one@example.com');
    expect(unmanaged.length).to.be.greaterThan(0);
    expect(browser.cspViolations).to.deep.equal([]);
  });
});

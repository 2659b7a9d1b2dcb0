import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { chromiumProgram } from './prerequisites.js';

export interface Browser {
  context: BrowserContext;
  page: Page;
  /** Console messages about Content Security Policy violations, for tests to assert none. */
  cspViolations: string[];
  close(): Promise<void>;
}

/**
 * Chromium (CHROMIUM_PATH, or Debian's /usr/bin/chromium), headless, with a fresh profile and the
 * flags this closed-network machine needs (no background networking, QUIC, component updates or
 * sync: their connections are refused). Suites call `requireProgram(this, chromiumProgram)` in
 * `before` first, so a machine without a browser skips them instead of failing here.
 */
export async function launchChromium(profilePrefix: string): Promise<Browser> {
  const executablePath = chromiumProgram.locate();
  if (!executablePath) throw new Error(`Chromium not found; ${chromiumProgram.install}.`);
  const profile = await mkdtemp(join(tmpdir(), `${profilePrefix}-`));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-quic',
      '--no-first-run',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  const page = context.pages()[0] ?? (await context.newPage());
  const cspViolations: string[] = [];
  page.on('console', (m) => {
    if (/Content Security Policy/i.test(m.text())) cspViolations.push(m.text());
  });
  return {
    context,
    page,
    cspViolations,
    async close() {
      await context.close();
      await rm(profile, { recursive: true, force: true });
    },
  };
}

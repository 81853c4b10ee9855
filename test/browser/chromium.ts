import fs from 'node:fs';
import AxeBuilder from '@axe-core/playwright';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { makeTestApp, type TestApp } from '../support.ts';

export const CHROMIUM_PATH = '/usr/bin/chromium';

/** Whether Debian's Chromium is installed; in CI its absence is a failure, elsewhere a skip. */
export function chromiumAvailable(): boolean {
  const present = fs.existsSync(CHROMIUM_PATH);
  if (!present && process.env.CI === 'true') throw new Error(`Chromium is missing in CI (expected ${CHROMIUM_PATH}; .ci/run installs it)`);
  if (!present) console.warn(`Skipping browser tests: no Chromium at ${CHROMIUM_PATH} (apt-get install -y chromium)`);
  return present;
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync'],
  });
}

/** The WCAG 2.2 AA rules (and axe's best practices) every page is scanned against. */
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'];

/** axe-core's violations on the page as it is now, one line each, prefixed with `what`; `exclude` skips a part. */
export async function axeViolations(page: Page, what: string, exclude?: string): Promise<string[]> {
  const builder = new AxeBuilder({ page }).withTags(AXE_TAGS);
  const results = await (exclude ? builder.exclude(exclude) : builder).analyze();
  return results.violations.map((v) => `${what}: ${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

/** Fills in and submits the admin's sign-in form, as a person would; the page then shows the admin or the form's error. */
export async function submitSignIn(page: Page, base: string, email: string, password: string): Promise<void> {
  await page.goto(`${base}/admin/sign-in`);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

/** Signs a staff user in through the admin's own form, as a person would, and waits for the dashboard. */
export async function signInToAdmin(page: Page, base: string, email: string, password: string): Promise<void> {
  await submitSignIn(page, base, email, password);
  await page.waitForURL(`${base}/admin`);
}

/** What `appInBrowser` gives a `describe`'s tests: the app, the address it serves on, and the browser. */
export interface BrowserApp {
  readonly app: TestApp;
  readonly base: string;
  readonly browser: Browser;
}

/**
 * The setup the admin's browser tests share: before all of a `describe`'s tests a new app (with
 * `env`), seeded by `prepare` (within `timeoutMs`: a busy machine is slow to seed), listening on a
 * free port, and a Chromium; both closed after. Read the fields inside tests and hooks.
 */
export function appInBrowser(prepare: (app: TestApp) => Promise<unknown> = async () => {}, env: Record<string, string> = {}, timeoutMs = 180_000): BrowserApp {
  let app: TestApp;
  let base: string;
  let browser: Browser;
  beforeAll(async () => {
    app = await makeTestApp(env);
    await prepare(app);
    base = await app.http.listen({ port: 0, host: '127.0.0.1' });
    browser = await launchChromium();
  }, timeoutMs);
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });
  return {
    get app() {
      return app;
    },
    get base() {
      return base;
    },
    get browser() {
      return browser;
    },
  };
}

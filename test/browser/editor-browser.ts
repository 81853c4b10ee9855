/**
 * What the article editor's browser tests share: one app (its clock in real time, for the
 * scheduler), an editor and a contributor, two directory companies, one library image, a
 * Chromium, and signed-in pages that record CSP violations and script dialogs. Each test file
 * calls `editorInBrowser()` inside its `describe`.
 */
import type { BrowserContext, Page } from 'playwright-core';
import sharp from 'sharp';
import { PASSWORD } from '../admin-support.ts';
import { runInRealTime, type TestApp } from '../support.ts';
import { appInBrowser, axeViolations, signInToAdmin } from './chromium.ts';

export const TIME_ZONE = 'Europe/Paris';
const SCHEDULER_MS = 200;

/** A signed-in page with what it has recorded so far. */
export interface EditorSession {
  readonly context: BrowserContext;
  readonly page: Page;
  readonly violations: string[];
  readonly dialogs: string[];
}

export interface EditorBrowser {
  readonly app: TestApp;
  readonly base: string;
  /** The library image's label in the editor's Lead image list. */
  readonly imageLabel: string;
  /** A new browser context signed in as `email` (the editor unless named). */
  session(email?: string): Promise<EditorSession>;
  /** axe-core's violations on the page, without the live preview's frame. */
  axe(page: Page, what: string): Promise<string[]>;
  /** Writes a new article's headline and body on `page` and saves it as a draft (the page is then its editor). */
  saveNewDraft(page: Page, headline: string, body: string): Promise<void>;
}

/** Registers the shared setup's `beforeAll`/`afterAll` and returns its handle (read its fields inside tests). */
export function editorInBrowser(): EditorBrowser {
  const b = appInBrowser(async (app) => {
    // The test's clock runs in real time from wherever a test sets it (the scheduler needs time to pass).
    runInRealTime(app);
    for (const [email, role, name] of [
      ['editor@example.com', 'editor', 'Eda Editor'],
      ['contributor@example.com', 'contributor', 'Cora Contributor'],
    ] as const) {
      await app.accounts.addUser({ email, role, password: PASSWORD, name }, 'test');
    }
    await app.directory.importCompanies([JSON.stringify({ id: '2453', name: 'Renault', aliases: [] }), JSON.stringify({ id: '838', name: 'Nissan', aliases: [] })]);
    // One library image for the tests that do not upload their own.
    const editor = (await app.store.users.byEmail('editor@example.com'))!;
    const stock = await sharp({ create: { width: 640, height: 400, channels: 3, background: { r: 30, g: 120, b: 60 } } }).png().toBuffer();
    await app.media.upload({ filename: 'stock.png', data: stock }, 'A green test card', editor);
  }, { SCHEDULER_INTERVAL_MS: String(SCHEDULER_MS), SITE_TIMEZONE: TIME_ZONE });

  return {
    get app() {
      return b.app;
    },
    get base() {
      return b.base;
    },
    imageLabel: 'A green test card (stock.png)',
    async session(email = 'editor@example.com') {
      const context = await b.browser.newContext();
      const page = await context.newPage();
      const violations: string[] = [];
      const dialogs: string[] = [];
      page.on('console', (m) => {
        if (/Content Security Policy|Refused to/.test(m.text())) violations.push(m.text());
      });
      page.on('dialog', (d) => {
        dialogs.push(d.message());
        void d.dismiss();
      });
      await signInToAdmin(page, b.base, email, PASSWORD);
      return { context, page, violations, dialogs };
    },
    // The live preview's frame is replaced on every update, and axe waits for ever on a frame that
    // is detached mid-scan; its content is the public article page, which public-pages.test.ts scans.
    axe: (page, what) => axeViolations(page, what, '#live-preview'),
    async saveNewDraft(page, headline, body) {
      await page.goto(`${b.base}/admin/articles/new`);
      await page.getByLabel('Headline').fill(headline);
      await page.getByLabel('Body', { exact: true }).fill(body);
      await page.getByRole('button', { name: 'Save draft' }).click();
      await page.waitForURL(/\?done=save$/);
    },
  };
}

/** The live preview's frame on show (an update loads a new one hidden, then swaps them). */
export const previewFrame = (page: Page) => page.frameLocator('#live-preview iframe:not([hidden])');

/** Whether leaving the page now would make the browser ask (the editor cancels `beforeunload`). */
export const leaving = (page: Page) =>
  page.evaluate(() => {
    const event = new Event('beforeunload', { cancelable: true });
    window.dispatchEvent(event);
    return event.defaultPrevented;
  });

export const articleIdIn = (url: string) => Number(/\/admin\/articles\/(\d+)/.exec(url)?.[1]);

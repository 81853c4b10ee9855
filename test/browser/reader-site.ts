import type { Browser } from 'playwright-core';
import { startSmtpSink } from '../smtp-sink.ts';
import { makeTestApp, runInRealTime, type TestApp } from '../support.ts';
import { launchChromium } from './chromium.ts';

/** What the reader-facing browser tests run against: the site, the mail it sends, a browser. */
export interface ReaderSite {
  readonly app: TestApp;
  readonly sink: Awaited<ReturnType<typeof startSmtpSink>>;
  readonly browser: Browser;
  /** The listening site's origin, `http://127.0.0.1:<port>`. */
  readonly base: string;
  close(): Promise<void>;
}

/**
 * A site mailing a real SMTP server, in real time (its links and cookies reach a real browser,
 * which lives in real time: a fixed test clock must not), listening on a free port, and Chromium.
 * `prepare` adds what a test needs (lists, companies, stories) before the site listens.
 */
export async function startReaderSite(prepare: (app: TestApp) => Promise<void> = async () => {}): Promise<ReaderSite> {
  const sink = await startSmtpSink();
  const app = await makeTestApp({ SMTP_URL: sink.url, SITE_URL: 'http://127.0.0.1' });
  runInRealTime(app);
  await prepare(app);
  const base = await app.http.listen({ port: 0, host: '127.0.0.1' });
  const browser = await launchChromium();
  return {
    app,
    sink,
    browser,
    base,
    async close() {
      await browser.close();
      await app.close();
      await sink.close();
    },
  };
}

import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PASSWORD } from '../admin-support.ts';
import { startSmtpSink } from '../smtp-sink.ts';
import { article, makeTestApp, NOW, type TestApp } from '../support.ts';
import { axeViolations, chromiumAvailable, launchChromium, signInToAdmin } from './chromium.ts';

describe.skipIf(!chromiumAvailable())('newsletters in a real browser', () => {
  let app: TestApp;
  let browser: Browser;
  let base: string;
  let sink: Awaited<ReturnType<typeof startSmtpSink>>;

  beforeAll(async () => {
    sink = await startSmtpSink();
    app = await makeTestApp({ SMTP_URL: sink.url, MAIL_RATE: '1000' });
    await app.accounts.addUser({ email: 'ed@example.com', role: 'editor', password: PASSWORD, name: 'Ed Itor' }, 'test');
    await app.pipeline.save(article({ headline: 'Gantries go live on the ring road', section: 'Tolling', publishedAt: NOW - 3_600_000 }));
    await app.pipeline.save(article({ headline: 'Depot chargers double', section: 'Electric', publishedAt: NOW - 7_200_000 }));
    await app.pipeline.save(article({ headline: 'A story to leave out', section: 'Rail', publishedAt: NOW - 10_800_000 }));
    await app.newsletters.addList({ slug: 'daily', name: 'Daily news' });
    await app.newsletters.importSubscribers(
      'daily',
      (async function* () {
        yield { line: 2, email: 'ada@example.com' };
      })(),
    );
    base = await app.http.listen({ port: 0, host: '127.0.0.1' });
    browser = await launchChromium();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await sink?.close();
  });

  const signIn = (page: Page) => signInToAdmin(page, base, 'ed@example.com', PASSWORD);

  it('composes, previews, tests and sends an issue; the reader unsubscribes in one click from the page', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await signIn(page);
    await page.getByRole('link', { name: 'Newsletters' }).click();
    await page.getByRole('link', { name: 'Compose' }).click();
    await page.getByLabel('Introduction').fill('Three things happened this week.');
    await page.getByLabel('Keep A story to leave out').uncheck();
    await page.getByLabel('Position of Gantries go live on the ring road').fill('2');
    await page.getByLabel('Position of Depot chargers double').fill('1');
    await page.getByRole('button', { name: 'Save the draft' }).click();
    await page.waitForURL(`${base}/admin/newsletters/daily/compose?done=saved`);
    expect(await page.getByRole('status').first().textContent()).toBe('Draft saved.');
    expect(await axeViolations(page, 'compose')).toEqual([]);

    await page.getByRole('link', { name: 'Preview and test' }).click();
    const frame = page.frameLocator('iframe[title="The email"]');
    expect(await frame.locator('body').textContent()).toContain('Three things happened this week.');
    await page.getByRole('button', { name: 'Send a test to ed@example.com' }).click();
    await page.waitForURL(`${base}/admin/newsletters?done=test-sent`);
    await sink.waitFor(1);
    expect(sink.received[0]?.to).toEqual(['ed@example.com']);

    await page.goto(`${base}/admin/newsletters/daily/compose`);
    await page.getByRole('button', { name: 'Send this issue' }).click();
    await page.waitForURL(`${base}/admin/newsletters?done=sending`);
    await app.newsletters.kick();
    await sink.waitFor(2);
    await page.reload();
    expect(await page.getByText(/^Sent \d{4}-\d{2}-\d{2}: 1 of 1$/).count()).toBe(1);
    const mail = sink.received[1]!;
    // The stories in the order the editor gave (the subject line still names the assembled lead).
    const lines = String(mail.parsed.text).split('\n');
    expect(lines.indexOf('Depot chargers double')).toBeLessThan(lines.indexOf('Gantries go live on the ring road'));
    expect(lines.indexOf('Depot chargers double')).toBeGreaterThan(0);
    expect(mail.parsed.html).not.toContain('A story to leave out');

    // The reader follows the footer link in a browser of their own: a confirmation page, then one click.
    const reader = await (await browser.newContext()).newPage();
    const link = /href="(https:\/\/news\.example\/newsletters\/unsubscribe\?t=[^"]+)"/.exec(String(mail.parsed.html))![1]!;
    await reader.goto(`${base}${new URL(link).pathname}${new URL(link).search}`);
    expect(await axeViolations(reader, 'unsubscribe confirmation')).toEqual([]);
    await reader.getByRole('button', { name: 'Unsubscribe' }).click();
    await reader.getByRole('heading', { name: 'You are unsubscribed' }).waitFor();
    const list = (await app.store.newsletters.listBySlug('daily'))!;
    const ada = (await app.store.readers.byEmail('ada@example.com'))!;
    expect(await app.store.newsletters.subscription(list.id, ada.id)).toBe('unsubscribed');
    await reader.goto(`${base}/newsletters`);
    expect(await axeViolations(reader, 'newsletters page')).toEqual([]);
    await context.close();
  }, 120_000);

  it('with nothing new since the last issue, opens an empty draft to fill by hand and refuses an empty send on the page', async () => {
    const list = (await app.store.newsletters.listBySlug('daily'))!;
    if (!(await app.store.newsletters.latestIssue(list.id))) await app.newsletters.send('daily');
    // An archive story: stored now but dated long ago, so not news for the issue; it may be added by hand.
    const { slug } = await app.pipeline.save(article({ headline: 'Ten years of free-flow tolling', publishedAt: NOW - 400 * 86_400_000 }));
    const context = await browser.newContext();
    const page = await context.newPage();
    await signIn(page);
    await page.goto(`${base}/admin/newsletters/daily/compose`);
    await page.getByText('No story yet: add one below').waitFor();
    expect(await axeViolations(page, 'empty compose')).toEqual([]);
    await page.getByRole('button', { name: 'Send this issue' }).click();
    expect(await page.getByRole('alert').textContent()).toBe('No articles were published since the last issue of "daily": nothing to send');
    expect(await axeViolations(page, 'refused send')).toEqual([]);
    await page.getByLabel('Introduction').fill('A look back this week.');
    await page.getByLabel('Add a story').fill(`${base}/news/${slug}`);
    await page.getByRole('button', { name: 'Save the draft' }).click();
    await page.waitForURL(`${base}/admin/newsletters/daily/compose?done=saved`);
    expect(await page.getByLabel('Keep Ten years of free-flow tolling').isChecked()).toBe(true);
    expect(await page.getByLabel('Introduction').inputValue()).toBe('A look back this week.');
    await context.close();
  }, 120_000);

  it('schedules the list weekly, changes it to daily and removes the schedule', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await signIn(page);
    await page.goto(`${base}/admin/newsletters`);
    await page.getByRole('link', { name: 'Schedule of Daily news' }).click();
    await page.getByLabel('Send', { exact: true }).selectOption('weekly');
    await page.getByLabel('Day (weekly)').selectOption('fri');
    await page.getByLabel('Time').fill('07:30');
    await page.getByRole('button', { name: 'Save the schedule' }).click();
    await page.waitForURL(`${base}/admin/newsletters/daily/schedule?done=scheduled`);
    expect(await page.getByRole('status').textContent()).toBe('Schedule saved.');
    expect(await page.getByText('Weekly on Friday at 07:30').count()).toBe(1);
    expect(await axeViolations(page, 'schedule')).toEqual([]);
    if (process.env.SCREENSHOTS) await page.screenshot({ path: `${process.env.SCREENSHOTS}/newsletter-schedule.png`, fullPage: true });
    expect((await app.store.newsletters.listBySlug('daily'))?.schedule).toBe('weekly fri 07:30');

    await page.getByLabel('Send', { exact: true }).selectOption('daily');
    await page.getByLabel('Time').fill('06:15');
    await page.getByRole('button', { name: 'Save the schedule' }).click();
    await page.getByText('Daily at 06:15').waitFor();
    expect((await app.store.newsletters.listBySlug('daily'))?.schedule).toBe('daily 06:15');

    await page.getByRole('button', { name: 'Remove the schedule' }).click();
    await page.getByText('Sent by hand').first().waitFor();
    expect((await app.store.newsletters.listBySlug('daily'))?.schedule).toBeNull();
    await page.goto(`${base}/admin/newsletters`);
    expect(await page.getByRole('cell', { name: /Sent by hand/ }).count()).toBe(1);
    await context.close();
  }, 120_000);
});

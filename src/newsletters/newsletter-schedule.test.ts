import { afterEach, describe, expect, it } from 'vitest';
import { startSmtpSink } from '../../test/smtp-sink.ts';
import { article, makeTestApp, NOW, TEST_DB, type TestApp } from '../../test/support.ts';
import { latestOccurrence, parseSchedule } from './index.ts';
import { NewsletterScheduler } from './newsletter-scheduler.ts';

const DAY = 86_400_000;

describe(`scheduled lists and complaints (${TEST_DB})`, () => {
  const closers: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const c of closers.splice(0).reverse()) await c();
  });

  async function setUp(schedule?: string): Promise<{ app: TestApp; sink: Awaited<ReturnType<typeof startSmtpSink>> }> {
    const sink = await startSmtpSink();
    closers.push(sink.close);
    const app = await makeTestApp({ SMTP_URL: sink.url, MAIL_RATE: '1000' });
    closers.push(() => app.close());
    await app.newsletters.stop();
    await app.pipeline.save(article({ headline: 'Leeds road pricing starts', publishedAt: NOW - 3_600_000 }));
    await app.newsletters.addList({ slug: 'daily', name: 'Daily news', ...(schedule ? { schedule } : {}) });
    const list = (await app.store.newsletters.listBySlug('daily'))!;
    for (const email of ['ana@example.com', 'bo@example.com']) {
      const { reader } = await app.store.readers.ensure({ email, status: 'active', source: 'import', now: NOW });
      await app.store.newsletters.subscribe(list.id, reader.id, 'import', NOW);
    }
    return { app, sink };
  }

  it('makes and sends the issue of each due occurrence exactly once, however many nodes tick', async () => {
    const { app, sink } = await setUp('daily 07:00');
    expect((await app.newsletters.list('daily')).schedule).toBe('daily 07:00');
    const tz = app.settings.current.timeZone;
    const first = latestOccurrence(parseSchedule('daily 07:00'), NOW + DAY, tz);
    // Before the first occurrence after the list was made: nothing (an occurrence before it is never sent).
    app.clock.now = first - 60_000;
    expect(await app.newsletters.runSchedules()).toEqual([]);
    // Two nodes tick at the due time: one issue.
    app.clock.now = first + 1_000;
    const otherNode = new NewsletterScheduler({ store: app.store, clock: () => app.clock.now, timeZone: () => tz, start: (slug, at) => app.newsletters.startIssue(slug, at) });
    const started = (await Promise.all([app.newsletters.runSchedules(), otherNode.tick()])).flat();
    expect(started).toEqual(['daily']);
    const issue = (await app.store.newsletters.sendingIssue((await app.newsletters.list('daily')).id))!;
    expect(issue.scheduledFor).toBe(first);
    await app.newsletters.sendPass(issue.id);
    await sink.waitFor(2);
    expect(sink.received.map((m) => m.to[0]).sort()).toEqual(['ana@example.com', 'bo@example.com']);
    // Later ticks of the same occurrence do nothing, and a second issue for it is refused by the index.
    app.clock.now = first + 3_600_000;
    await app.pipeline.save(article({ headline: 'Depots charge overnight', publishedAt: app.clock.now - 60_000 }));
    expect(await app.newsletters.runSchedules()).toEqual([]);
    expect(await otherNode.tick()).toEqual([]);
    await expect(app.newsletters.startIssue('daily', first)).rejects.toThrow();
    expect((await app.store.newsletters.latestIssue(issue.listId))!.id).toBe(issue.id);
    // The next day's occurrence takes what was published since.
    app.clock.now = first + DAY;
    expect(await app.newsletters.runSchedules()).toEqual(['daily']);
    const second = (await app.store.newsletters.sendingIssue(issue.listId))!;
    expect(second.scheduledFor).toBe(first + DAY);
    expect(JSON.parse(second.items).map((i: { headline: string }) => i.headline)).toEqual(['Depots charge overnight']);
    await app.newsletters.sendPass(second.id);
    // A day with nothing new: no issue, and the occurrence is not retried every tick.
    app.clock.now = first + 2 * DAY;
    expect(await app.newsletters.runSchedules()).toEqual([]);
    expect((await app.store.newsletters.latestIssue(issue.listId))!.id).toBe(second.id);
    // A missed occurrence (every node down for over 12 hours) is skipped, not sent late.
    await app.pipeline.save(article({ headline: 'Rail freight grows', publishedAt: app.clock.now }));
    app.clock.now = first + 3 * DAY + 13 * 3_600_000;
    expect(await app.newsletters.runSchedules()).toEqual([]);
    await expect(app.newsletters.addList({ slug: 'hourly', name: 'Hourly', schedule: 'hourly' })).rejects.toMatchObject({ code: 'MH_INVALID_NEWSLETTER_LIST' });
    expect((await app.newsletters.setSchedule('daily', 'weekly FRI 7:30')).schedule).toBe('weekly fri 07:30');
    expect((await app.newsletters.setSchedule('daily', null)).schedule).toBeNull();
  });

  it('a feedback-loop complaint suppresses the reader and leaves the list; they get nothing more, and an import cannot undo it', async () => {
    const { app, sink } = await setUp();
    await app.newsletters.send('daily');
    await sink.waitFor(2);
    const toAna = sink.received.find((m) => m.to[0] === 'ana@example.com')!;
    // The header exactly as it arrived (folded lines joined), from the raw message.
    const listUnsubscribe = /^List-Unsubscribe:[ \t]*((?:.*)(?:\r?\n[ \t].*)*)/im.exec(toAna.raw)![1]!.replace(/\r?\n[ \t]+/g, ' ').trim();
    expect(listUnsubscribe).toMatch(/^<https:\/\/news\.example\/newsletters\/unsubscribe\?t=u1\./);
    // An ARF report as a mailbox provider sends it: the complained-of message's headers attached, folded.
    const report = [
      'From: fbl@mailbox.example',
      'Content-Type: multipart/report; report-type=feedback-report; boundary="b"',
      '',
      '--b',
      'Content-Type: message/feedback-report',
      '',
      'Feedback-Type: abuse',
      'Version: 1',
      '',
      '--b',
      'Content-Type: text/rfc822-headers',
      '',
      'To: ana@example.com',
      `List-Unsubscribe:\r\n ${listUnsubscribe}`,
      '--b--',
    ].join('\r\n');
    expect(await app.newsletters.recordComplaint({ report })).toEqual({ email: 'ana@example.com', list: 'daily' });
    const ana = (await app.store.readers.byEmail('ana@example.com'))!;
    expect(ana.suppressedReason).toBe('complaint');
    expect(await app.store.newsletters.subscription((await app.newsletters.list('daily')).id, ana.id)).toBe('unsubscribed');
    // A forged token names nobody; the report's Original-Rcpt-To is the fallback.
    expect(await app.newsletters.recordComplaint({ report: report.replace(/t=u1\.(\d+)\.(\d+)\.[\w-]{43}/, `t=u1.$1.$2.${'A'.repeat(43)}`) })).toBeUndefined();
    expect(await app.newsletters.recordComplaint({ report: 'Feedback-Type: abuse\nOriginal-Rcpt-To: rfc822; <Bo@Example.com>\n' })).toEqual({ email: 'bo@example.com', list: null });
    expect((await app.store.readers.byEmail('bo@example.com'))!.suppressedReason).toBe('complaint');
    // Nothing more reaches either of them, even when an import names them again.
    await app.newsletters.importSubscribers('daily', (async function* () { yield { line: 2, email: 'ana@example.com' }; yield { line: 3, email: 'cy@example.com' }; })());
    await app.pipeline.save(article({ headline: 'Depots charge overnight', publishedAt: NOW + 60_000 }));
    app.clock.now = NOW + 120_000;
    const before = sink.received.length;
    const next = await app.newsletters.send('daily');
    expect(next.sent).toBe(1);
    await sink.waitFor(before + 1);
    expect(sink.received.slice(before).map((m) => m.to[0])).toEqual(['cy@example.com']);
  });
});

import { Readable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { type SmtpSinkOptions, startSmtpSink } from '../../test/smtp-sink.ts';
import { article, decodedBody, makeTestApp, NOW, type TestApp } from '../../test/support.ts';
import { readSubscriberCsv } from './index.ts';

const BROWSER = { 'user-agent': 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/131.0 Safari/537.36', accept: 'text/html', 'accept-encoding': 'br, gzip' };

const CSV = [
  'email,name,company,job_title,country',
  'ada@example.com,Ada Lovelace,Analytical Engines,Engineer,GB',
  'GRACE@Example.com,Grace Hopper,"Navy, US",Admiral,US',
  'not-an-address,Nobody,,,',
  'linus@example.com,Linus,,,FI,extra',
  'margaret@example.com,,,,',
  '',
].join('\n');

const csv = (text: string) => readSubscriberCsv(Readable.from([text]));

describe('sending a newsletter through a real SMTP server', () => {
  const closers: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const c of closers.splice(0).reverse()) await c();
  });

    // The app's own background sender stays off unless a test is about it: the tests count each pass.
  async function setUp(refuse?: SmtpSinkOptions['refuse'], background: 'on' | 'off' = 'off'): Promise<{ app: TestApp; sink: Awaited<ReturnType<typeof startSmtpSink>> }> {
    const sink = await startSmtpSink(refuse ? { refuse } : {});
    closers.push(sink.close);
    const app = await makeTestApp({ SMTP_URL: sink.url, MAIL_RATE: '1000', MAIL_CONCURRENCY: '3', MAIL_FROM: 'Transport Review <news@news.example>' });
    closers.push(() => app.close());
    if (background === 'off') await app.newsletters.stop();
    await app.pipeline.save(article({ headline: 'Road pricing starts in Leeds', standfirst: 'A charge at the ring road from May.', publishedAt: NOW - 3_600_000, section: 'Tolling', leadImage: { url: 'https://images.example/leeds.jpg', alt: 'A gantry', caption: '', credit: '' } }));
    await app.pipeline.save(article({ headline: 'Depots & <chargers>', standfirst: 'Buses charge overnight.', publishedAt: NOW - 7_200_000, section: 'Electric' }));
    await app.newsletters.addList({ slug: 'daily', name: 'Daily news' });
    return { app, sink };
  }

  it('imports a CSV, sends one good message per subscriber with one-click unsubscribe, and archives the issue', async () => {
    const { app, sink } = await setUp();
    const report = await app.newsletters.importSubscribers('daily', csv(CSV));
    expect(report).toEqual({
      subscribed: 3,
      alreadySubscribed: 0,
      keptUnsubscribed: 0,
      refused: [
        { line: 4, reason: 'not an email address: "not-an-address"' },
        { line: 5, reason: 'wrong number of fields' },
      ],
    });

    const progress: number[] = [];
    const sent = await app.newsletters.send('daily', (p) => progress.push(p.done));
    expect(sent).toEqual({ issue: expect.any(Number), recipients: 3, sent: 3, failed: 0 });
    expect(progress.at(-1)).toBe(3);
    await sink.waitFor(3);
    expect(sink.received.flatMap((m) => m.to).sort()).toEqual(['ada@example.com', 'grace@example.com', 'margaret@example.com']);
    for (const mail of sink.received) {
      expect(mail.parsed.subject).toBe('Daily news: Road pricing starts in Leeds');
      expect(mail.parsed.html).toContain('Depots &amp; &lt;chargers&gt;');
      expect(mail.parsed.html).toContain('https://news.example/news/');
      expect(mail.parsed.html).toContain('src="https://images.example/leeds.jpg"');
      expect(mail.parsed.text).toContain('Road pricing starts in Leeds\nA charge at the ring road from May.\nhttps://news.example/news/');
      // Header lines as sent, unfolded (a long one is folded onto a second line, as RFC 5322 allows).
      const header = (key: string) => mail.parsed.headerLines.find((h) => h.key === key)?.line.replace(/\r\n[ \t]+/g, ' ');
      expect(header('list-unsubscribe-post')).toBe('List-Unsubscribe-Post: List-Unsubscribe=One-Click');
      const unsubscribe = /^List-Unsubscribe: <(https:\/\/news\.example\/newsletters\/unsubscribe\?t=[\w.-]+)>$/.exec(header('list-unsubscribe') ?? '')?.[1];
      expect(unsubscribe).toBeDefined();
      // The same personal link in the HTML footer and the text part, and no other reader's.
      expect(mail.parsed.html).toContain(`href="${unsubscribe}"`);
      expect(mail.parsed.text).toContain(`Unsubscribe: ${unsubscribe}`);
      expect(mail.parsed.html).not.toContain('MHUNSUBSCRIBEURLMARK');
    }

    // One-click (RFC 8058): a POST with no cookie and no CSRF token unsubscribes at once.
    const ada = sink.received.find((m) => m.to[0] === 'ada@example.com')!;
    const url = new URL(/<([^>]+)>/.exec(ada.parsed.headerLines.find((h) => h.key === 'list-unsubscribe')!.line)![1]!);
    const confirm = await app.http.inject({ method: 'GET', url: url.pathname + url.search, headers: BROWSER });
    expect(confirm.statusCode).toBe(200);
    expect(confirm.headers['cache-control']).toBe('no-store');
    expect(confirm.headers['content-security-policy']).toBeDefined();
    expect(decodedBody(confirm)).toContain('Unsubscribe from Daily news?');
    expect(await status(app, 'ada@example.com')).toBe('active');
    const post = await app.http.inject({ method: 'POST', url: url.pathname + url.search, payload: 'List-Unsubscribe=One-Click', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(post.statusCode).toBe(200);
    expect(decodedBody(post)).toContain('You are unsubscribed');
    expect(await status(app, 'ada@example.com')).toBe('unsubscribed');
    expect(await status(app, 'grace@example.com')).toBe('active');

    // A forged or altered token changes nothing.
    const forged = url.search.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A'));
    expect((await app.http.inject({ method: 'POST', url: `/newsletters/unsubscribe${forged}`, payload: '' })).statusCode).toBe(400);

    // A later import keeps the unsubscribe.
    const again = await app.newsletters.importSubscribers('daily', csv('email\nada@example.com\n'));
    expect(again).toMatchObject({ subscribed: 0, keptUnsubscribed: 1 });
    expect(await status(app, 'ada@example.com')).toBe('unsubscribed');

    // The web archive: the issue at its date, the same for everyone, nothing personal.
    const archive = await app.http.inject({ method: 'GET', url: '/newsletters/daily/2026-11-27', headers: BROWSER });
    expect(archive.statusCode).toBe(200);
    expect(decodedBody(archive)).toContain('Road pricing starts in Leeds');
    expect(decodedBody(archive)).not.toMatch(/unsubscribe\?t=|@example\.com/);
    expect(decodedBody(await app.http.inject({ method: 'GET', url: '/newsletters', headers: BROWSER }))).toContain('href="/newsletters/daily/2026-11-27"');

    // Nothing new published: no second issue; a new story makes one with only that story.
    await expect(app.newsletters.send('daily')).rejects.toMatchObject({ code: 'MH_NEWSLETTER_EMPTY' });
    app.clock.now = NOW + 86_400_000;
    await app.pipeline.save(article({ headline: 'A new bridge toll', publishedAt: NOW + 3_600_000 }));
    const second = await app.newsletters.send('daily');
    expect(second).toMatchObject({ recipients: 2, sent: 2 });
    await sink.waitFor(5);
    expect(sink.received.slice(3).map((m) => m.parsed.subject)).toEqual(['Daily news: A new bridge toll', 'Daily news: A new bridge toll']);
    expect(sink.received.slice(3).every((m) => !String(m.parsed.html).includes('Leeds'))).toBe(true);
  });

  it('puts a story that arrived after the last issue but is dated before it into the next issue (not an archive import)', async () => {
    const { app, sink } = await setUp();
    await app.newsletters.importSubscribers('daily', csv('email\nada@example.com\n'));
    await app.newsletters.send('daily');
    await sink.waitFor(1);
    // An hour later a wire story dated half an hour before that issue is imported, with a story from the archive.
    app.clock.now = NOW + 3_600_000;
    await app.pipeline.save(article({ headline: 'Late wire story', publishedAt: NOW - 1_800_000 }));
    await app.pipeline.save(article({ headline: 'Archive story', publishedAt: NOW - 10 * 86_400_000 }));
    await app.newsletters.send('daily');
    await sink.waitFor(2);
    expect(sink.received[1]!.parsed.subject).toBe('Daily news: Late wire story');
    expect(String(sink.received[1]!.parsed.text)).not.toContain('Archive story');
    expect(String(sink.received[1]!.parsed.text)).not.toContain('Road pricing');
  });

  it('marks a 550 bounced (counted against the reader) and retries a 451 with backoff', async () => {
    let busy = 0;
    const { app, sink } = await setUp((address) => {
      if (address.startsWith('gone@')) return { code: 550, message: 'No such user' };
      if (address.startsWith('busy@') && busy++ === 0) return { code: 451, message: 'Try again later' };
      return undefined;
    });
    await app.newsletters.importSubscribers('daily', csv('email\ngone@example.com\nbusy@example.com\nok@example.com\n'));
    const { issue } = await app.newsletters.startIssue('daily');
    const first = await app.newsletters.sendPass(issue.id);
    expect(first).toMatchObject({ recipients: 3, sent: 1, failed: 1, queued: 1 });
    expect(await status(app, 'gone@example.com')).toBe('bounced');
    expect((await app.store.readers.byEmail('gone@example.com'))?.hardBounces).toBe(1);
    // Not yet due: a pass now sends nothing.
    expect(await app.newsletters.sendPass(issue.id)).toMatchObject({ sent: 1, queued: 1 });
    app.clock.now += 60_000;
    expect(await app.newsletters.sendPass(issue.id)).toMatchObject({ sent: 2, failed: 1, queued: 0 });
    await sink.waitFor(2);
    expect(sink.received.map((m) => m.to[0]).sort()).toEqual(['busy@example.com', 'ok@example.com']);
    expect((await app.store.newsletters.issueById(issue.id))?.status).toBe('sent');
    // The export says who is what.
    const rows: string[] = [];
    for await (const s of app.newsletters.subscribers('daily')) rows.push(`${s.email}:${s.status}`);
    expect(rows).toEqual(['gone@example.com:bounced', 'busy@example.com:active', 'ok@example.com:active']);
  });

  it("finishes in the app's background sender an issue started elsewhere (the CLI, a node that died)", async () => {
    const { app, sink } = await setUp(undefined, 'on');
    await app.newsletters.importSubscribers('daily', csv('email\na@example.com\nb@example.com\n'));
    const { issue } = await app.newsletters.startIssue('daily');
    await app.newsletters.kick();
    expect(await app.newsletters.progress(issue.id)).toMatchObject({ recipients: 2, sent: 2, queued: 0 });
    expect((await app.store.newsletters.issueById(issue.id))?.status).toBe('sent');
    await sink.waitFor(2);
    expect(sink.received.map((m) => m.to[0]).sort()).toEqual(['a@example.com', 'b@example.com']);
  });

  it('never gives one message to two senders: claims are leased, and a lapsed lease is taken over', async () => {
    const { app } = await setUp();
    await app.newsletters.importSubscribers('daily', csv(`email\n${Array.from({ length: 30 }, (_, i) => `r${i}@example.com`).join('\n')}\n`));
    const { issue } = await app.newsletters.startIssue('daily');
    const tokens = ['a', 'b', 'c'];
    const claims = await Promise.all(tokens.map((token) => app.store.outbox.claim('newsletter', issue.id, token, NOW, 60_000, 12)));
    const ids = claims.flat().map((r) => r.id);
    expect(ids.length).toBe(30);
    expect(new Set(ids).size).toBe(30);
    expect(await app.store.outbox.claim('newsletter', issue.id, 'd', NOW + 59_000, 60_000, 50)).toEqual([]);
    // The holder died: after its lease, another sender takes its rows.
    expect((await app.store.outbox.claim('newsletter', issue.id, 'e', NOW + 60_001, 60_000, 50)).length).toBe(30);
    // And the dead holder can no longer mark them.
    const holder = claims.findIndex((c) => c.length > 0);
    await app.store.outbox.record(tokens[holder]!, NOW + 60_002, [{ id: claims[holder]![0]!.id, status: 'sent' }]);
    expect((await app.store.outbox.counts('newsletter', issue.id)).sent).toBe(0);
  });
});

async function status(app: TestApp, email: string) {
  const reader = await app.store.readers.byEmail(email);
  const list = await app.store.newsletters.listBySlug('daily');
  return reader && list ? app.store.newsletters.subscription(list.id, reader.id) : undefined;
}

import { createHmac } from 'node:crypto';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSmtpSink } from '../../test/smtp-sink.ts';
import { article, makeTestApp, NOW, TEST_DB, type TestApp } from '../../test/support.ts';
import { readSubscriberCsv } from './index.ts';

const MAILGUN_KEY = 'key-7e55d003b01e4b8f8e4a9f0a8e8b1c2d';
const SECRET = 'a-generic-webhook-secret-of-32-characters-or-more';

let app: TestApp;
let sink: Awaited<ReturnType<typeof startSmtpSink>>;
beforeAll(async () => {
  sink = await startSmtpSink();
  app = await makeTestApp({ SMTP_URL: sink.url, MAIL_RATE: '1000', MAILGUN_WEBHOOK_SIGNING_KEY: MAILGUN_KEY, MAIL_WEBHOOK_SECRET: SECRET });
  await app.newsletters.stop();
  await app.pipeline.save(article({ headline: 'Road pricing starts in Leeds', publishedAt: NOW - 3_600_000 }));
  await app.newsletters.addList({ slug: 'daily', name: 'Daily news' });
  await app.newsletters.addList({ slug: 'weekly', name: 'Weekly digest' });
  const people = ['bounced', 'complainer', 'stays', 'generic-bounce', 'generic-complaint', 'temporary'].map((p) => `${p}@example.com`);
  for (const list of ['daily', 'weekly']) await app.newsletters.importSubscribers(list, readSubscriberCsv(Readable.from([`email\n${people.join('\n')}\n`])));
});
afterAll(async () => {
  await app?.close();
  await sink?.close();
});

const seconds = () => String(Math.floor(app.clock.now / 1000));

/** A Mailgun webhook body as Mailgun sends it (the shape of its documented examples), signed with `key`. */
function mailgun(eventData: Record<string, unknown>, key = MAILGUN_KEY, timestamp = seconds(), token = createHmac('sha256', 'token').update(JSON.stringify(eventData) + timestamp).digest('hex').slice(0, 50)) {
  const signature = createHmac('sha256', key).update(timestamp + token).digest('hex');
  return JSON.stringify({ signature: { timestamp, token, signature }, 'event-data': eventData });
}

const failedPermanent = (recipient: string) => ({
  event: 'failed',
  severity: 'permanent',
  reason: 'bounce',
  recipient,
  timestamp: app.clock.now / 1000,
  'log-level': 'error',
  id: 'G9Bn5sl1TC6nu79C8C0bwg',
  message: { headers: { to: recipient, 'message-id': '20260203192638.000be97f99f8cea1@sample.mailgun.com', from: 'Transport Review <news@news.example>', subject: 'Daily news' }, size: 341 },
  'delivery-status': { tls: true, 'mx-host': 'aspmx.l.example.org', 'attempt-no': 1, description: '', code: 550, message: '5.1.1 The email account that you tried to reach does not exist.', 'certificate-verified': true },
  flags: { 'is-authenticated': true, 'is-test-mode': false },
  envelope: { sender: 'news@news.example', targets: recipient, transport: 'smtp' },
  'user-variables': {},
});

const post = (provider: string, payload: string, headers: Record<string, string> = {}) =>
  app.http.inject({ method: 'POST', url: `/newsletters/webhooks/${provider}`, headers: { 'content-type': 'application/json', ...headers }, payload });

function generic(body: unknown, secret = SECRET, timestamp = seconds()) {
  const payload = JSON.stringify(body);
  return { payload, headers: { 'x-masthead-timestamp': timestamp, 'x-masthead-signature': `sha256=${createHmac('sha256', secret).update(`${timestamp}.${payload}`).digest('hex')}` } };
}

async function state(email: string) {
  const reader = (await app.store.readers.byEmail(email))!;
  const lists = await Promise.all(['daily', 'weekly'].map(async (slug) => app.store.newsletters.subscription((await app.store.newsletters.listBySlug(slug))!.id, reader.id)));
  return { lists, hardBounces: reader.hardBounces, suppressed: reader.suppressedAt !== null };
}

describe(`ESP webhooks for bounces and complaints (${TEST_DB})`, () => {
  it('refuses unsigned, wrongly signed, stale and unconfigured requests, changing nothing', async () => {
    const unsigned = JSON.stringify({ 'event-data': failedPermanent('stays@example.com') });
    expect((await post('mailgun', unsigned)).statusCode).toBe(401);
    expect((await post('mailgun', mailgun(failedPermanent('stays@example.com'), 'key-wrong'))).statusCode).toBe(403);
    const stale = mailgun(failedPermanent('stays@example.com'), MAILGUN_KEY, String(Math.floor(app.clock.now / 1000) - 16 * 60));
    expect((await post('mailgun', stale)).statusCode).toBe(403);
    const ahead = mailgun(failedPermanent('stays@example.com'), MAILGUN_KEY, String(Math.floor(app.clock.now / 1000) + 120));
    expect((await post('mailgun', ahead)).statusCode).toBe(403);
    // The body altered after signing (another recipient): the signature covers only timestamp+token for Mailgun,
    // so the generic form signs the whole body; an altered body fails there.
    const signed = generic({ events: [{ type: 'bounce', email: 'stays@example.com' }] });
    expect((await post('generic', signed.payload.replace('stays', 'other'), signed.headers)).statusCode).toBe(403);
    expect((await post('generic', signed.payload)).statusCode).toBe(401);
    expect((await post('sendgrid', signed.payload, signed.headers)).statusCode).toBe(400);
    expect(await state('stays@example.com')).toEqual({ lists: ['active', 'active'], hardBounces: 0, suppressed: false });
    const off = await makeTestApp();
    try {
      expect((await off.http.inject({ method: 'POST', url: '/newsletters/webhooks/mailgun', headers: { 'content-type': 'application/json' }, payload: mailgun(failedPermanent('x@example.com')) })).statusCode).toBe(404);
    } finally {
      await off.close();
    }
  });

  it('a Mailgun permanent failure is a hard bounce and a complaint suppresses; temporary failures and replays change nothing', async () => {
    const bounce = mailgun(failedPermanent('bounced@example.com'));
    const res = await post('mailgun', bounce);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ applied: 1 });
    expect(await state('bounced@example.com')).toEqual({ lists: ['bounced', 'bounced'], hardBounces: 1, suppressed: false });
    // Mailgun retries a delivery it thinks failed: the same signed request again counts nothing.
    expect((await post('mailgun', bounce)).json()).toEqual({ applied: 0 });
    expect((await state('bounced@example.com')).hardBounces).toBe(1);

    const temporary = { ...failedPermanent('temporary@example.com'), severity: 'temporary', reason: 'generic', 'delivery-status': { 'attempt-no': 3, description: 'No MX for example.com', 'retry-seconds': 1800, code: 498, message: 'No MX' } };
    expect((await post('mailgun', mailgun(temporary))).json()).toEqual({ applied: 0 });
    expect(await state('temporary@example.com')).toEqual({ lists: ['active', 'active'], hardBounces: 0, suppressed: false });

    const complained = { event: 'complained', recipient: 'complainer@example.com', timestamp: app.clock.now / 1000, id: '-Agny091SquKnsrW2NEKUA', 'log-level': 'warn', message: { headers: { to: 'complainer@example.com', 'message-id': '20130718032413.263EE2E0926@example.com', from: 'news@news.example', subject: 'Daily news' }, attachments: [], size: 111 }, 'user-variables': {} };
    expect((await post('mailgun', mailgun(complained))).json()).toEqual({ applied: 1 });
    expect((await state('complainer@example.com')).suppressed).toBe(true);
  });

  it('the generic form: bounces and complaints, and the list our own unsubscribe link names', async () => {
    const daily = (await app.store.newsletters.listBySlug('daily'))!;
    const reader = (await app.store.readers.byEmail('generic-bounce@example.com'))!;
    const { unsubscribeToken } = await import('./unsubscribe-token.ts');
    const secret = await app.store.newsletters.mailSecret();
    // A relay that passes the message's List-Unsubscribe header along: only that list is bounced.
    const one = generic({ events: [{ type: 'bounce', email: 'generic-bounce@example.com', headers: { 'List-Unsubscribe': `<https://news.example/newsletters/unsubscribe?t=${unsubscribeToken(secret, reader.id, daily.id)}>` } }] });
    expect((await post('generic', one.payload, one.headers)).json()).toEqual({ applied: 1 });
    expect(await state('generic-bounce@example.com')).toEqual({ lists: ['bounced', 'active'], hardBounces: 1, suppressed: false });
    const two = generic({ events: [{ type: 'complaint', email: 'generic-complaint@example.com' }, { type: 'opened', email: 'stays@example.com' }, { type: 'bounce', email: 'nobody-known@example.com' }] });
    expect((await post('generic', two.payload, two.headers)).json()).toEqual({ applied: 1 });
    expect((await state('generic-complaint@example.com')).suppressed).toBe(true);
    expect(await state('stays@example.com')).toEqual({ lists: ['active', 'active'], hardBounces: 0, suppressed: false });
  });

  it('the next issue goes only to addresses no webhook stopped (through a real SMTP server)', async () => {
    const report = await app.newsletters.send('daily');
    await sink.waitFor(report.sent);
    expect(sink.received.map((m) => m.to[0]).sort()).toEqual(['stays@example.com', 'temporary@example.com']);
  });

  it('is rate limited per client address', async () => {
    await app.store.db.updateTable('reader_rate_limits').set({ window_start: app.clock.now, hits: 600 }).where('key', '=', 'esp-webhook:127.0.0.1').execute();
    expect((await post('mailgun', mailgun(failedPermanent('stays@example.com')))).statusCode).toBe(429);
    expect((await state('stays@example.com')).hardBounces).toBe(0);
  });
});

import { afterEach, describe, expect, it } from 'vitest';
import { startSmtpSink } from '../../test/smtp-sink.ts';
import { article, makeTestApp, TEST_DB, type TestApp } from '../../test/support.ts';

const COMPANIES = ['Renault', 'Volvo'].map((name, i) => JSON.stringify({ id: String(200 + i), name, aliases: [], parent: null }));

let app: TestApp | undefined;
let sink: Awaited<ReturnType<typeof startSmtpSink>> | undefined;
afterEach(async () => {
  await app?.close();
  await sink?.close();
  app = sink = undefined;
});

async function setUp(refuse?: (address: string) => { code: number; message: string } | undefined) {
  sink = await startSmtpSink({ refuse });
  app = await makeTestApp({ SMTP_URL: sink.url, MAIL_RATE: '1000' });
  await app.directory.importCompanies(COMPANIES);
  return { app, sink };
}

async function follower(a: TestApp, email: string, company = 'renault') {
  const { reader } = await a.store.readers.ensure({ email, status: 'active', source: 'cli', now: a.clock.now });
  await a.follows.follow(reader.id, 'company', company);
  return reader.id;
}

const outbox = (a: TestApp) => a.store.db.selectFrom('mail_outbox').select(['kind', 'ref', 'email', 'status', 'attempts']).where('kind', '=', 'alert').orderBy('email').execute();

describe(`alerts through the mail outbox (${TEST_DB})`, () => {
  it('queues one outbox row per reader per pass; retries a 451 with backoff, counts a 550 as a hard bounce, then closes the pass', async () => {
    let busy = 0;
    const { app, sink } = await setUp((address) => {
      if (address.startsWith('gone@')) return { code: 550, message: 'No such user' };
      if (address.startsWith('busy@') && busy++ === 0) return { code: 451, message: 'Try again later' };
      return undefined;
    });
    for (const who of ['gone', 'busy', 'ok']) await follower(app, `${who}@example.com`);
    await app.pipeline.save(article({ headline: 'Renault opens a plant', body: 'Renault opened a plant.', publishedAt: app.clock.now }));
    await app.pipeline.save(article({ headline: 'Renault again', body: 'Renault said more.', publishedAt: app.clock.now }));
    await app.alerts.tick();
    const rows = await outbox(app);
    expect(rows.map((r) => [r.email, r.status])).toEqual([
      ['busy@example.com', 'queued'],
      ['gone@example.com', 'bounced'],
      ['ok@example.com', 'sent'],
    ]);
    expect(new Set(rows.map((r) => Number(r.ref))).size).toBe(1);
    expect((await app.store.readers.byEmail('gone@example.com'))?.hardBounces).toBe(1);
    const [pass] = await app.store.follows.openPasses();
    expect(pass?.mode).toBe('instant');
    // Not due yet: a tick sends nothing more, and the pass stays open.
    await app.alerts.tick();
    expect((await outbox(app)).find((r) => r.email === 'busy@example.com')?.status).toBe('queued');
    app.clock.now += 60_000;
    await app.alerts.tick();
    await sink.waitFor(2);
    expect((await outbox(app)).map((r) => r.status)).toEqual(['sent', 'bounced', 'sent']);
    expect(await app.store.follows.openPasses()).toEqual([]);
    // Both articles in one email each, never a second email for them.
    expect(sink.received.map((m) => [m.to[0], m.parsed.subject]).sort()).toEqual([
      ['busy@example.com', '2 new articles on what you follow'],
      ['ok@example.com', '2 new articles on what you follow'],
    ]);
    await app.alerts.tick();
    expect(sink.received).toHaveLength(2);
  });

  it('a sender that died holding a pass: its rows wait out the lease, then any node sends them, each once', async () => {
    const { app, sink } = await setUp();
    for (let i = 0; i < 5; i++) await follower(app, `r${i}@example.com`);
    await app.pipeline.save(article({ headline: 'Renault news', body: 'Renault news.', publishedAt: app.clock.now }));
    // The pass is opened (alerts stamped, rows queued in one transaction)...
    const pass = await app.store.transaction((repos) => repos.follows.openPass('instant', app.clock.now));
    expect(pass?.readers).toBe(5);
    // ...and a node claims the rows, then dies before sending any.
    expect(await app.store.outbox.claim('alert', pass!.id, 'dead-node', app.clock.now, 60_000, 100)).toHaveLength(5);
    await app.alerts.tick();
    expect(sink.received).toHaveLength(0);
    // The alerts are in that pass: a new pass does not take them again.
    expect(await app.store.transaction((repos) => repos.follows.openPass('instant', app.clock.now))).toBeNull();
    app.clock.now += 60_001;
    await app.alerts.tick();
    await sink.waitFor(5);
    await app.alerts.tick();
    expect(sink.received.map((m) => m.to[0]).sort()).toEqual(['r0@example.com', 'r1@example.com', 'r2@example.com', 'r3@example.com', 'r4@example.com']);
    expect(await app.store.follows.openPasses()).toEqual([]);
  });

  it('skips a reader who turned alerts off after the pass was opened', async () => {
    const { app, sink } = await setUp();
    const quiet = await follower(app, 'quiet@example.com');
    await follower(app, 'loud@example.com');
    await app.pipeline.save(article({ headline: 'Renault news', body: 'Renault news.', publishedAt: app.clock.now }));
    const pass = await app.store.transaction((repos) => repos.follows.openPass('instant', app.clock.now));
    await app.follows.setAlertMode(quiet, 'off');
    await app.alerts.tick();
    await sink.waitFor(1);
    expect(sink.received.map((m) => m.to[0])).toEqual(['loud@example.com']);
    expect(await app.store.outbox.counts('alert', pass!.id)).toMatchObject({ sent: 1, skipped: 1, queued: 0 });
  });
});

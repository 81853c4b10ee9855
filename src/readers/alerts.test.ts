import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startSmtpSink } from '../../test/smtp-sink.ts';
import { article, makeTestApp, makeTwoNodes, NOW, TEST_DB, type TestApp } from '../../test/support.ts';
import { importLines } from '../import/index.ts';

const NAMES = ['Renault', 'Nissan', 'Volvo', 'Dacia', 'Scania', 'Iveco'];
const COMPANIES = NAMES.map((name, i) => JSON.stringify({ id: String(100 + i), name, aliases: [], parent: null }));

let app: TestApp;
let sink: Awaited<ReturnType<typeof startSmtpSink>>;
let readers = 0;

beforeAll(async () => {
  sink = await startSmtpSink();
  app = await makeTestApp({ SMTP_URL: sink.url });
  await app.directory.importCompanies(COMPANIES);
});
afterAll(async () => {
  await app?.close();
  await sink?.close();
});
beforeEach(async () => {
  // Earlier tests' alerts are sent and forgotten; each test starts with an empty outbox.
  await app.alerts.tick();
  sink.received.length = 0;
});

/** A confirmed reader following `companies` (slugs), in `mode`. */
async function follower(companies: string[], mode: 'instant' | 'daily' = 'instant') {
  const email = `reader${++readers}@example.com`;
  const { reader } = await app.store.readers.ensure({ email, status: 'active', source: 'cli', now: app.clock.now });
  for (const slug of companies) await app.follows.follow(reader.id, 'company', slug);
  await app.follows.setAlertMode(reader.id, mode);
  return { id: reader.id, email };
}

const mailsTo = (email: string) => sink.received.filter((m) => m.to.includes(email));

describe(`alerts (${TEST_DB})`, () => {
  it('sends one email per reader per pass, even for five followed companies in two articles', async () => {
    const fan = await follower(['renault', 'nissan', 'volvo', 'dacia', 'scania']);
    const other = await follower(['iveco']);
    await app.pipeline.save(article({ headline: 'Five makers at the show', body: 'Renault, Nissan, Volvo, Dacia and Scania showed trucks.', publishedAt: app.clock.now }));
    await app.pipeline.save(article({ headline: 'Renault again', body: 'Renault said more.', publishedAt: app.clock.now }));
    await app.alerts.tick();
    await sink.waitFor(1);
    await app.alerts.tick();
    expect(mailsTo(fan.email)).toHaveLength(1);
    const mail = mailsTo(fan.email)[0]!;
    expect(mail.parsed.subject).toBe('2 new articles on what you follow');
    expect(mail.parsed.text).toContain('Five makers at the show');
    expect(mail.parsed.text).toContain('Renault again');
    expect(mailsTo(other.email)).toHaveLength(0);
  });

  it('never alerts twice for one article, even when it is unpublished and published again', async () => {
    const fan = await follower(['volvo']);
    const saved = await app.pipeline.save(article({ headline: 'Volvo recalls', body: 'Volvo recalled cars.', publishedAt: app.clock.now }));
    await app.alerts.tick();
    await sink.waitFor(1);
    await app.pipeline.save(article({ headline: 'Volvo recalls', body: 'Volvo recalled cars.', status: 'draft', publishedAt: app.clock.now }), saved.id);
    await app.pipeline.save(article({ headline: 'Volvo recalls', body: 'Volvo recalled cars.', publishedAt: app.clock.now }), saved.id);
    await app.alerts.tick();
    expect(mailsTo(fan.email)).toHaveLength(1);
  });

  it('sends nothing to a suppressed reader, an unconfirmed one, or for an old imported article', async () => {
    const suppressed = await follower(['dacia']);
    await app.store.readers.suppress(suppressed.id, 'complaint', app.clock.now);
    const { reader: pending } = await app.store.readers.ensure({ email: 'pending@example.com', status: 'pending', source: 'signup', now: app.clock.now });
    await app.follows.follow(pending.id, 'company', 'dacia');
    const fan = await follower(['dacia']);
    await importLines([JSON.stringify({ id: 'old-1', title: 'Dacia in 2012', body: 'Dacia grew.', date: '2012-07-23T00:00:00Z' })], app.pipeline);
    await app.pipeline.save(article({ headline: 'Dacia today', body: 'Dacia grew.', publishedAt: app.clock.now }));
    await app.alerts.tick();
    await sink.waitFor(1);
    await app.alerts.tick();
    expect(mailsTo(suppressed.email)).toEqual([]);
    expect(mailsTo('pending@example.com')).toEqual([]);
    expect(mailsTo(fan.email).map((m) => m.parsed.subject)).toEqual(['Dacia today']);
  });

  it('alerts on fresh news that arrives by import (a wire feed), once, and not on its re-import', async () => {
    const fan = await follower(['scania']);
    const fresh = JSON.stringify({ id: 'wire-1', title: 'Scania wins a fleet order', body: 'Scania will deliver 200 trucks.', date: new Date(app.clock.now - 3_600_000).toISOString() });
    await importLines([fresh], app.pipeline);
    await app.alerts.tick();
    await sink.waitFor(1);
    await importLines([fresh.replace('200 trucks', '220 trucks')], app.pipeline);
    await app.alerts.tick();
    await app.alerts.tick();
    expect(mailsTo(fan.email).map((m) => m.parsed.subject)).toEqual(['Scania wins a fleet order']);
  });

  it('follows sections, tags and authors too', async () => {
    const email = `topics${++readers}@example.com`;
    const { reader } = await app.store.readers.ensure({ email, status: 'active', source: 'cli', now: app.clock.now });
    await app.pipeline.save(article({ headline: 'Seed', body: 'Nothing.', section: 'Fleet', tags: ['Tyres'], authors: ['Jo Reporter'], publishedAt: app.clock.now - 1000 }));
    await app.follows.follow(reader.id, 'author', 'jo-reporter');
    await app.alerts.tick();
    sink.received.length = 0;
    await app.pipeline.save(article({ headline: 'By Jo', body: 'Words.', authors: ['Jo Reporter'], publishedAt: app.clock.now }));
    await app.alerts.tick();
    await sink.waitFor(1);
    expect(mailsTo(email).map((m) => m.parsed.subject)).toEqual(['By Jo']);
  });

  it('gathers daily readers into one digest a day, at the digest hour of the site time zone', async () => {
    const daily = await follower(['scania'], 'daily');
    // 05:00 UTC, before the 07:00 digest (the test site is on UTC).
    app.clock.now = Date.UTC(2026, 10, 28, 5, 0, 0);
    await app.pipeline.save(article({ headline: 'Scania one', body: 'Scania news.', publishedAt: app.clock.now }));
    await app.pipeline.save(article({ headline: 'Scania two', body: 'Scania more.', publishedAt: app.clock.now }));
    await app.alerts.tick();
    expect(mailsTo(daily.email)).toHaveLength(0);
    app.clock.now = Date.UTC(2026, 10, 28, 7, 30, 0);
    await app.alerts.tick();
    await sink.waitFor(1);
    await app.pipeline.save(article({ headline: 'Scania three', body: 'Scania later.', publishedAt: app.clock.now }));
    app.clock.now = Date.UTC(2026, 10, 28, 12, 0, 0);
    await app.alerts.tick();
    expect(mailsTo(daily.email)).toHaveLength(1);
    expect(mailsTo(daily.email)[0]!.parsed.subject).toMatch(/daily .* alerts: 2 articles/);
    app.clock.now = Date.UTC(2026, 10, 29, 7, 0, 0);
    await app.alerts.tick();
    await sink.waitFor(2);
    expect(mailsTo(daily.email)[1]!.parsed.text).toContain('Scania three');
    app.clock.now = NOW;
  });

  it('queues one alert per follower within the publish itself (a thousand followers, one statement)', async () => {
    const { id: companyId } = (await app.store.follows.targetId('company', 'iveco'))!;
    const now = app.clock.now;
    const rows = Array.from({ length: 1000 }, (_, i) => ({ email: `bulk${i}@example.com`, status: 'active' as const, source: 'cli' as const, created_at: now, updated_at: now, confirmed_at: now, suppressed_at: null, suppressed_reason: null }));
    const ids = await app.store.db.insertInto('readers').values(rows).returning('id').execute();
    await app.store.db
      .insertInto('reader_follows')
      .values(ids.map((r) => ({ reader_id: Number(r.id), kind: 'company' as const, target_id: companyId, created_at: now })))
      .execute();
    const saved = await app.pipeline.save(article({ headline: 'Iveco wins a tender', body: 'Iveco will supply buses.', publishedAt: now }));
    const queued = await app.store.db.selectFrom('reader_alerts').select((eb) => eb.fn.countAll<number>().as('n')).where('article_id', '=', saved.id).executeTakeFirstOrThrow();
    expect(Number(queued.n)).toBe(1001);
    await app.store.db.deleteFrom('readers').where('email', 'like', 'bulk%').execute();
  });
});

describe(`alerts on two nodes (${TEST_DB})`, () => {
  it('one node sends each pass; the other skips, so nobody gets two emails', async () => {
    const twoSink = await startSmtpSink();
    const [a, b] = await makeTwoNodes({ SMTP_URL: twoSink.url });
    try {
      await a.directory.importCompanies(COMPANIES);
      const { reader } = await a.store.readers.ensure({ email: 'both@example.com', status: 'active', source: 'cli', now: a.clock.now });
      await a.follows.follow(reader.id, 'company', 'renault');
      await a.pipeline.save(article({ headline: 'Renault on two nodes', body: 'Renault news.', publishedAt: a.clock.now }));
      await Promise.all([a.alerts.tick(), b.alerts.tick()]);
      await Promise.all([a.alerts.tick(), b.alerts.tick()]);
      await twoSink.waitFor(1);
      expect(twoSink.received.filter((m) => m.to.includes('both@example.com'))).toHaveLength(1);
    } finally {
      await b.close();
      await a.close();
      await twoSink.close();
    }
  });
});

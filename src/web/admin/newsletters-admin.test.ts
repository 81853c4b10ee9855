import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Agent, signedIn } from '../../../test/admin-support.ts';
import { startSmtpSink } from '../../../test/smtp-sink.ts';
import { article, makeTestApp, NOW, type TestApp } from '../../../test/support.ts';

describe('admin newsletters', () => {
  let app: TestApp;
  let editor: Agent;
  let sink: Awaited<ReturnType<typeof startSmtpSink>>;
  beforeEach(async () => {
    sink = await startSmtpSink();
    app = await makeTestApp({ SMTP_URL: sink.url, MAIL_RATE: '1000' });
    editor = await signedIn(app, 'editor');
    await app.pipeline.save(article({ headline: 'Tolls <rise> in Leeds', publishedAt: NOW - 3_600_000 }));
    await app.newsletters.addList({ slug: 'daily', name: 'Daily news' });
    await app.newsletters.importSubscribers(
      'daily',
      (async function* () {
        yield { line: 2, email: 'ada@example.com' };
        yield { line: 3, email: 'bob@example.com' };
      })(),
    );
  });
  afterEach(async () => {
    await app.close();
    await sink.close();
  });

  it('previews the next issue as the email (sandboxed) and as text, and sends a test to the editor only', async () => {
    const page = await editor.get('/admin/newsletters/daily/preview');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<strong>Daily news: Tolls &lt;rise> in Leeds</strong>');
    expect(page.body).toContain('Unsubscribe: #unsubscribe');
    expect(page.body).toContain('<iframe title="The email" src="/admin/newsletters/daily/preview.html" sandbox width');
    const email = await editor.get('/admin/newsletters/daily/preview.html');
    expect(email.headers['content-security-policy']).toContain('sandbox');
    expect(email.headers['content-security-policy']).toContain("default-src 'none'");
    expect(email.body).toContain('Tolls &lt;rise&gt; in Leeds');
    expect((await editor.post('/admin/newsletters/daily/test', {})).headers.location).toBe('/admin/newsletters?done=test-sent');
    await sink.waitFor(1);
    expect(sink.received.map((m) => [m.to[0], m.parsed.subject])).toEqual([['editor@example.com', '[Test] Daily news: Tolls <rise> in Leeds']]);
    // A preview makes no issue.
    expect(await app.store.newsletters.latestIssue((await app.store.newsletters.listBySlug('daily'))!.id)).toBeUndefined();
  });

  it('sends the next issue in the background and shows its progress', async () => {
    const res = await editor.post('/admin/newsletters/daily/send', {});
    expect(res.headers.location).toBe('/admin/newsletters?done=sending');
    await app.newsletters.kick();
    await sink.waitFor(2);
    const list = await editor.get('/admin/newsletters');
    expect(list.body).toContain('Sent 2026-11-27: 2 of 2');
  });

  it('composes the draft (subject, introduction, stories kept and reordered) and sends exactly that', async () => {
    await app.pipeline.save(article({ headline: 'Second story', publishedAt: NOW - 7_200_000 }));
    await app.pipeline.save(article({ headline: 'Third story', publishedAt: NOW - 10_800_000 }));
    const page = await editor.get('/admin/newsletters/daily/compose');
    expect(page.statusCode).toBe(200);
    const ids = [...page.body.matchAll(/name="keep-(\d+)"/g)].map((m) => m[1]!);
    expect(ids.length).toBe(3);
    const [first, second, third] = ids;
    const saved = await editor.post('/admin/newsletters/daily/compose', {
      subject: 'This week: <gantries>',
      intro: 'Hello & welcome',
      [`keep-${second}`]: '1',
      [`position-${second}`]: '1',
      [`keep-${first}`]: '1',
      [`position-${first}`]: '2',
      [`position-${third}`]: '3',
    });
    expect(saved.headers.location).toBe('/admin/newsletters/daily/compose?done=saved');
    const again = await editor.get('/admin/newsletters/daily/compose?done=saved');
    expect(again.body).toContain('Draft saved.');
    expect(again.body).not.toContain('Third story');
    expect(again.body.indexOf('Second story')).toBeLessThan(again.body.indexOf('Tolls &lt;rise> in Leeds'));
    await editor.post('/admin/newsletters/daily/send', {});
    await app.newsletters.kick();
    await sink.waitFor(2);
    const mail = sink.received[0]!;
    expect(mail.parsed.subject).toBe('This week: <gantries>');
    expect(mail.parsed.html).toContain('Hello &amp; welcome');
    expect(mail.parsed.html).not.toContain('Third story');
    expect(String(mail.parsed.html).indexOf('Second story')).toBeLessThan(String(mail.parsed.html).indexOf('Tolls &lt;rise'));
    // The third story was left out of this issue; it is not in the next one either (the issue covered its time).
    expect((await app.newsletters.draft('daily')).parsedItems).toEqual([]);
  });

  it('opens the composer with an empty draft when nothing is new, saves stories added by hand, and refuses an empty send on the page', async () => {
    await app.newsletters.send('daily');
    await sink.waitFor(2);
    const page = await editor.get('/admin/newsletters/daily/compose');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('No story yet: add one below');
    expect(page.body).toContain('id="add"');
    const refused = await editor.post('/admin/newsletters/daily/send', {});
    expect(refused.statusCode).toBe(422);
    expect(refused.body).toContain('<h1>Compose the next issue</h1>');
    expect(refused.body).toContain('No articles were published since the last issue of &quot;daily&quot;: nothing to send');
    // A story that is not there is refused on the page, the editor's words kept.
    const unknown = await editor.post('/admin/newsletters/daily/compose', { subject: 'Catch-up', intro: 'From <the> archive', add: 'no-such-story' });
    expect(unknown.statusCode).toBe(422);
    expect(unknown.body).toContain('No published story &quot;no-such-story&quot;');
    expect(unknown.body).toContain('From &lt;the> archive');
    // An archive story (stored now, dated long ago) is not news for the issue, but may be added by hand.
    const { slug } = await app.pipeline.save(article({ headline: 'Archive piece', publishedAt: NOW - 90 * 86_400_000 }));
    expect((await app.newsletters.draft('daily')).parsedItems).toEqual([]);
    const saved = await editor.post('/admin/newsletters/daily/compose', { subject: 'Catch-up', intro: 'From the archive', add: slug });
    expect(saved.headers.location).toBe('/admin/newsletters/daily/compose?done=saved');
    expect((await editor.get('/admin/newsletters/daily/compose')).body).toContain('<strong>Lead: </strong>Archive piece');
    expect((await editor.post('/admin/newsletters/daily/send', {})).headers.location).toBe('/admin/newsletters?done=sending');
  });

  it('creates, changes and removes a list\'s schedule, which the scheduler then follows', async () => {
    const weekly = await editor.post('/admin/newsletters/daily/schedule', { every: 'weekly', day: 'fri', time: '07:30' });
    expect(weekly.headers.location).toBe('/admin/newsletters/daily/schedule?done=scheduled');
    expect((await app.store.newsletters.listBySlug('daily'))?.schedule).toBe('weekly fri 07:30');
    const page = await editor.get('/admin/newsletters/daily/schedule?done=scheduled');
    expect(page.body).toContain('Weekly on Friday at 07:30');
    expect(page.body).toContain('<option value="fri" selected>');
    expect((await editor.get('/admin/newsletters')).body).toContain('Weekly on Friday at 07:30');
    const refused = await editor.post('/admin/newsletters/daily/schedule', { every: 'daily', time: '25:00' });
    expect(refused.statusCode).toBe(422);
    expect(refused.body).toContain('must be &quot;daily HH:MM&quot;');
    expect((await app.store.newsletters.listBySlug('daily'))?.schedule).toBe('weekly fri 07:30');
    await editor.post('/admin/newsletters/daily/schedule', { every: 'daily', time: '06:00' });
    expect((await app.store.newsletters.listBySlug('daily'))?.schedule).toBe('daily 06:00');
    // The next morning (the list was made at NOW, 12:00 UTC): that 06:00 has come, so a tick sends the issue.
    app.clock.now = NOW + 19 * 3_600_000;
    expect(await app.newsletters.runSchedules()).toEqual(['daily']);
    await editor.post('/admin/newsletters/daily/schedule', { every: 'none' });
    expect((await app.store.newsletters.listBySlug('daily'))?.schedule).toBeNull();
    expect((await editor.get('/admin/newsletters')).body).toContain('Sent by hand');
  });

  it('refuses a form without the CSRF token and a contributor', async () => {
    const forged = await app.http.inject({ method: 'POST', url: '/admin/newsletters/daily/send', headers: { cookie: editor.cookie, 'content-type': 'application/x-www-form-urlencoded' }, payload: '' });
    expect(forged.statusCode).toBe(403);
    const contributor = await signedIn(app, 'contributor');
    expect((await contributor.get('/admin/newsletters')).statusCode).toBe(403);
    expect(await app.newsletters.progress(1)).toMatchObject({ recipients: 0 });
  });
});

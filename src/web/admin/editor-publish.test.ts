import { describe, expect, it } from 'vitest';
import { signedIn, signedInEachTest } from '../../../test/admin-support.ts';
import { makeTestApp, NOW } from '../../../test/support.ts';

const FIELDS = {
  headline: 'Tolling operators agree a common back office',
  standfirst: 'Six operators will share one clearing house from 2027.',
  body: 'The **agreement** covers six operators.\n\nIt starts in 2027.',
  section: 'Tolling',
  tags: 'ANPR, Clearing, anpr',
  authors: 'Ada Writer',
  slug: '',
};

describe('admin editor: write and publish', () => {
  const t = signedInEachTest('editor');

  it('shows the editor with every labelled field and the four buttons', async () => {
    const res = await t.agent.get('/admin/articles/new');
    expect(res.statusCode).toBe(200);
    for (const [id, label] of [
      ['headline', 'Headline'],
      ['standfirst', 'Standfirst'],
      ['body', 'Body'],
      ['section', 'Section'],
      ['tags', 'Tags'],
      ['authors', 'Authors'],
      ['slug', 'Slug'],
    ]) {
      expect(res.body).toContain(`<label for="${id}">${label}</label>`);
    }
    expect(res.body).toContain('<button type="submit" name="action" value="save">Save draft</button>');
    expect(res.body).toContain('<button type="submit" name="action" value="publish">Publish</button>');
    expect(res.body).toContain('<button type="submit" name="action" value="schedule">Schedule</button>');
    expect(res.body).toContain('<label for="scheduleAt">Publish at (UTC)</label><input id="scheduleAt" name="scheduleAt" type="datetime-local" value/>');
    expect(res.body).toContain('value="editor person"');
  });

  it('saves a draft (not public), then publishes it: on the article page, the home page and the feed', async () => {
    const saved = await t.agent.post('/admin/articles/new', { ...FIELDS, action: 'save' });
    expect(saved.statusCode).toBe(303);
    expect(saved.headers.location).toBe('/admin/articles/1?done=save');
    expect((await t.agent.get('/admin/articles/1?done=save')).body).toContain('<p class="notice" role="status">Saved.</p>');
    expect((await t.app.http.inject({ method: 'GET', url: '/news/tolling-operators-agree-common-back-office' })).statusCode).toBe(404);

    t.app.clock.now = NOW + 60_000;
    const published = await t.agent.post('/admin/articles/1', { ...FIELDS, slug: 'tolling-operators-agree-common-back-office', action: 'publish' });
    expect(published.headers.location).toBe('/admin/articles/1?done=publish');
    const page = await t.app.http.inject({ method: 'GET', url: '/news/tolling-operators-agree-common-back-office' });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<h1>Tolling operators agree a common back office</h1>');
    expect(page.body).toContain('<p><strong>agreement</strong> covers six operators.</p>'.replace('<p><strong>', '<p>The <strong>'));
    expect((await t.app.http.inject({ method: 'GET', url: '/' })).body).toContain('/news/tolling-operators-agree-common-back-office');
    const feed = await t.app.http.inject({ method: 'GET', url: '/feed.xml' });
    expect(feed.body).toContain('<link>https://news.example/news/tolling-operators-agree-common-back-office</link>');
    const row = await t.app.store.articles.findById(1);
    expect(row).toMatchObject({ status: 'published', published_at: NOW + 60_000 });
    const tags = await t.app.store.taxonomy.tagsOf([1]);
    expect(tags.get(1)!.map((t) => t.name)).toEqual(['ANPR', 'Clearing']);
    const audit = await t.app.store.operations.auditOf('article:1');
    expect(audit.map((a) => [a.actor, a.action])).toEqual([
      ['editor@example.com', 'article.create'],
      ['editor@example.com', 'article.publish'],
    ]);
  });

  it('derives the slug from the headline, lets it change before publishing, and keeps it once published', async () => {
    await t.agent.post('/admin/articles/new', { ...FIELDS, action: 'save' });
    await t.agent.post('/admin/articles/1', { ...FIELDS, headline: 'A new headline for the draft', slug: 'tolling-operators-agree-common-back-office', action: 'save' });
    expect((await t.app.store.articles.findById(1))!.slug).toBe('new-headline-draft');
    await t.agent.post('/admin/articles/1', { ...FIELDS, slug: 'my-own-slug', action: 'publish' });
    expect((await t.app.store.articles.findById(1))!.slug).toBe('my-own-slug');
    const form = await t.agent.get('/admin/articles/1');
    expect(form.body).toContain('<input id="slug" name="slug" type="text" value="my-own-slug" readonly aria-describedby="slug-hint"/>');
    await t.agent.post('/admin/articles/1', { ...FIELDS, headline: 'Changed after publishing', slug: 'sneaky-change', action: 'publish' });
    expect((await t.app.store.articles.findById(1))!).toMatchObject({ slug: 'my-own-slug', headline: 'Changed after publishing' });
  });

  it('unpublishes: the page is gone from the site and the article is a draft again', async () => {
    await t.agent.post('/admin/articles/new', { ...FIELDS, action: 'publish' });
    expect((await t.app.http.inject({ method: 'GET', url: '/news/tolling-operators-agree-common-back-office' })).statusCode).toBe(200);
    const res = await t.agent.post('/admin/articles/1', { ...FIELDS, action: 'unpublish' });
    expect(res.headers.location).toBe('/admin/articles/1?done=unpublish');
    expect((await t.app.store.articles.findById(1))!.status).toBe('draft');
    expect((await t.app.http.inject({ method: 'GET', url: '/news/tolling-operators-agree-common-back-office' })).statusCode).toBe(404);
  });

  it('schedules in the site’s time zone; the scheduler publishes at that time', async () => {
    const res = await t.agent.post('/admin/articles/new', { ...FIELDS, scheduleAt: '2026-11-27T14:30', action: 'schedule' });
    expect(res.statusCode).toBe(303);
    expect(await t.app.store.articles.findById(1)).toMatchObject({ status: 'scheduled', published_at: Date.UTC(2026, 10, 27, 14, 30) });
    expect((await t.agent.get('/admin/articles/1')).body).toContain('value="2026-11-27T14:30"');
    expect(await t.app.pipeline.publishDue()).toEqual([]);
    t.app.clock.now = Date.UTC(2026, 10, 27, 14, 30);
    expect(await t.app.pipeline.publishDue()).toEqual([1]);
    expect((await t.app.http.inject({ method: 'GET', url: '/news/tolling-operators-agree-common-back-office' })).statusCode).toBe(200);
  });

  it('schedules in another time zone when the site says so', async () => {
    const paris = await makeTestApp({ SITE_TIMEZONE: 'Europe/Paris' });
    try {
      const agent = await signedIn(paris, 'editor');
      await agent.post('/admin/articles/new', { ...FIELDS, scheduleAt: '2026-11-27T14:30', action: 'schedule' });
      expect((await paris.store.articles.findById(1))!.published_at).toBe(Date.UTC(2026, 10, 27, 13, 30));
    } finally {
      await paris.close();
    }
  });

  it('lists articles with a New article link, filters by status and section, searches headlines, pages', async () => {
    for (let i = 1; i <= 27; i++) {
      await t.agent.post('/admin/articles/new', { ...FIELDS, headline: `Story ${i} about ${i % 2 ? 'tolling' : 'parking'}`, section: i % 3 ? 'Tolling' : 'Parking', action: i <= 3 ? 'publish' : 'save' });
      t.app.clock.now += 1000;
    }
    const list = await t.agent.get('/admin');
    expect(list.body).toMatch(/<main id="main"><p><a class="button" href="\/admin\/articles\/new">New article<\/a><\/p>/);
    expect(list.body).toContain('<p role="status">27 articles, page 1 of 2</p>');
    expect(list.body).toContain('<a rel="next" href="/admin?page=2">Older</a>');
    expect((await t.agent.get('/admin?page=2')).body).toContain('<a href="/admin/articles/1">Story 1 about tolling</a>');
    expect((await t.agent.get('/admin?status=published')).body).toContain('<p role="status">3 articles</p>');
    expect((await t.agent.get('/admin?section=parking')).body).toContain('<p role="status">9 articles</p>');
    expect((await t.agent.get('/admin?q=PARKING+story')).body).toContain('<p role="status">13 articles</p>');
    expect((await t.agent.get('/admin?q=100%25')).body).toContain('<p role="status">0 articles</p>');
    expect((await t.agent.get('/admin?status=bogus')).statusCode).toBe(400);
  });
});

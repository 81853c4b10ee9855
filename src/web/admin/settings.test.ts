import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import sharp from 'sharp';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Agent, signedIn } from '../../../test/admin-support.ts';
import { article, makeTestApp, makeTwoNodes, NOW, type TestApp } from '../../../test/support.ts';
import { settingsForm } from '../../admin/index.ts';

describe('admin site settings', () => {
  let app: TestApp;
  let admin: Agent;
  /** The settings form as it stands, with some fields changed. */
  const fields = (changes: Record<string, string>) => ({ ...settingsForm(app.settings.current), ...changes });

  beforeEach(async () => {
    app = await makeTestApp();
    admin = await signedIn(app, 'admin');
  });
  afterEach(() => app.close());

  it('shows the form with the environment’s values until an admin saves', async () => {
    const res = await admin.get('/admin/settings');
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('<label for="title">Site title</label><input id="title" name="title" type="text" value="Masthead Transport Review" required aria-describedby="title-hint"/>');
    expect(res.body).toContain('<option value="UTC" selected>UTC</option>');
    expect(res.body).toContain('<option value="Europe/Paris">Europe/Paris</option>');
    expect(res.body).toContain('<input id="postsPerPage" name="postsPerPage" type="text" value="5" inputmode="numeric"');
    expect(res.body).toContain('<input id="weightCompanies" name="weightCompanies" type="text" value="0.3" inputmode="decimal"');
  });

  it('changes the title and description on the public home page and the feeds, at once', async () => {
    await app.pipeline.save(article({ headline: 'A story to list' }));
    expect((await app.http.inject({ method: 'GET', url: '/' })).body).toContain('Masthead Transport Review');
    const res = await admin.post('/admin/settings', fields({ title: 'Highways Today', description: 'Roads, bridges and the people who build them.' }));
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/admin/settings?done=saved');
    expect((await admin.get('/admin/settings?done=saved')).body).toContain('<p class="notice" role="status">Settings saved.</p>');
    const home = await app.http.inject({ method: 'GET', url: '/' });
    expect(home.body).toContain('<title>Highways Today</title>');
    expect(home.body).not.toContain('Masthead Transport Review');
    const rss = await app.http.inject({ method: 'GET', url: '/feed.xml' });
    expect(rss.body).toContain('<title>Highways Today</title>');
    expect(rss.body).toContain('Roads, bridges and the people who build them.');
    const json = JSON.parse((await app.http.inject({ method: 'GET', url: '/feed.json' })).body) as { title: string };
    expect(json.title).toBe('Highways Today');
    const audit = await app.store.operations.auditOf('settings:site');
    expect(audit.map((a) => [a.actor, a.action])).toEqual([['admin@example.com', 'settings.update']]);
    expect(audit[0]!.details).toEqual({
      title: { from: 'Masthead Transport Review', to: 'Highways Today' },
      description: { from: 'News and analysis for the people who build intelligent transport.', to: 'Roads, bridges and the people who build them.' },
    });
  });

  it('pages lists by the saved number of posts per page', async () => {
    for (let i = 0; i < 7; i++) await app.pipeline.save(article());
    expect((await app.catalog.latest(1)).totalPages).toBe(2);
    await admin.post('/admin/settings', fields({ postsPerPage: '3' }));
    const page3 = await app.http.inject({ method: 'GET', url: '/news?page=3' });
    expect(page3.statusCode).toBe(200);
    expect((await app.catalog.latest(3)).items).toHaveLength(1);
    expect((await app.http.inject({ method: 'GET', url: '/news?page=4' })).statusCode).toBe(404);
    expect((await app.catalog.home()).latest).toHaveLength(3);
  });

  it('refuses an unknown time zone and bad numbers next to their fields, keeping what was typed and saving nothing', async () => {
    const res = await admin.post('/admin/settings', fields({ title: '  ', timeZone: 'Mars/Olympus_Mons', postsPerPage: '0', recencyStrength: '0.9', weightTags: 'lots' }));
    expect(res.statusCode).toBe(422);
    expect(res.body).toContain('<p class="alert" role="alert">5 fields need attention. Nothing was saved.</p>');
    expect(res.body).toContain('<p class="error" id="title-error">Give the site a title.</p>');
    expect(res.body).toContain('aria-invalid="true" aria-describedby="timeZone-hint timeZone-error"');
    expect(res.body).toContain('<p class="error" id="timeZone-error">Choose a time zone from the list (an IANA name such as Europe/London).</p>');
    expect(res.body).toContain('<option value="Mars/Olympus_Mons" selected>Mars/Olympus Mons</option>');
    expect(res.body).toContain('<p class="error" id="postsPerPage-error">Give a whole number from 1 to 100.</p>');
    expect(res.body).toContain('<p class="error" id="recencyStrength-error">Give a number from 0 to 0.5.</p>');
    expect(res.body).toContain('<p class="error" id="weightTags-error">Give a number from 0 to 10.</p>');
    expect(await app.store.state.settings()).toEqual({});
    expect(await app.store.operations.auditOf('settings:site')).toEqual([]);
  });

  it('schedules and shows admin times in the saved time zone', async () => {
    await admin.post('/admin/settings', fields({ timeZone: 'Europe/Paris' }));
    const editor = await signedIn(app, 'editor');
    const form = await editor.get('/admin/articles/new');
    expect(form.body).toContain('<label for="scheduleAt">Publish at (Europe/Paris)</label>');
    await editor.post('/admin/articles/new', { headline: 'Timed', body: 'Words.', scheduleAt: '2026-11-27T14:30', action: 'schedule' });
    expect((await app.store.articles.findById(1))!.published_at).toBe(Date.UTC(2026, 10, 27, 13, 30));
    expect((await editor.get('/admin')).body).toContain('27 Nov 2026, 14:30');
  });

  /**
   * Saves a related setting on `app` and checks the lists it recomputes in the background (in this
   * process on an in-memory database, in a `masthead related --rebuild` child on a file or PostgreSQL).
   */
  async function relatedSettingRebuilds(): Promise<void> {
    // Each story shares a topic with the next, so a rebuild (which keeps only shared terms) relates them.
    const topics = ['gantries', 'congestion', 'numberplates', 'clearinghouse'];
    for (const [i, topic] of topics.entries()) {
      const next = topics[(i + 1) % topics.length];
      await app.pipeline.save(article({ headline: `Tolling story ${i} on ${topic}`, body: `Operators compare ${topic} ${topic} and ${next} for tolling.` }));
    }
    expect((await app.store.related.get(1))!.length).toBe(3);
    const res = await admin.post('/admin/settings', fields({ relatedCount: '2', weightSection: '0.5' }));
    expect(res.statusCode).toBe(303);
    // The rebuild runs after the response (on an in-memory database it may already be done).
    await app.settings.idle();
    expect(app.related.weights.section).toBe(0.5);
    expect((await app.store.related.get(1))!.length).toBe(2);
    expect((await app.http.inject({ method: 'GET', url: '/news/tolling-story-0-gantries' })).statusCode).toBe(200);
    const user = (await app.store.users.byEmail('admin@example.com'))!;
    const titleOnly = await app.settings.save(fields({ title: 'No rebuild for this' }), user);
    expect(titleOnly).toEqual({ ok: true, changed: ['title'], rebuilding: false });
  }

  it('recomputes related lists in the background after a related setting changes', async () => {
    await relatedSettingRebuilds();
  });

  it('recomputes them in a child process when the database is one another process can open', async () => {
    await app.close();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mh-settings-'));
    const lines: { msg: string; rebuild?: { articles: number } }[] = [];
    try {
      app = await makeTestApp({ MASTHEAD_DB: path.join(dir, 'site.db') }, pino({ level: 'info' }, { write: (line: string) => void lines.push(JSON.parse(line)) }));
      admin = await signedIn(app, 'admin');
      await relatedSettingRebuilds();
      // The child's own report (`related --rebuild --json`), logged by the serving node.
      expect(lines.filter((l) => l.msg === 'related lists recomputed after a settings change').map((l) => l.rebuild?.articles)).toEqual([4]);
    } finally {
      await app.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);

  describe('home-page pins', () => {
    const browser = { 'accept-encoding': 'br, gzip' };
    /** The stories at the top of the home page, lead first, each link once. */
    const topStories = async () => {
      const res = await app.http.inject({ method: 'GET', url: '/', headers: { 'accept-encoding': 'identity' } });
      const front = res.body.slice(res.body.indexOf('<section class="front"'), res.body.indexOf('</section>', res.body.indexOf('<section class="front"')));
      return [...new Set([...front.matchAll(/href="\/news\/([^"]+)"/g)].map((m) => m[1]!))];
    };
    const saveStories = async (n: number) => {
      const out = [];
      for (let i = 0; i < n; i++) out.push(await app.pipeline.save(article({ headline: `Story number ${i}`, publishedAt: NOW - i * 3600_000 })));
      return out.map((r) => r.slug);
    };

    it('offers the latest stories to pin and leads with the pinned story, then the pinned featured ones, then the newest', async () => {
      const slugs = await saveStories(8);
      expect(await topStories()).toEqual(slugs.slice(0, 5));
      const form = await admin.get('/admin/settings');
      expect(form.body).toContain('<input id="leadStory" name="leadStory" type="text" value list="recent-stories"');
      expect(form.body).toContain(`<option value="${slugs[7]}">Story number 7</option>`);
      // The home page is cached now (an ETag a browser would send back): pinning must empty that cache.
      const cached = await app.http.inject({ method: 'GET', url: '/', headers: browser });
      const res = await admin.post('/admin/settings', fields({ leadStory: slugs[6]!, featuredStory1: slugs[7]!, featuredStory3: `https://example.com/news/${slugs[0]}` }));
      expect(res.statusCode).toBe(303);
      const again = await app.http.inject({ method: 'GET', url: '/', headers: { ...browser, 'if-none-match': String(cached.headers.etag) } });
      expect(again.statusCode).toBe(200);
      expect(await topStories()).toEqual([slugs[6], slugs[7], slugs[0], slugs[1], slugs[2]]);
      expect((await app.catalog.home()).latest.map((a) => a.slug)).toEqual([slugs[6], slugs[7], slugs[0], slugs[1], slugs[2]]);
      const page = (await app.http.inject({ method: 'GET', url: '/', headers: { 'accept-encoding': 'identity' } })).body;
      const links = [...page.slice(page.indexOf('<main'), page.indexOf('</main>')).matchAll(/href="(\/news\/[^"]+)"/g)].map((m) => m[1]!);
      expect(links.filter((l, i) => links.indexOf(l) !== i)).toEqual([]);
      expect((await app.store.operations.auditOf('settings:site'))[0]!.details).toMatchObject({ leadStory: { from: '', to: slugs[6] } });
    });

    it('keeps the newest as lead when only featured stories are pinned, even if the newest is one of them', async () => {
      const slugs = await saveStories(6);
      expect((await admin.post('/admin/settings', fields({ featuredStory1: slugs[5]!, featuredStory2: slugs[0]! }))).statusCode).toBe(303);
      expect(await topStories()).toEqual([slugs[1], slugs[5], slugs[0], slugs[2], slugs[3]]);
    });

    it('falls back to the newest when a pinned story is unpublished, and still lets the admin save', async () => {
      const slugs = await saveStories(4);
      expect((await admin.post('/admin/settings', fields({ leadStory: slugs[3]!, featuredStory1: slugs[2]! }))).statusCode).toBe(303);
      expect(await topStories()).toEqual([slugs[3], slugs[2], slugs[0], slugs[1]]);
      const row = (await app.store.articles.findBySlug(slugs[3]!))!;
      await app.pipeline.save(article({ headline: 'Story number 3', publishedAt: NOW - 3 * 3600_000, status: 'draft' }), Number(row.id));
      expect(await topStories()).toEqual([slugs[0], slugs[2], slugs[1]]);
      expect((await admin.post('/admin/settings', fields({ title: 'Highways Today' }))).statusCode).toBe(303);
    });

    it('refuses a story that is not published, keeping what was typed and saving nothing', async () => {
      const [draft] = [await app.pipeline.save(article({ headline: 'Not yet', status: 'draft' }))];
      const res = await admin.post('/admin/settings', fields({ leadStory: 'no-such-story', featuredStory1: draft!.slug }));
      expect(res.statusCode).toBe(422);
      expect(res.body).toContain('<p class="error" id="leadStory-error">No published article has the slug “no-such-story”.</p>');
      expect(res.body).toContain(`<p class="error" id="featuredStory1-error">No published article has the slug “${draft!.slug}”.</p>`);
      expect(res.body).toContain('value="no-such-story"');
      expect(await app.store.state.settings()).toEqual({});
    });
  });

  it('sets the accent colour through a stylesheet of its own, refusing a colour too light for links', async () => {
    await app.pipeline.save(article({ headline: 'A story to list' }));
    const page = async () => (await app.http.inject({ method: 'GET', url: '/', headers: { 'accept-encoding': 'br, gzip' } })).headers;
    const themeOf = async () => /<link rel="stylesheet" href="(\/assets\/theme\/[0-9a-f]+\.css)"\/>/.exec((await app.http.inject({ method: 'GET', url: '/', headers: { 'accept-encoding': 'identity' } })).body)?.[1];
    // System fonts: the theme stylesheet then holds the colour alone (fonts: settings-fonts.test.ts).
    expect((await admin.post('/admin/settings', fields({ headingFont: 'system', bodyFont: 'system' }))).statusCode).toBe(303);
    expect(await themeOf()).toBeUndefined();
    const refused = await admin.post('/admin/settings', fields({ accentColour: '#FFCC00' }));
    expect(refused.statusCode).toBe(422);
    expect(refused.body).toContain('<p class="error" id="accentColour-error">#ffcc00 has a contrast of 1.51:1 on white; links and buttons need at least 4.5:1 (WCAG AA). Choose a darker colour.</p>');
    expect((await admin.post('/admin/settings', fields({ accentColour: '#7a1f5c' }))).statusCode).toBe(303);
    const first = await themeOf();
    expect(first).toBeDefined();
    const css = await app.http.inject({ method: 'GET', url: first!, headers: { 'accept-encoding': 'br, gzip' } });
    expect(css.statusCode).toBe(200);
    expect(css.headers['content-type']).toBe('text/css; charset=utf-8');
    expect(css.body).toBe(':root{--accent:#7a1f5c;--accent-dark:#5c1745}\n');
    // The CSP stays as strict as before: style only from the site's own files.
    expect(String((await page())['content-security-policy'])).toContain("style-src 'self';");
    expect((await admin.post('/admin/settings', fields({ accentColour: '#004d40' }))).statusCode).toBe(303);
    expect(await themeOf()).not.toBe(first);
    expect((await app.http.inject({ method: 'GET', url: first! })).statusCode).toBe(404);
    expect((await admin.post('/admin/settings', fields({ accentColour: '' }))).statusCode).toBe(303);
    expect(await themeOf()).toBeUndefined();
  });

  it('shows the logo chosen from the media library in the masthead and as the publisher logo', async () => {
    const png = await sharp({ create: { width: 800, height: 200, channels: 3, background: '#0b2a4a' } }).png().toBuffer();
    const uploaded = await app.media.upload({ filename: 'logo.png', data: png }, 'Wordmark', (await app.store.users.byEmail('admin@example.com'))!);
    if (!('id' in uploaded)) throw new Error(uploaded.error.message);
    const slug = (await app.pipeline.save(article({ headline: 'A story with a publisher' }))).slug;
    const form = await admin.get('/admin/settings');
    expect(form.body).toContain(`<option value="${uploaded.id}">logo.png (Wordmark)</option>`);
    expect((await admin.post('/admin/settings', fields({ logoMedia: '999999' }))).body).toContain('<p class="error" id="logoMedia-error">That image is no longer in the media library; choose another.</p>');
    expect((await admin.post('/admin/settings', fields({ logoMedia: String(uploaded.id) }))).statusCode).toBe(303);
    const logo = `/media/${uploaded.id}/640.png`;
    const home = (await app.http.inject({ method: 'GET', url: '/', headers: { 'accept-encoding': 'identity' } })).body;
    expect(home).toContain(`<a class="brand" href="/"><img class="brand-logo" src="${logo}" width="640" height="160" alt="Masthead Transport Review"/></a>`);
    expect(home).not.toContain('brand-name');
    expect((await app.http.inject({ method: 'GET', url: logo, headers: { 'accept-encoding': 'br, gzip' } })).statusCode).toBe(200);
    const page = (await app.http.inject({ method: 'GET', url: `/news/${slug}`, headers: { 'accept-encoding': 'identity' } })).body;
    const jsonLd = JSON.parse(/<script type="application\/ld\+json">(.*?)<\/script>/s.exec(page)![1]!) as { publisher: { logo: unknown } };
    expect(jsonLd.publisher.logo).toEqual({ '@type': 'ImageObject', url: `${app.config.site.url}${logo}`, width: 640, height: 160 });
    expect((await admin.post('/admin/settings', fields({ logoMedia: '' }))).statusCode).toBe(303);
    expect((await app.http.inject({ method: 'GET', url: '/', headers: { 'accept-encoding': 'identity' } })).body).toContain('<span class="brand-name">Masthead Transport Review</span>');
  });

  it('lists the social links in every page footer with rel="me"', async () => {
    await app.pipeline.save(article({ headline: 'A story to list' }));
    expect((await admin.post('/admin/settings', fields({ socialLink1: 'https://x.com/acme', socialLink2: 'ftp://example.com/' }))).body).toContain(
      '<p class="error" id="socialLink2-error">Give a full web address starting with https://, or leave it empty.</p>',
    );
    expect((await admin.post('/admin/settings', fields({ socialLink1: 'https://x.com/acme', socialLink2: 'https://mastodon.social/@acme' }))).statusCode).toBe(303);
    const home = (await app.http.inject({ method: 'GET', url: '/', headers: { 'accept-encoding': 'identity' } })).body;
    const follow = home.slice(home.indexOf('<nav aria-label="Follow">'));
    expect(follow).toContain('<li><a href="https://x.com/acme" rel="me">X</a></li><li><a href="https://mastodon.social/@acme" rel="me">mastodon.social</a></li><li><a href="/feed.xml">RSS</a></li>');
  });

  it('lets only admins in (editors get 403) and wants the CSRF token', async () => {
    const editor = await signedIn(app, 'editor');
    expect((await editor.get('/admin/settings')).statusCode).toBe(403);
    expect((await editor.post('/admin/settings', fields({ title: 'Editor was here' }))).statusCode).toBe(403);
    const noToken = await app.http.inject({
      method: 'POST',
      url: '/admin/settings',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: admin.cookie },
      payload: new URLSearchParams(fields({ title: 'Forged' })).toString(),
    });
    expect(noToken.statusCode).toBe(403);
    expect(app.settings.current.title).toBe('Masthead Transport Review');
    expect((await editor.get('/admin')).body).not.toContain('href="/admin/settings"');
    expect((await admin.get('/admin')).body).toContain('<a href="/admin/settings">Settings</a>');
  });
});

describe('site settings across app nodes', () => {
  it('shows a change saved on one node on another node over the same database', async () => {
    const [a, b] = await makeTwoNodes();
    try {
      const admin = await signedIn(a, 'admin');
      expect((await b.http.inject({ method: 'GET', url: '/' })).body).toContain('<title>Masthead Transport Review</title>');
      await admin.post('/admin/settings', { ...settingsForm(a.settings.current), title: 'Saved on node A', postsPerPage: '2' });
      const t0 = Date.now();
      while (b.settings.current.title !== 'Saved on node A' && Date.now() - t0 < 5000) await new Promise((r) => setTimeout(r, 25));
      expect(b.settings.current.postsPerPage).toBe(2);
      expect((await b.http.inject({ method: 'GET', url: '/' })).body).toContain('<title>Saved on node A</title>');
      // A node started later reads the saved settings when it opens the database.
      expect(b.settings.current).toEqual(a.settings.current);
    } finally {
      await b.close();
      await a.close();
    }
  });
});

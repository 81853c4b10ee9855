import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { article, makeTestApp, NOW, type TestApp } from '../../../test/support.ts';
import { SITE_CSS, SITE_CSS_PATH } from './assets.ts';
import { withInArticleSlot } from './views/ad-slots.tsx';
import { PRIMARY_SECTIONS } from './views/layout.tsx';

const SECTIONS = ['Tolling', 'Rail', 'Freight', 'Enforcement', 'Smart Cities', 'Electric Vehicles', 'Parking', 'Aviation', 'Maritime'];

let app: TestApp;
let newest: string;
beforeAll(async () => {
  app = await makeTestApp({ POSTS_PER_PAGE: '8' });
  // Four stories a section, an hour apart: more stories than the front page has places for.
  for (let i = 0; i < SECTIONS.length * 4; i++) {
    const saved = await app.pipeline.save(
      article({ headline: `Story ${i} on ${SECTIONS[i % SECTIONS.length]}`, section: SECTIONS[i % SECTIONS.length]!, authors: ['Ada Field', 'Ben Rowe'], publishedAt: NOW - i * 3600_000, body: 'One.\n\nTwo.\n\nThree.\n\nFour.' }),
    );
    if (i === 0) newest = saved.slug;
  }
  await app.store.pages.upsert('about', 'About us', 'We report.', NOW);
  await app.store.pages.upsert('privacy', 'Privacy', 'No tracking.', NOW);
}, 120_000);
afterAll(async () => {
  await app.close();
});

const get = (url: string) => app.http.inject({ method: 'GET', url, headers: { 'accept-encoding': 'identity' } });
const mainOf = (html: string) => html.slice(html.indexOf('<main'), html.indexOf('</main>'));

describe('front page', () => {
  it('leads with the newest story, then four featured, then the sections', async () => {
    const main = mainOf((await get('/')).body);
    expect(/<article class="story story-lead">.*?<a href="([^"]+)"/s.exec(main)?.[1]).toBe(`/sections/tolling`);
    expect(main.indexOf(`/news/${newest}`)).toBeLessThan(main.indexOf('story-featured'));
    expect(main.match(/class="story story-featured"/g)).toHaveLength(4);
    expect(main).toContain('<a href="/sections/rail">Rail</a></h2>');
  });

  it('shows no story twice on the page', async () => {
    const links = [...mainOf((await get('/')).body).matchAll(/href="(\/news\/[^"]+)"/g)].map((m) => m[1]!);
    expect(links.length).toBeGreaterThan(10);
    expect(links.filter((l, i) => links.indexOf(l) !== i)).toEqual([]);
  });
});

describe('front page of a one-section archive imported without standfirsts', () => {
  let single: TestApp;
  beforeAll(async () => {
    single = await makeTestApp({ POSTS_PER_PAGE: '8' });
    // One section, twenty stories: the newest eight all go to the latest, and its block must show
    // the next ones, not vanish because its newest stories were already above.
    for (let i = 0; i < 20; i++) {
      await single.pipeline.save(
        article({ headline: `Business story ${i}`, section: 'Business', standfirst: '', body: `Opening sentence of story ${i}. A second sentence follows.\n\nMore.`, publishedAt: NOW - i * 3600_000 }),
      );
    }
  }, 120_000);
  afterAll(async () => {
    await single.close();
  });

  it("shows the section's block with stories not already on the page, and the lead's opening as its standfirst", async () => {
    const main = mainOf((await single.http.inject({ method: 'GET', url: '/', headers: { 'accept-encoding': 'identity' } })).body);
    expect(main).toContain('<a href="/sections/business">Business</a></h2>');
    const lead = main.slice(main.indexOf('story-lead'), main.indexOf('</article>', main.indexOf('story-lead')));
    expect(lead).toContain('<p class="story-standfirst">Opening sentence of story 0.');
    const block = main.slice(main.indexOf('class="section-block"'));
    expect(block).toContain('Business story 8');
    expect(block).toContain('<p class="story-standfirst">Opening sentence of story 8.');
    const links = [...main.matchAll(/href="(\/news\/[^"]+)"/g)].map((m) => m[1]!);
    expect(links.filter((l, i) => links.indexOf(l) !== i)).toEqual([]);
  });
});

describe('navigation', () => {
  it(`names at most ${PRIMARY_SECTIONS} sections in the header, and every section on /topics`, async () => {
    const html = (await get('/')).body;
    const header = html.slice(html.indexOf('<header'), html.indexOf('</header>'));
    const primary = header.slice(header.indexOf('class="primary"'), header.indexOf('</nav>'));
    expect(primary.match(/href="\/sections\//g)).toHaveLength(PRIMARY_SECTIONS);
    expect(primary).toContain('<a href="/topics">Topics</a>');
    const topics = await get('/topics');
    expect(topics.statusCode).toBe(200);
    for (const name of SECTIONS) expect(topics.body).toContain(`>${name}</a>`);
  });

  it('has a menu for phones that needs no JavaScript', async () => {
    const html = (await get('/')).body;
    expect(html).toMatch(/<details class="menu"><summary>Menu<\/summary><nav aria-label="Menu">/);
    expect(html).not.toMatch(/<script(?! type="application\/ld\+json")/);
  });

  it('puts breadcrumbs above an article and a section', async () => {
    const story = (await get(`/news/${newest}`)).body;
    expect(story).toContain('<nav class="breadcrumbs" aria-label="Breadcrumb"><ol><li><a href="/">Home</a></li><li><a href="/topics">Topics</a></li><li><a href="/sections/tolling">Tolling</a></li></ol></nav>');
    expect((await get('/sections/rail')).body).toContain('<li><a href="/topics">Topics</a></li></ol></nav>');
  });

  it('lists the publisher pages that exist in the footer, and no others', async () => {
    const html = (await get('/')).body;
    const footer = html.slice(html.indexOf('<footer'));
    expect(footer).toContain('<a href="/pages/about">About us</a>');
    expect(footer).toContain('<a href="/pages/privacy">Privacy</a>');
    expect(footer).not.toContain('/pages/terms');
  });
});

describe('article page', () => {
  it('has a byline and plain share links (email, LinkedIn, X, copy link)', async () => {
    const html = (await get(`/news/${newest}`)).body;
    expect(html).toContain('By <a href="/authors/ada-field">Ada Field</a> and <a href="/authors/ben-rowe">Ben Rowe</a>');
    const url = encodeURIComponent(`https://news.example/news/${newest}`);
    expect(html).toContain(`href="mailto:?subject=Story%200%20on%20Tolling&amp;body=${url}"`);
    expect(html).toContain(`href="https://www.linkedin.com/sharing/share-offsite/?url=${url}"`);
    expect(html).toContain(`href="https://x.com/intent/post?url=${url}&amp;text=Story%200%20on%20Tolling"`);
    expect(html).toContain(`<a href="https://news.example/news/${newest}" title="Copy this link (right-click or long-press)">Copy link</a>`);
  });
});

describe('newsletter sign-up', () => {
  it('posts to the real sign-up, which keeps nothing while the site has no list; the old address redirects there', async () => {
    expect((await get('/')).body).toContain('<form class="newsletter" action="/newsletters/subscribe" method="post">');
    const res = await app.http.inject({ method: 'POST', url: '/newsletters/subscribe', payload: 'email=reader%40example.com', headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'https://news.example' } });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('<h1>No newsletters yet</h1>');
    expect(await app.store.readers.byEmail('reader@example.com')).toBeUndefined();
    const old = await app.http.inject({ method: 'POST', url: '/newsletter', payload: 'email=reader%40example.com', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(old.statusCode).toBe(308);
    expect(old.headers.location).toBe('/newsletters/subscribe');
  });
});

describe('ad slots', () => {
  it('render nothing until advertising exists', async () => {
    const html = (await get(`/news/${newest}`)).body;
    expect(html).not.toMatch(/class="[^"]*\bad\b/);
    expect(withInArticleSlot('<p>1</p><p>2</p><p>3</p><p>4</p>')).toBe('<p>1</p><p>2</p><p>3</p><p>4</p>');
  });

  it('put in-article markup after the third paragraph once there is some', () => {
    expect(withInArticleSlot('<p>1</p><p>2</p><p>3</p><p>4</p>', '<aside>ad</aside>')).toBe('<p>1</p><p>2</p><p>3</p><aside>ad</aside><p>4</p>');
  });
});

describe('as browsers fetch them (compressed)', () => {
  it('sends the whole stylesheet with brotli and with gzip', async () => {
    expect(SITE_CSS.length).toBeGreaterThan(8192);
    const br = await app.http.inject({ method: 'GET', url: SITE_CSS_PATH, headers: { 'accept-encoding': 'br, gzip' } });
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(zlib.brotliDecompressSync(br.rawPayload).toString()).toBe(SITE_CSS);
    const gzip = await app.http.inject({ method: 'GET', url: SITE_CSS_PATH, headers: { 'accept-encoding': 'gzip' } });
    expect(zlib.gunzipSync(gzip.rawPayload).toString()).toBe(SITE_CSS);
  });

  it('sends the newsletter page whole with brotli', async () => {
    const res = await app.http.inject({ method: 'POST', url: '/newsletters/subscribe', payload: 'email=a%40b.c', headers: { 'content-type': 'application/x-www-form-urlencoded', 'accept-encoding': 'br, gzip', 'sec-fetch-site': 'same-origin' } });
    expect(res.headers['content-encoding']).toBe('br');
    const html = zlib.brotliDecompressSync(res.rawPayload).toString();
    expect(html).toContain('<h1>No newsletters yet</h1>');
    expect(res.headers['cache-control']).toBe('no-store');
  });
});

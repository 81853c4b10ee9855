import { XMLParser } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { signedInEachTest } from '../../../test/admin-support.ts';

/** Known payloads (OWASP filter-evasion cheat sheet): each must come out as text, never as markup. */
const PAYLOADS = [
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>',
  "'><svg onload=alert(1)>",
  '</script><script>alert(1)</script>',
  '<iframe src="javascript:alert(1)"></iframe>',
];

/** Anything in a page that would run script. */
const ACTIVE = /<script(?![^>]*type="application\/ld\+json")[^>]*>|<[a-z]+\b[^>]*\son\w+=|(href|src)="\s*javascript:|<iframe/i;

describe('nothing an editor types injects script into the public site', () => {
  const t = signedInEachTest('editor');

  it.each(PAYLOADS.map((p, i) => [i, p] as const))('payload %i is inert in every field, on the article page, home page, feed and admin', async (i, payload) => {
    const res = await t.agent.post('/admin/articles/new', {
      headline: `Headline ${payload}`,
      standfirst: `Standfirst ${payload}`,
      body: `Body ${payload}\n\n[click me](javascript:alert(1))\n\n<a href="javascript:alert(1)" onclick="alert(1)">x</a>`,
      section: `Section ${payload}`,
      tags: `Tag ${payload.replace(/,/g, '')}`,
      authors: `Author ${payload.replace(/,/g, '')}`,
      slug: '',
      action: 'publish',
    });
    expect(res.statusCode).toBe(303);
    const row = (await t.app.store.articles.findById(1))!;
    expect(row.headline).toBe(`Headline ${payload}`);
    const pages = [
      await t.app.http.inject({ method: 'GET', url: `/news/${row.slug}` }),
      await t.app.http.inject({ method: 'GET', url: '/' }),
      await t.agent.get('/admin'),
      await t.agent.get('/admin/articles/1'),
      await t.agent.post('/admin/preview', { headline: payload, standfirst: payload, body: payload, section: payload, tags: payload, authors: payload, slug: '' }),
    ];
    for (const page of pages) {
      expect(page.statusCode).toBe(200);
      const withoutAdminJs = page.body.replace(/<script type="module" src="\/admin\/assets\/admin\.[0-9a-f]{12}\.js"><\/script>/, '');
      expect(ACTIVE.exec(withoutAdminJs)?.[0]).toBeUndefined();
    }
    expect(pages[0]!.body).toContain('<h1>Headline ');
    // Feed descriptions are HTML to feed readers: the standfirst arrives escaped.
    const rss = await t.app.http.inject({ method: 'GET', url: '/feed.xml' });
    const item = new XMLParser({ processEntities: true }).parse(rss.body).rss.channel.item;
    expect(item.title).toBe(`Headline ${payload}`);
    expect(item.description).not.toContain('<');
    expect(ACTIVE.exec(item['content:encoded'])?.[0]).toBeUndefined();
    const json = JSON.parse((await t.app.http.inject({ method: 'GET', url: '/feed.json' })).body) as { items: { summary: string; content_html: string }[] };
    expect(json.items[0]!.summary).toBe(`Standfirst ${payload}`);
    expect(ACTIVE.exec(json.items[0]!.content_html)?.[0]).toBeUndefined();
    expect(i).toBeGreaterThanOrEqual(0);
  });
});

import { renderToString } from 'preact-render-to-string';
import { describe, expect, it } from 'vitest';
import type { ArticleSummary } from '../../../catalog/index.ts';
import { ArticleCards, ArticleList } from './article-list.tsx';
import { escapeAsPreact } from './html-text.ts';
import type { SiteInfo } from './layout.tsx';
import { NewsletterBox } from './newsletter.tsx';

const site: SiteInfo = { title: 'T', description: '', url: 'https://t.example', locale: 'en-GB', timeZone: 'Europe/London', sections: [] };

/** Text that Preact escapes, or leaves: quotes, ampersands, angle brackets, whitespace runs, a non-breaking space. */
const awkward = 'AT&T <ATT.N> says "yes" > no\u00a0and  then\n\'more\'';

function summary(id: number, over: Partial<ArticleSummary> = {}): ArticleSummary {
  return {
    id,
    sourceId: null,
    slug: `story-${id}-&-"x"`,
    headline: `${awkward} ${id}`,
    standfirst: `${awkward} `.repeat(id % 3 === 0 ? 0 : 12),
    publishedAt: Date.UTC(2012, 6, 23, 23, 30) + id * 86_400_000,
    updatedAt: 0,
    section: id % 2 ? { slug: 'tolling', name: 'Tolling & <Roads>', siteId: 1 } : { slug: 'x', name: 'Elsewhere', siteId: 2, url: 'https://other.example/sections/x?a=1&b="2"' },
    leadImageUrl: null,
    leadImageAlt: null,
    sponsor: id % 4 === 1 ? { slug: 'acme-&-co', name: 'Acme & "Co" <AC>' } : null,
    ...over,
  };
}

describe('ArticleList written as a string', () => {
  const items = [1, 2, 3, 4, 5, 6, 7].map((id) => summary(id));
  for (const options of [{}, { headingLevel: 2 as const }, { showSection: true }, { headingLevel: 3 as const, showSection: true }]) {
    it(`gives the bytes Preact renders (${JSON.stringify(options)})`, () => {
      const written = renderToString(<ArticleList site={site} items={items} {...options} />);
      const elements = renderToString(<ArticleCards site={site} items={items} {...options} />);
      expect(written).toContain('Sponsored by');
      expect(written).toBe(elements);
    });
  }

  it('escapes as Preact does: " & < only', () => {
    expect(escapeAsPreact(awkward)).toBe('AT&amp;T &lt;ATT.N> says &quot;yes&quot; > no\u00a0and  then\n\'more\'');
    expect(escapeAsPreact('plain')).toBe('plain');
  });

  it('writes the newsletter box as its elements would render', () => {
    expect(renderToString(<NewsletterBox id={'a"b'} />)).toBe(
      '<form class="newsletter" action="/newsletters/subscribe" method="post"><p class="newsletter-title">Get the news by email</p><label class="visually-hidden" for="newsletter-email-a&quot;b">Email address</label><div class="newsletter-row"><input id="newsletter-email-a&quot;b" type="email" name="email" autocomplete="email" placeholder="you@company.com" required maxlength="254"/><button type="submit">Sign up</button></div></form>',
    );
  });
});

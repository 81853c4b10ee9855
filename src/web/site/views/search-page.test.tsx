import { renderToString } from 'preact-render-to-string';
import { describe, expect, it } from 'vitest';
import type { SearchOutcome } from '../../../search/index.ts';
import type { SiteInfo } from './layout.tsx';
import { SearchPageView } from './search-page.tsx';

const site: SiteInfo = { title: 'T', description: '', url: 'https://t.example', locale: 'en-GB', timeZone: 'Europe/London', sections: [] };

function page(over: Partial<SearchOutcome>): string {
  const outcome: SearchOutcome = {
    total: 98_052,
    hits: [],
    relaxed: false,
    query: { words: [{ text: 'said', prefix: false }], phrases: [], excluded: [], mode: 'all' },
    understood: 'said',
    facets: { sections: [{ slug: 'tolling', name: 'Tolling', count: 10_373 }], companies: [] },
    filters: [],
    ...over,
  };
  return renderToString(<SearchPageView site={site} state={{ q: 'said', sort: 'relevance', page: 1, correct: true }} perPage={10} outcome={outcome} />);
}

describe('search page counts', () => {
  it('writes exact counts with thousands separators', () => {
    const html = page({});
    expect(html).toContain('98,052 results');
    expect(html).toContain('Tolling <span class="count">(10,373)</span>');
  });

  it('says "about" where the facet counts or the total are estimates', () => {
    expect(page({ facetsEstimated: true })).toContain('98,052 results');
    expect(page({ facetsEstimated: true })).toContain('(about 10,373)');
    const estimated = page({ estimated: true, facetsEstimated: true, total: 120_000 });
    expect(estimated).toContain('About 120,000 results');
  });
});

import { describe, expect, it } from 'vitest';
import { SEED_COMPANIES, seedCompany } from '../../test/seed-companies.ts';
import { cleanLegacyIds, compileMatcher, findCandidates, linkFirstMentions } from './index.ts';

// Sentences of the seed article's body (../shared/seed/000_856dfffb84b6831f.txt) as migrated, the quote cut short.
const BODY = [
  '2453 Renault-838 Nissan Alliance will invest US$160 million in Korea to meet anticipated demand for the ' +
    'next-generation Nissan Rogue and to accelerate growth of Renault Samsung Motors.',
  '"The Busan announcement represents a unique \'win-win-win\' for Renault, Nissan and RSM, demonstrating the ' +
    'flexibility and power of the Alliance for all partners."',
  'Formed in 1999, the Renault-Nissan Alliance achieved a record 8.03 million vehicle sales in 2011 in nearly 200 ' +
    'countries. Brands include Renault, Nissan, 4777 Infiniti, 1973 Dacia and Renault Samsung Motors.',
].join('\n\n');

describe('the seed article, from legacy body to linked Markdown', () => {
  const { text, links } = cleanLegacyIds(BODY, seedCompany);
  const matcher = compileMatcher(SEED_COMPANIES);
  const mentions = matcher.find(text);

  it('cleans the leaked ids and finds every company', () => {
    expect(links.map((l) => [text.slice(l.start, l.end), l.companyId])).toEqual([
      ['Renault', '2453'],
      ['Nissan', '838'],
      ['Infiniti', '4777'],
      ['Dacia', '1973'],
    ]);
    expect(new Set(mentions.map((m) => m.companyId))).toEqual(new Set(['2453', '838', '4777', '1973', '9001']));
    expect(mentions.filter((m) => m.companyId === '9001').map((m) => m.text)).toEqual([
      'Renault Samsung Motors',
      'RSM',
      'Renault Samsung Motors',
    ]);
  });

  it('links the first mention of each company', () => {
    expect(linkFirstMentions(text, mentions, (id) => `/companies/${id}`)).toBe(
      [
        '[Renault](/companies/2453)-[Nissan](/companies/838) Alliance will invest US$160 million in Korea to meet ' +
          'anticipated demand for the next-generation Nissan Rogue and to accelerate growth of ' +
          '[Renault Samsung Motors](/companies/9001).',
        '"The Busan announcement represents a unique \'win-win-win\' for Renault, Nissan and RSM, demonstrating the ' +
          'flexibility and power of the Alliance for all partners."',
        'Formed in 1999, the Renault-Nissan Alliance achieved a record 8.03 million vehicle sales in 2011 in nearly ' +
          '200 countries. Brands include Renault, Nissan, [Infiniti](/companies/4777), [Dacia](/companies/1973) and ' +
          'Renault Samsung Motors.',
      ].join('\n\n'),
    );
  });

  it('offers the alliance as a candidate', () => {
    expect(findCandidates(text, matcher)).toEqual([{ name: 'Renault-Nissan Alliance', count: 2 }]);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestStore } from '../../test/support.ts';
import { slugFamilies, slugFamily } from './slug-family.ts';
import type { Store } from './store.ts';

describe('slug families', () => {
  let store: Store;
  let close: () => Promise<void>;
  const slugs = ['abc', 'abc-2', 'abc-x-y', 'abcd', 'abc0', 'ab', 'abd', 'abc_1', 'abb-9', 'ab-1'];
  beforeAll(async () => {
    ({ store, close } = await openTestStore());
    for (const [i, slug] of slugs.entries()) {
      await store.db
        .insertInto('articles')
        .values({ id: 9001 + i, slug, headline: 'h', standfirst: '', body: 'x', body_format: 'markdown', word_count: 1, status: 'published', published_at: 1000, created_at: 0, updated_at: 0, section_id: null, source_id: null })
        .execute();
    }
  });
  afterAll(() => close());

  it('are the base and the base-… slugs, nothing that merely starts with the base or sorts beside it', async () => {
    expect([...(await slugFamily(store.db, 'articles', 'abc'))].sort()).toEqual(['abc', 'abc-2', 'abc-x-y']);
    expect([...(await slugFamily(store.db, 'articles', 'abc', 9001))].sort()).toEqual(['abc-2', 'abc-x-y']);
    const families = await slugFamilies(store.db, 'articles', ['abc', 'ab', 'abb', 'zzz', 'abc']);
    expect(Object.fromEntries([...families].map(([base, set]) => [base, [...set].sort()]))).toEqual({
      abc: ['abc', 'abc-2', 'abc-x-y'],
      ab: ['ab', 'ab-1'],
      abb: ['abb-9'],
      zzz: [],
    });
  });
});

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { article, makeTestApp, type TestApp } from '../../test/support.ts';
import type { ArticleInput } from './index.ts';

let app: TestApp;
beforeEach(async () => {
  app = await makeTestApp();
});
afterEach(async () => {
  await app.close();
});

/** A batch whose slugs depend on each other: duplicates within it, in the table, and a slug freed by an update. */
function batch(): ArticleInput[] {
  return [
    article({ headline: 'Same headline', sourceId: 'n1' }),
    article({ headline: 'Other story', sourceId: 'd1', status: 'draft' }),
    article({ headline: 'Moving draft', sourceId: 'n2' }),
    article({ headline: 'Same headline', sourceId: 'n3' }),
    article({ headline: 'Other story', sourceId: 'n4' }),
    article({ headline: 'Anything', slug: 'Same headline', sourceId: 'n5' }),
  ];
}

describe('slugs of a bulk batch', () => {
  it('come out as if each article were saved before the next chose', async () => {
    await app.pipeline.save(article({ headline: 'Same headline' }));
    await app.pipeline.save(article({ headline: 'Moving draft', sourceId: 'd1', status: 'draft' }));
    const bulk = await app.pipeline.saveMany(
      batch().map((input) => ({ input })),
      { bulk: true },
    );
    expect(bulk.map((r) => [r.slug, r.outcome])).toEqual([
      ['same-headline-0', 'created'],
      ['other-story', 'updated'],
      // Freed by the draft's new headline earlier in the batch.
      ['moving-draft', 'created'],
      ['same-headline-1', 'created'],
      ['other-story-0', 'created'],
      ['same-headline-2', 'created'],
    ]);
    // Ids in the batch's order, as one insert after another would give them.
    const created = bulk.filter((r) => r.outcome === 'created').map((r) => r.id);
    expect(created).toEqual([...created].sort((a, b) => a - b));
    for (const r of bulk) expect((await app.store.articles.findById(r.id))?.slug).toBe(r.slug);
  });

  it('are the slugs the same records get saved one at a time', async () => {
    await app.pipeline.save(article({ headline: 'Same headline' }));
    await app.pipeline.save(article({ headline: 'Moving draft', sourceId: 'd1', status: 'draft' }));
    const single = [];
    for (const input of batch()) single.push((await app.pipeline.save(input)).slug);
    expect(single).toEqual(['same-headline-0', 'other-story', 'moving-draft', 'same-headline-1', 'other-story-0', 'same-headline-2']);
  });
});

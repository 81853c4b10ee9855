import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestStore, TEST_DB } from '../../test/support.ts';
import type { Store } from './index.ts';
import { onSite } from './site-filter.ts';

let store: Store;
let close: () => Promise<void>;
beforeAll(async () => {
  ({ store, close } = await openTestStore());
});
afterAll(() => close());

/** The plan of `latestUpdate`'s statement (article-repository.ts), for all sites and for one. */
async function plan(siteId?: number): Promise<string> {
  const site = siteId === undefined ? sql`` : sql`and ${onSite(siteId)}`;
  const query = sql`select max(a.updated_at) as m from articles as a where a.status = 'published' ${site}`;
  if (TEST_DB === 'sqlite') {
    const { rows } = await sql<{ detail: string }>`explain query plan ${query}`.execute(store.db);
    return rows.map((r) => r.detail).join('\n');
  }
  // An empty table is scanned whatever its indexes: ask what the planner does when it must not.
  return store.db.transaction().execute(async (trx) => {
    await sql`set local enable_seqscan = off`.execute(trx);
    const { rows } = await sql<{ 'QUERY PLAN': string }>`explain ${query}`.execute(trx);
    return rows.map((r) => r['QUERY PLAN']).join('\n');
  });
}

describe('the sitemap index’s latest change', () => {
  it.each([undefined, 1])('reads the (status, updated_at) index, not every published article (site %s)', async (siteId) => {
    expect(await plan(siteId)).toContain('articles_status_updated');
  });
});

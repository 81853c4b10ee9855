import { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshPostgresDatabase, openTestStore, TEST_DB } from '../../test/support.ts';
import { createPostgresDialect, createPostgresPool } from './postgres/postgres-dialect.ts';
import type { Database } from './schema.ts';
import { Store } from './store.ts';

let store: Store;
let close: () => Promise<void>;
beforeAll(async () => {
  ({ store, close } = await openTestStore());
});
afterAll(() => close());

describe('bulkTransaction', () => {
  it('commits its writes whole, and rolls them all back when the work throws', async () => {
    await store.bulkTransaction((repos) => repos.state.putSettings({ title: 'kept' }, 1, 'test'));
    await expect(
      store.bulkTransaction(async (repos) => {
        await repos.state.putSettings({ title: 'lost' }, 2, 'test');
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect((await store.state.settings()).title).toBe('kept');
  });

  it.runIf(TEST_DB === 'postgres')('on PostgreSQL, commits without waiting for the WAL flush, for that transaction only', async () => {
    const pgdb = await freshPostgresDatabase();
    const statements: string[] = [];
    const db = new Kysely<Database>({ dialect: createPostgresDialect(createPostgresPool(pgdb.url)), log: (e) => {
        statements.push(e.query.sql);
      },
    });
    const watched = new Store(db, 'postgres', false);
    try {
      await watched.bulkTransaction((repos) => repos.state.contentVersion());
      expect(statements).toEqual(['begin', 'SET LOCAL synchronous_commit = off', expect.stringMatching(/site_state/), 'commit']);
      statements.length = 0;
      await watched.transaction((repos) => repos.state.contentVersion());
      expect(statements.some((s) => s.includes('synchronous_commit'))).toBe(false);
    } finally {
      await watched.close();
      await pgdb.drop();
    }
  });
});

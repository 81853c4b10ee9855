import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestStore, TEST_DB } from '../../test/support.ts';
import type { Store } from './store.ts';

describe(`readers (${TEST_DB})`, () => {
  let store: Store;
  let close: () => Promise<void>;
  beforeAll(async () => {
    ({ store, close } = await openTestStore());
  });
  afterAll(async () => {
    await close();
  });

  it('keeps one reader per address whatever its case, and an import fills only empty fields', async () => {
    const first = await store.readers.ensure({ email: ' Ana@Example.COM ', status: 'pending', source: 'signup', now: 1000, name: 'Ana Ruiz', company: null });
    expect(first.created).toBe(true);
    expect(first.reader).toMatchObject({ email: 'ana@example.com', name: 'Ana Ruiz', status: 'pending', confirmedAt: null });
    const again = await store.readers.ensure({ email: 'ana@example.com', status: 'active', source: 'import', now: 2000, name: 'Someone Else', company: 'Renault' });
    expect(again.created).toBe(false);
    // The reader's own name stays; the empty company is filled; the status is not raised by an import.
    expect(again.reader).toMatchObject({ id: first.reader.id, name: 'Ana Ruiz', company: 'Renault', status: 'pending' });
    await store.readers.confirm(first.reader.id, 3000);
    expect(await store.readers.byEmail('ANA@example.com')).toMatchObject({ status: 'active', confirmedAt: 3000 });
  });

  it('suppresses an address at the bounce threshold, counting concurrent bounces, and nothing un-suppresses it', async () => {
    const { reader } = await store.readers.ensure({ email: 'gone@example.com', status: 'active', source: 'import', now: 1000 });
    const results = await Promise.all([1, 2].map(() => store.readers.recordHardBounce(reader.id, 5000, 3)));
    expect(results).toEqual([false, false]);
    expect(await store.readers.recordHardBounce(reader.id, 6000, 3)).toBe(true);
    expect(await store.readers.byId(reader.id)).toMatchObject({ hardBounces: 3, suppressedAt: 6000, suppressedReason: 'hard bounces' });
    await store.readers.ensure({ email: 'gone@example.com', status: 'active', source: 'import', now: 7000, name: 'Back Again' });
    await store.readers.suppress(reader.id, 'complaint', 8000);
    expect(await store.readers.byId(reader.id)).toMatchObject({ suppressedAt: 6000, suppressedReason: 'hard bounces', name: 'Back Again' });
  });

  it('deletes a reader', async () => {
    const { reader } = await store.readers.ensure({ email: 'leaving@example.com', status: 'active', source: 'cli', now: 1000 });
    await store.readers.delete(reader.id);
    expect(await store.readers.byId(reader.id)).toBeUndefined();
  });
});

import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestStore, TEST_DB } from '../../../test/support.ts';
import { copyRows, insertRows } from '../insert-rows.ts';
import type { Store } from '../store.ts';
import { copyable, copyText } from './copy-from-stdin.ts';

describe('copyText', () => {
  it('escapes backslash, tab, newline and carriage return, writes null as \\N and other values as the driver binds them', () => {
    const rows = [
      { a: 'tab\there', b: null, c: 1.5, d: true },
      { a: 'back\\slash \\N new\nline\r\n', b: 'é 🎉', c: -0, d: 12n },
    ];
    expect(copyText(rows, ['a', 'b', 'c', 'd'])).toBe('tab\\there\t\\N\t1.5\ttrue\nback\\\\slash \\\\N new\\nline\\r\\n\té 🎉\t0\t12\n');
    expect(copyText([], ['a'])).toBe('');
  });

  it('copies only what a bound parameter would carry as text', () => {
    expect([null, '', 0, 1n, false].every(copyable)).toBe(true);
    expect([undefined, Buffer.from('x'), new Date(0), { a: 1 }, [1]].some(copyable)).toBe(false);
  });
});

describe.runIf(TEST_DB === 'postgres')('copyRows on PostgreSQL', () => {
  let store: Store;
  let close: () => Promise<void>;
  beforeAll(async () => {
    ({ store, close } = await openTestStore());
  });
  afterAll(() => close());

  const settings = (prefix: string, values: readonly string[]) => values.map((v, i) => ({ key: `${prefix}${i}`, value: v, updated_at: i, updated_by: `${v}|${i}` }));
  const read = async (prefix: string) =>
    (await store.db.selectFrom('site_settings').select(['key', 'value', 'updated_by']).where('key', 'like', `${prefix}%`).execute())
      .map((r) => ({ ...r, key: r.key.slice(prefix.length) }))
      .sort((a, b) => Number(a.key) - Number(b.key));

  it('stores every string as bound parameters would: tabs, newlines, backslashes, \\N, unicode, lone surrogates', async () => {
    // No NUL: PostgreSQL text refuses it either way.
    const text = fc.string({ unit: fc.oneof(fc.constantFrom('\t', '\n', '\r', '\\', 'N', '.', ' ', 'é', '🎉', '\u2028', '\ud800', '\udc00'), fc.string({ unit: 'binary', maxLength: 1 }).filter((s) => !s.includes('\0'))), maxLength: 12 });
    let run = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(text, { minLength: 1, maxLength: 20 }), async (values) => {
        run++;
        // insertRows, under 1,000 rows: a VALUES list of bound parameters.
        await insertRows(store.db, 'site_settings', settings(`v${run}-`, values));
        await copyRows(store.db, 'site_settings', settings(`c${run}-`, values));
        expect(await read(`c${run}-`)).toEqual(await read(`v${run}-`));
      }),
      { numRuns: 60 },
    );
  });

  it('copies within the caller transaction: a failed transaction leaves none of its rows', async () => {
    const rows = settings('tx-', Array.from({ length: 1500 }, (_, i) => `row ${i}`));
    await expect(
      store.db.transaction().execute(async (trx) => {
        await copyRows(trx, 'site_settings', rows);
        throw new TypeError('boom');
      }),
    ).rejects.toThrow('boom');
    expect(await read('tx-')).toEqual([]);
    await store.db.transaction().execute((trx) => copyRows(trx, 'site_settings', rows));
    expect((await read('tx-')).length).toBe(1500);
  });

  it('fails the statement on a refused row, as an insert would', async () => {
    const rows = settings('dup-', Array.from({ length: 1500 }, (_, i) => `row ${i}`));
    await copyRows(store.db, 'site_settings', rows);
    await expect(copyRows(store.db, 'site_settings', rows)).rejects.toThrow(/duplicate key/);
  });
});

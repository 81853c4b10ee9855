import fc from 'fast-check';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestStore, TEST_DB } from '../../../test/support.ts';
import type { Store } from '../store.ts';
import { bigintArray, textArray } from './binary-arrays.ts';

describe('binary arrays', () => {
  it('write array_recv’s header, then each element’s length and UTF-8 bytes; null as length -1 with the NULL flag set', () => {
    const out = textArray(['é', null, '']);
    expect([out.readInt32BE(0), out.readInt32BE(4), out.readUInt32BE(8), out.readInt32BE(12), out.readInt32BE(16)]).toEqual([1, 1, 25, 3, 1]);
    expect(out.subarray(20)).toEqual(Buffer.from([0, 0, 0, 2, 0xc3, 0xa9, 0xff, 0xff, 0xff, 0xff, 0, 0, 0, 0]));
    const ids = bigintArray([1, 2 ** 40]);
    expect([ids.readInt32BE(4), ids.readUInt32BE(8), ids.readInt32BE(12)]).toEqual([0, 20, 2]);
    expect([ids.readInt32BE(20), ids.readBigInt64BE(24), ids.readBigInt64BE(36)]).toEqual([8, 1n, 2n ** 40n]);
  });
});

describe.runIf(TEST_DB === 'postgres')('binary arrays on PostgreSQL', () => {
  let store: Store;
  let close: () => Promise<void>;
  beforeAll(async () => {
    ({ store, close } = await openTestStore());
  });
  afterAll(() => close());

  it('reach the server as the same strings and numbers the driver’s text arrays carry: quotes, backslashes, braces, commas, NULL, unicode, lone surrogates', async () => {
    // No NUL: PostgreSQL text refuses it either way.
    const unit = fc.oneof(fc.constantFrom('"', '\\', '{', '}', ',', ' ', 'NULL', 'é', '🎉', '\u2028', '\ud800', '\n'), fc.string({ unit: 'binary', maxLength: 1 }).filter((s) => !s.includes('\0')));
    const values = fc.array(fc.option(fc.string({ unit, maxLength: 8 }), { nil: null }), { maxLength: 20 });
    const ids = fc.array(fc.integer({ min: -(2 ** 53) + 1, max: 2 ** 53 - 1 }), { maxLength: 20 });
    await fc.assert(
      fc.asyncProperty(values, ids, async (texts, numbers) => {
        const { rows } = await sql<{ binary: string[] | null; text: string[] | null; same: boolean; numbers: string[] | null }>`SELECT
            ${textArray(texts)}::text[] AS binary, ${texts}::text[] AS text,
            ${textArray(texts)}::text[] IS NOT DISTINCT FROM ${texts}::text[] AS same,
            ${bigintArray(numbers)}::bigint[]::text[] AS numbers`.execute(store.db);
        const row = rows[0]!;
        expect(row.same).toBe(true);
        expect(row.binary ?? []).toEqual(row.text ?? []);
        expect((row.numbers ?? []).map(Number)).toEqual(numbers);
      }),
      { numRuns: 50 },
    );
  });
});

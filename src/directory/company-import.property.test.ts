import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fuzz, fuzzTimeout } from '../../test/fuzz.ts';
import { makeTestApp, type TestApp } from '../../test/support.ts';

let app: TestApp;
beforeAll(async () => {
  app = await makeTestApp();
});
afterAll(async () => {
  await app.close();
});

/** Text as hostile as a company name gets: controls (NUL too), lone surrogates, markup, any script. */
const anyText = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 20 }),
  fc.string({ unit: fc.constantFrom('\u0000', '\u0003', '\uD800', '\uFFFF', '<', '&', '"', ' ', 'é', '𝄞', 'A', '-', '.'), maxLength: 10 }),
);
const field = fc.oneof(anyText, fc.integer(), fc.constant(null), fc.array(anyText, { maxLength: 3 }), fc.constant(''));
/** Lines that may or may not be companies: wrong types, missing fields, not JSON, not objects. */
const badLine = fc.oneof(
  fc.record({ id: field, name: field, aliases: field, website: field, parent: field }, { requiredKeys: [] }).map((r) => JSON.stringify(r)),
  fc.json({ maxDepth: 2 }),
  fc.string({ unit: 'binary', maxLength: 60 }),
);

let run = 0;

describe('company JSONL with NUL characters', () => {
  it('imports the company without them on both engines (PostgreSQL cannot store U+0000)', async () => {
    const report = await app.directory.importCompanies([JSON.stringify({ id: 'nul\u0000-1', name: 'Acme\u0000 Trucks', description: 'Makes\u0000 trucks.', website: 'https://acme.example/\u0000' })]);
    expect(report).toMatchObject({ imported: 1, refused: [] });
    expect(await app.store.companies.bySourceId('nul-1')).toMatchObject({ name: 'Acme Trucks', description: 'Makes trucks.', website: 'https://acme.example/' });
  });
});

describe('company JSONL from arbitrary input (property)', () => {
  it(
    'imports every good company whatever its text and whatever lines surround it, and refuses the rest with their line numbers',
    async () => {
      await fc.assert(
        fc.asyncProperty(fc.array(fc.oneof(fc.record({ name: anyText, aliases: fc.array(anyText, { maxLength: 3 }), description: anyText }).map((c) => ({ good: c })), badLine.map((bad) => ({ bad }))), { maxLength: 8 }), async (lines) => {
          run++;
          const text = lines.map((l, i) => ('good' in l ? JSON.stringify({ id: `r${run}-${i}`, name: `Co ${l.good.name}`, aliases: l.good.aliases.filter((a) => a.trim()), description: l.good.description }) : l.bad));
          const report = await app.directory.importCompanies(text);
          const good = lines.flatMap((l, i) => ('good' in l ? [`r${run}-${i}`] : []));
          for (const id of good) expect(await app.store.companies.bySourceId(id), id).toBeDefined();
          for (const r of report.refused) {
            expect(r.line).toBeGreaterThanOrEqual(1);
            expect(r.reason).toMatch(/\S/);
          }
          const goodLines = new Set(lines.flatMap((l, i) => ('good' in l ? [i + 1] : [])));
          expect(report.refused.filter((r) => goodLines.has(r.line))).toEqual([]);
        }),
        fuzz(40, 10),
      );
    },
    fuzzTimeout(10),
  );
});

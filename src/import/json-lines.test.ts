import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { plainText } from '../content/index.ts';
import { boundedLines, jsonlRecords } from './index.ts';

/** Values shaped like article records, with every field sometimes wrong. */
const field = fc.oneof(fc.string({ maxLength: 40 }), fc.constantFrom('&#039s;', '&#xZZ;', '&#99999999;', '<p>x</p>', '<p>Bob&#039s; &#xZZ; &#99999999;</p>', '+099999-01-01', '2012-07-23T10:00:00Z', ''), fc.integer(), fc.constant(null), fc.array(fc.string({ maxLength: 8 }), { maxLength: 3 }));
const recordish = fc.record({ id: field, title: field, body: field, date: field, section: field, tags: field, companies: field }, { requiredKeys: [] }).map((r) => JSON.stringify(r));
// Valid records whose HTML bodies are made of references and tags in any order (`&#039s;`, `&#xZZ;`).
const htmlPiece = fc.constantFrom('<p>', '</p>', '<b>', '&#039s;', '&#xZZ;', '&#99999999;', '&#xD800;', '&amp;', '&', '#', 'x', '039', ';', ' ');
const htmlRecord = fc
  .record({ title: fc.string({ minLength: 1, maxLength: 20 }).filter((t) => t.trim() !== ''), body: fc.array(htmlPiece, { maxLength: 20 }).map((p) => `<p>${p.join('')}x</p>`) })
  .map((r) => JSON.stringify(r));
const line = fc.oneof(recordish, htmlRecord, fc.json({ maxDepth: 2 }), fc.string({ maxLength: 80, unit: 'binary' }));

describe('JSONL records from arbitrary input', () => {
  it('give a record or a refusal with its line number and a reason, never an exception', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(line, { maxLength: 8 }), fc.integer({ min: 1, max: 200 }), async (lines, max) => {
        const text = lines.join('\n');
        for await (const r of jsonlRecords(boundedLines([text], max))) {
          expect(r.line).toBeGreaterThanOrEqual(1);
          if ('problem' in r) expect(r.problem).toMatch(/\S/);
          else plainText(r.input.body, r.input.bodyFormat ?? 'markdown');
        }
      }),
      { numRuns: 300 },
    );
  });
});

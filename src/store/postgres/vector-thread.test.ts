import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { type DocumentVectors, SearchVectorBuilder } from './search-vectors.ts';
import { packVectors, unpackVectors, type VectorTexts, VectorThread } from './vector-thread.ts';

const bytesOf = (v: DocumentVectors | undefined) => (v ? { head: [...v.head], doc: [...v.doc], words: [...v.words], title: [...v.title], len: v.len } : undefined);

describe('VectorThread', () => {
  const thread = new VectorThread(new SearchVectorBuilder(), 1);
  afterAll(() => thread.close());

  it('builds on its thread the vectors this process builds, in order, and none where the server must (a vector over 1 MB)', async () => {
    const piece = fc.constantFrom('port', 'Ports', 'charging', '8.03', 'e-commerce', ' ', ' ', '  ', '-', "'", '.', 'x', 'tolls', 'ing');
    const text = fc.array(piece, { maxLength: 60 }).map((p) => p.join(''));
    const texts = fc.array(fc.tuple(text, text, text), { minLength: 1, maxLength: 40 });
    const huge: VectorTexts = ['Huge', '', Array.from({ length: 120_000 }, (_, i) => `w${i}`).join(' ')];
    const here = new SearchVectorBuilder();
    await fc.assert(
      fc.asyncProperty(texts, async (batch) => {
        const all = [...batch, huge];
        const built = await thread.build(all);
        expect(built.at(-1)).toBeUndefined();
        expect(built.map(bytesOf)).toEqual(all.map(([h, s, b]) => bytesOf(here.build(h, s, b))));
      }),
      { numRuns: 15 },
    );
  });

  it('starts again after close', async () => {
    await thread.close();
    const built = await thread.build([['Port tolls', '', 'Charging at the port']]);
    expect(bytesOf(built[0])).toEqual(bytesOf(new SearchVectorBuilder().build('Port tolls', '', 'Charging at the port')));
  });
});

describe('packVectors', () => {
  it('packs a batch in one buffer of its own, and unpacks the same vectors over it', () => {
    const builder = new SearchVectorBuilder();
    const built = [builder.build('A headline', 'standfirst', 'the body, again and again'), undefined, builder.build('', '', '')];
    const reply = packVectors(7, built);
    expect(reply.id).toBe(7);
    expect(reply.bytes.buffer.byteLength).toBe(reply.bytes.byteLength);
    expect(unpackVectors(reply).map(bytesOf)).toEqual(built.map(bytesOf));
  });
});

/**
 * The vectors built in this process (SearchVectorBuilder, issue 16: `head`, `doc`, `len`,
 * `words`, `title`) equal the server's expressions (migrations 0032 and 0045) over the same texts,
 * compared with `=` on the server after the binary vectors were received; and the Porter stemmer
 * gives the snowball `porter` dictionary's stems.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestStore, SHARED_DATA, sharedDataAvailable, TEST_DB } from '../../../test/support.ts';
import type { Store } from '../store.ts';
import { tsvectorArray } from './binary-arrays.ts';
import { porterStem } from './porter-stemmer.ts';
import { DOC_LENGTH, DOC_VECTOR, HEAD_VECTOR, TITLE_VECTOR, WORDS_VECTOR } from './postgres-search-migration.ts';
import { type DocumentVectors, SearchVectorBuilder } from './search-vectors.ts';

/**
 * A text with a space for each character that is not ASCII: the texts SearchTextCleaner lets this
 * process read (their other characters are separators the server was asked about).
 */
const ascii = (text: string) => text.replace(/[^\x01-\x7f]/g, ' ');

interface Texts {
  readonly headline: string;
  readonly standfirst: string;
  readonly body: string;
}

const EDGES: Texts[] = [
  { headline: '', standfirst: '', body: '' },
  { headline: '   ', standfirst: ' ', body: ' ' },
  { headline: 'Tolls rise', standfirst: '', body: '' },
  { headline: '', standfirst: '', body: 'only a body, running and hopping' },
  { headline: 'Numbers: 1e5x1 5e5e5 007 12E3 1e05 0e0 123e4567abc 1e5e a1e5 1a1e5 1e 12e 1ee5 e5', standfirst: '2024 A1b2C3 12345678901234567890123', body: '8.03 million; US$160m, 7e7s' },
  { headline: "It's e-commerce: Renault-Nissan's", standfirst: 'don’t re-enter “quotes” — dashes', body: "rock'n'roll o'clock well-known state-of-the-art" },
  { headline: 'as is us a y ys s sky skies yes by say sayyy', standfirst: 'agreed feed bled hopping hoping fizzed filing', body: 'generalization abilities relational conditional happiness' },
  // Positions past 16,383, lexemes past 255 positions in a text and 256 after `||`.
  { headline: 'charging stations '.repeat(200), standfirst: 'charging tolls '.repeat(300), body: 'charging stations and tolls, '.repeat(5000) },
  // The headline's last token adds no position to a full lexeme: `||` shifts by the largest kept position.
  { headline: `${'a '.repeat(300)}b`, standfirst: `${'b '.repeat(260)}a`, body: 'a b '.repeat(200) },
  { headline: 'a '.repeat(300), standfirst: 'a '.repeat(300), body: 'c '.repeat(17000) },
  // Tokens of 2,046, 2,047 and 2,048 bytes (letters and digits), words around the stemmer's 1,000 bytes.
  { headline: `x ${'a'.repeat(2046)} y ${'b'.repeat(2047)} z`, standfirst: `${'1'.repeat(2048)} one ${'2a'.repeat(1024)} two`, body: `${'running'.repeat(142)}ing ${'runnin'.repeat(166)}g ${'r'.repeat(999)}ing ${'1e'}${'5'.repeat(2100)}x end` },
  { headline: 'Ünïcödé texts are cleaned to ASCII first', standfirst: '½ price £5', body: '🎉 emoji 🎉' },
];

describe('SearchVectorBuilder', () => {
  it('builds the same vectors after forgetting its words, and leaves a vector past the size limit to the server', () => {
    const words = (from: number, n: number) => Array.from({ length: n }, (_, i) => `w${(from + i).toString(36)}`).join(' ');
    const doc = ['Tolls rise again', 'Charging stations', 'running hopping 1e5x1 agreed '.repeat(50)] as const;
    const builder = new SearchVectorBuilder();
    const first = builder.build(...doc);
    // 300,000 different words: more than the builder remembers, and a vector past 1 MB.
    expect(builder.build('', '', words(0, 300_000))).toBeUndefined();
    for (let i = 0; i < 5; i++) expect(builder.build('', '', words(i * 50_000, 50_000))).toBeDefined();
    expect(builder.build(...doc)).toEqual(first);
    expect(new SearchVectorBuilder().build(...doc)).toEqual(first);
  });
});

describe.skipIf(TEST_DB !== 'postgres')('search vectors built here', () => {
  let store: Store;
  let close: () => Promise<void>;
  beforeAll(async () => {
    ({ store, close } = await openTestStore());
  });
  afterAll(() => close());

  /** The documents (by index) whose built vectors differ from the server's (migration 0032's and 0045's expressions over the same texts). */
  async function differing(docs: readonly Texts[]): Promise<number[]> {
    const builder = new SearchVectorBuilder();
    const texts = docs.map((d) => ({ headline: ascii(d.headline), standfirst: ascii(d.standfirst), body: ascii(d.body) }));
    const built = texts.map((t) => builder.build(t.headline, t.standfirst, t.body));
    expect(built.every((b) => b !== undefined)).toBe(true);
    const column = (pick: (b: DocumentVectors) => Buffer) => tsvectorArray(built.map((b) => (b ? pick(b) : Buffer.alloc(4))));
    const rows = await sql<{ i: string; same: boolean }>`SELECT i, (${sql.raw(HEAD_VECTOR)}) = hv AND (${sql.raw(DOC_VECTOR)}) = dv AND (${sql.raw(DOC_LENGTH)}) = len
        AND (${sql.raw(WORDS_VECTOR)}) = wv AND (${sql.raw(TITLE_VECTOR)}) = tv AS same
      FROM unnest(${texts.map((t) => t.headline)}::text[], ${texts.map((t) => t.standfirst)}::text[], ${texts.map((t) => t.body)}::text[],
        ${column((b) => b.head)}::tsvector[], ${column((b) => b.doc)}::tsvector[], ${built.map((b) => b?.len ?? -1)}::integer[],
        ${column((b) => b.words)}::tsvector[], ${column((b) => b.title)}::tsvector[])
        WITH ORDINALITY AS u(headline, standfirst, body, hv, dv, len, wv, tv, i)`.execute(store.db);
    expect(rows.rows).toHaveLength(docs.length);
    return rows.rows.filter((r) => !r.same).map((r) => Number(r.i) - 1);
  }

  it('equal the server vectors for numbers, punctuation, hyphens, apostrophes, unicode, empty and very long texts', async () => {
    expect(await differing(EDGES)).toEqual([]);
  });

  it('equal the server vectors for random texts of words, numbers and suffixes', async () => {
    const piece = fc.constantFrom('a', 'e', 'E', 'y', 'Y', 's', 'ing', 'ed', 'eed', 'ies', 'ational', 'ness', 'ion', 'll', '1', '5', '0', ' ', ' ', '  ', '-', "'", '.', 'é', 'x', 'b', 'tt', 'at');
    const text = fc.array(piece, { maxLength: 40 }).map((p) => p.join(''));
    const doc = fc.record({ headline: text, standfirst: text, body: text });
    await fc.assert(
      fc.asyncProperty(fc.array(doc, { minLength: 1, maxLength: 50 }), async (docs) => {
        expect(await differing(docs)).toEqual([]);
      }),
      { numRuns: 20 },
    );
  });

  it.runIf(sharedDataAvailable())('equal the server vectors for every BBC article', async () => {
    const lines = readFileSync(path.join(SHARED_DATA, 'bbc/articles.jsonl'), 'utf8').split('\n').filter(Boolean);
    const docs = lines.map((l) => JSON.parse(l) as { title: string; body: string }).map((a) => ({ headline: a.title, standfirst: a.body.slice(0, 200), body: a.body }));
    expect(docs.length).toBeGreaterThan(2000);
    expect(await differing(docs)).toEqual([]);
  });

  it('stems as the snowball porter dictionary does', async () => {
    const stems = ['', 'y', 's', 'hop', 'agree', 'gener', 'relat', 'cr', 'fl', 'b', 'tr', 'x', 'sky', 'happ', 'condi', 'al', 'eye', 'bo', 'say', 'feed', 'fil', 'oat', 'troubl'];
    const suffixes = ['', 's', 'es', 'ies', 'sses', 'ss', 'ed', 'eed', 'ing', 'y', 'ys', 'ational', 'tional', 'ization', 'iveness', 'fulness', 'ousness', 'alize', 'icate', 'iciti', 'ical', 'ative', 'ful', 'ness'];
    const more = ['ement', 'ment', 'ent', 'ion', 'sion', 'tion', 'ance', 'ence', 'er', 'ic', 'able', 'ible', 'ant', 'ism', 'ate', 'iti', 'ous', 'ive', 'ize', 'al', 'll', 'e', 'le', 'at', 'bl', 'iz', 'bb', 'yed', 'ying', 'eying', 'abli', 'alli', 'entli', 'eli', 'ousli', 'biliti', 'enci', 'anci', 'izer', 'ator', 'alism', 'aliti', 'iviti'];
    const random = fc.sample(fc.array(fc.constantFrom(...'aeiouybcdlnstwxzgmY'.toLowerCase()), { minLength: 1, maxLength: 12 }), { numRuns: 3000, seed: 16 }).map((c) => c.join(''));
    const words = [...new Set([...stems.flatMap((s) => [...suffixes, ...more].map((x) => s + x)), ...random].filter(Boolean))];
    const rows = await sql<{ w: string; stem: string }>`SELECT w, (ts_lexize('masthead_porter', w))[1] AS stem FROM unnest(${words}::text[]) w`.execute(store.db);
    const wrong = rows.rows.filter((r) => (porterStem(r.w) || r.w) !== r.stem).map((r) => `${r.w}: ${porterStem(r.w)} (server ${r.stem})`);
    expect(wrong).toEqual([]);
    expect(rows.rows.length).toBeGreaterThan(2000);
  });
});

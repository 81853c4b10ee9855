import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { tokenize } from '../text/index.ts';
import { snippetHtml, snippetText } from './highlight.ts';
import { parseQuery } from './parse-query.ts';
import { highlightTerms, makeSnippet, SNIPPET_WORDS, scanWords } from './snippet.ts';

const html = (body: string, q: string, prefixLast = false) => snippetHtml(makeSnippet(body, highlightTerms(parseQuery(q, { prefixLast }))));

describe('makeSnippet', () => {
  it('marks every word with the stem of a query word', () => {
    expect(html('Buses charge at stops; charging is free.', 'charging')).toBe('Buses <mark>charge</mark> at stops; <mark>charging</mark> is free.');
  });
  it('escapes markup in the article before marking', () => {
    expect(html('Say <script>alert("x")</script> & toll', 'toll')).toBe('Say &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; <mark>toll</mark>');
    expect(html('a <b>Bold</b> claim', 'bold')).toBe('a &lt;b&gt;<mark>Bold</mark>&lt;/b&gt; claim');
  });
  it('never lets the article forge a highlight', () => {
    expect(html('fake \u{E000}mark\u{E001} here toll', 'toll')).toBe('fake mark here <mark>toll</mark>');
  });
  it('marks phrase words and a prefix being typed, not exclusions', () => {
    expect(html('Smart city tolling in cities', '"smart city" -tolling', false)).toBe('<mark>Smart</mark> <mark>city</mark> tolling in <mark>cities</mark>');
    expect(html('Tolling and tollbooths', 'tollb', true)).toBe('Tolling and <mark>tollbooths</mark>');
  });
  it('keeps folded matches: diacritics and case', () => {
    expect(html('Citroën ships', 'citroen')).toBe('<mark>Citroën</mark> ships');
  });
  it('cuts a long body at words, around the window with the most different query words', () => {
    const words = Array.from({ length: 100 }, (_, i) => `w${i}`);
    words[10] = 'toll';
    words[70] = 'toll';
    words[72] = 'road';
    const text = snippetText(makeSnippet(words.join(' '), highlightTerms(parseQuery('toll road'))));
    expect(text.startsWith('… w65 w66 w67 w68 w69 toll w71 road')).toBe(true);
    expect(text.endsWith(' …')).toBe(true);
    expect(text.split(' ').filter((w) => w !== '…')).toHaveLength(SNIPPET_WORDS);
  });
  it('gives the opening of a body without a match', () => {
    const body = Array.from({ length: 50 }, (_, i) => `w${i}`).join(' ');
    expect(snippetText(makeSnippet(body, highlightTerms(parseQuery('toll'))))).toBe(`${Array.from({ length: SNIPPET_WORDS }, (_, i) => `w${i}`).join(' ')} …`);
    expect(makeSnippet('', highlightTerms(parseQuery('toll')))).toBe('');
  });
  it('folds line breaks into spaces', () => {
    expect(html('First toll.\n\nSecond paragraph.', 'toll')).toBe('First <mark>toll</mark>. Second paragraph.');
  });
});

describe('scanWords', () => {
  // Plain text takes the scan by character codes: ASCII, and the typographic punctuation of rendered bodies.
  it('splits plain text exactly as text/tokenize does', () => {
    const terms = highlightTerms(parseQuery('toll 8.03'));
    fc.assert(
      fc.property(fc.string({ maxLength: 80, unit: fc.constantFrom('a', 'T', 'o', 'l', '8', '0', '3', ' ', '.', ',', '-', "'", '’', '“', '”', '—', '£', '\u00a0') }), (text) => {
        const scanned = scanWords(text, terms);
        const tokens = tokenize(text);
        expect(scanned.starts).toEqual(tokens.map((t) => t.start));
        expect(scanned.ends).toEqual(tokens.map((t) => t.end));
      }),
    );
  });
});

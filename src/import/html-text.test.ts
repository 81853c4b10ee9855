import { describe, expect, it } from 'vitest';
import { autop, decodeHtmlEntities, HTML_ENTITIES, htmlToText } from './html-text.ts';

describe('decodeHtmlEntities', () => {
  it('decodes XML, HTML-named, decimal and hex references in one pass', () => {
    expect(decodeHtmlEntities('Caf&eacute; &amp;amp; bar&#8217;s &#x2014; &euro;5')).toBe('Café &amp; bar’s — €5');
  });

  it('leaves unknown names as written and makes impossible code points U+FFFD', () => {
    expect(decodeHtmlEntities('&bogus; &#0; &#xD800; &#x110000;')).toBe('&bogus; \uFFFD \uFFFD \uFFFD');
  });

  it('maps the Latin-1 and typographic names to their code points', () => {
    const codes = Object.fromEntries(['nbsp', 'yuml', 'thinsp', 'zwnj', 'ndash', 'rsquo', 'bdquo', 'Omega', 'sigmaf'].map((n) => [n, HTML_ENTITIES[n]!.codePointAt(0)]));
    expect(codes).toEqual({ nbsp: 0xa0, yuml: 0xff, thinsp: 0x2009, zwnj: 0x200c, ndash: 0x2013, rsquo: 0x2019, bdquo: 0x201e, Omega: 0x3a9, sigmaf: 0x3c2 });
  });
});

describe('htmlToText', () => {
  it('drops tags, comments and scripts, separates blocks, joins inline markup', () => {
    expect(htmlToText('<p>Tolling &amp; <b>AN</b>PR</p><!-- x --><script>alert(1)</script><p>Next</p>')).toBe('Tolling & ANPR Next');
  });

  it('keeps a `<` that starts no tag', () => {
    expect(htmlToText('a < b and c > d')).toBe('a < b and c > d');
  });
});

describe('autop', () => {
  it('makes paragraphs of blank-line blocks and breaks of single newlines', () => {
    expect(autop('One\nline.\r\n\r\nTwo.')).toBe('<p>One<br />\nline.</p>\n<p>Two.</p>');
  });

  it('leaves content that has paragraphs alone', () => {
    expect(autop('<p>One</p>\n\n<p>Two</p>')).toBe('<p>One</p>\n\n<p>Two</p>');
  });

  it('leaves block elements unwrapped and preformatted text untouched', () => {
    expect(autop('<h2>Head</h2>\n\nText\n\n<pre>a\n\nb</pre>')).toBe('<h2>Head</h2>\n<p>Text</p>\n<pre>a\n\nb</pre>');
  });
});

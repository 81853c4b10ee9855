import { describe, expect, it } from 'vitest';
import { markdownProtectedRanges } from './markdown-protected-ranges.ts';

// The protected source text, with the URL where there is one.
function protectedText(md: string): string[] {
  return markdownProtectedRanges(md).map((r) => md.slice(r.start, r.end) + (r.href === undefined ? '' : ` -> ${r.href}`));
}

describe('markdownProtectedRanges', () => {
  it('finds links, images and their URLs', () => {
    expect(protectedText('See [Renault](/r "R") and ![logo](<a b.png>) and [x [y] z](/n(1)).')).toEqual([
      '[Renault](/r "R") -> /r',
      '![logo](<a b.png>) -> a b.png',
      '[x [y] z](/n(1)) -> /n(1)',
    ]);
  });
  it('finds reference links, shortcut references with a definition, and definitions', () => {
    expect(protectedText('[a][b], [c][], [d] and [e]\n\n[d]: /dd\n[b]: <http://b>')).toEqual([
      '[a][b]',
      '[c][]',
      '[d]',
      '[d]: /dd -> /dd',
      '[b]: <http://b> -> http://b',
    ]);
  });
  it('finds code spans but not lone backticks or escaped brackets', () => {
    expect(protectedText('a ``x ` y`` b ` c \\[d](e)')).toEqual(['``x ` y``']);
  });
  it('finds fenced and indented code blocks', () => {
    const md = 'text\n\n~~~js\nconst a = 1;\n~~~\n\n    indented\n\n    more\nafter';
    expect(protectedText(md)).toEqual(['~~~js\nconst a = 1;\n~~~', '    indented', '    more']);
  });
  it('runs an unclosed fence to the end', () => {
    expect(protectedText('a\n```\ncode')).toEqual(['```\ncode']);
  });
  it('finds autolinks, bare URLs and e-mail addresses', () => {
    expect(protectedText('<https://a.example/x> www.b.example/y, https://c.example. mail@d.example')).toEqual([
      '<https://a.example/x> -> https://a.example/x',
      'www.b.example/y -> www.b.example/y',
      'https://c.example -> https://c.example',
      'mail@d.example -> mail@d.example',
    ]);
  });
  it('finds inline HTML, whole elements for links and code, and HTML blocks', () => {
    expect(protectedText('a <b>bold</b> <a href="/x">link</a> <!-- note -->\n\n<div>\nblock\n</div>\n\nafter')).toEqual([
      '<b>',
      '</b>',
      '<a href="/x">link</a>',
      '<!-- note -->',
      '<div>\nblock\n</div>',
    ]);
  });
});

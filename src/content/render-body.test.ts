import { describe, expect, it } from 'vitest';
import { normalizeImportedBody, parseBody, plainText, renderBody } from './index.ts';

const XSS_PAYLOADS = [
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(1)>',
  '<a href="javascript:alert(1)">x</a>',
  '<svg onload=alert(1)>',
  '<iframe src="https://evil.example"></iframe>',
  '"><script>alert(1)</script>',
  '<div style="background:url(javascript:alert(1))">x</div>',
  '<a href="JaVaScRiPt:alert(1)">x</a>',
  '<img src="data:image/svg+xml;base64,PHN2Zz4=">',
];

describe('renderBody', () => {
  it('renders Markdown', () => {
    expect(renderBody('A **bold** move\n\n## Sub', 'markdown')).toBe('<p>A <strong>bold</strong> move</p>\n<h2>Sub</h2>\n');
  });
  it('shows raw HTML in Markdown as text', () => {
    expect(renderBody('<b>x</b>', 'markdown')).toBe('<p>&lt;b&gt;x&lt;/b&gt;</p>\n');
  });
  it('refuses javascript: links in Markdown', () => {
    expect(renderBody('[x](javascript:alert(1))', 'markdown')).toBe('<p>[x](javascript:alert(1))</p>\n');
  });
  it('marks external links noopener', () => {
    expect(renderBody('[x](https://a.example)', 'markdown')).toBe('<p><a href="https://a.example" rel="noopener">x</a></p>\n');
  });
  it.each(XSS_PAYLOADS)('neutralises %s in HTML bodies', (payload) => {
    const html = renderBody(`<p>ok</p>${payload}`, 'html');
    expect(html).not.toMatch(/<script|onerror|onload|javascript:|<iframe|<svg|style=|data:/i);
    expect(html).toContain('<p>ok</p>');
  });
  it.each(XSS_PAYLOADS)('neutralises %s in Markdown bodies', (payload) => {
    const html = renderBody(payload, 'markdown');
    expect(html).not.toMatch(/<(script|img|iframe|svg|div)|href="javascript/i);
  });
  it('serves malformed imported HTML as the elements a browser builds from it (no paragraph inside a paragraph or around a table)', () => {
    expect(renderBody('<p>a<javascript:x>b<p>c', 'html')).toBe('<p>ab</p><p>c</p><p></p>');
    expect(renderBody('<p><math><table><tr><td>t</td></tr></table>', 'html')).toBe('<p></p><table><tr><td>t</td></tr></table><p></p>');
  });
  it('demotes h1 and lazy-loads images', () => {
    expect(renderBody('<h1>T</h1><img src="https://i.example/a.jpg" alt="A">', 'html')).toBe(
      '<h2>T</h2><img src="https://i.example/a.jpg" alt="A" loading="lazy" />',
    );
  });
});

describe('plainText', () => {
  it('strips Markdown', () => {
    expect(plainText('Read **this** [link](https://x.example)', 'markdown')).toBe('Read this link');
  });
  it('strips HTML and decodes entities', () => {
    expect(plainText('<p>A &amp; B</p><p>C&#39;s &#x41;</p><script>x</script>', 'html')).toBe("A & B\n\nC's A");
  });
  it('reads malformed and impossible numeric references as a browser does, never throwing', () => {
    expect(plainText('<p>Bob&#039s; car &#xZZ; &#99999999; &#0; &#xD800; &#X41;</p>', 'html')).toBe('Bob&#039s; car &#xZZ; \uFFFD \uFFFD \uFFFD A');
  });
});

describe('parseBody', () => {
  const BODIES: [string, 'markdown' | 'html'][] = [
    ['A **bold** "quoted" move -- (c) 2012\n\n# Title\n\n- one\n- two www.example.com\n\n[x](https://a.example) ![pic](https://i.example/p.jpg)', 'markdown'],
    ['| a | b |\n|:--|--:|\n| 1 | 2 |\n\n```js\ncode()\n```\n\n<b>raw</b> [y](javascript:alert(1))', 'markdown'],
    ['<p>A &amp; B</p><h1>T</h1><a href="https://x.example">x</a><script>x</script>', 'html'],
  ];
  it.each(BODIES)('gives the text and HTML of plainText and renderBody from one parse: %s', (body, format) => {
    const parsed = parseBody(body, format);
    expect(parsed.text).toBe(plainText(body, format));
    expect(parsed.html()).toBe(renderBody(body, format));
    // Sponsored after plain: rendering leaves the parse as it found it.
    expect(parsed.html({ sponsored: true })).toBe(renderBody(body, format, { sponsored: true }));
    expect(parsed.html()).toBe(renderBody(body, format));
  });
});

describe('normalizeImportedBody', () => {
  it('keeps HTML as HTML', () => {
    expect(normalizeImportedBody('<p>Hello</p>')).toEqual({ body: '<p>Hello</p>', format: 'html' });
  });
  it('turns indented wire-copy lines into paragraphs, not code blocks', () => {
    expect(normalizeImportedBody('Showers continued\nthroughout the week.\n    The dry period means.')).toEqual({
      body: 'Showers continued\nthroughout the week.\n\nThe dry period means.',
      format: 'markdown',
    });
  });
  it('keeps blank-line paragraphs', () => {
    expect(normalizeImportedBody('A.\r\n\r\n\r\nB.')).toEqual({ body: 'A.\n\nB.', format: 'markdown' });
  });
});

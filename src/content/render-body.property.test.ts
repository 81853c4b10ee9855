import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fuzz, fuzzTimeout } from '../../test/fuzz.ts';
import { parseBody, plainText, renderBody } from './index.ts';
import { markdownThroughSanitizer } from './render-body.ts';

/** Markup that has carried script past sanitizers, and the text around it. */
const HOSTILE = [
  '<script>alert(1)</script>', '<SCRIPT SRC=//x.example/x.js></SCRIPT>', '<scr<script>ipt>alert(1)</script>', '<img src=x onerror=alert(1)>',
  '<img src="x" ONERROR="alert(1)">', '<svg onload=alert(1)>', '<svg><script>alert(1)</script></svg>', '<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>',
  '<iframe src="javascript:alert(1)"></iframe>', '<a href="javascript:alert(1)">x</a>', '<a href="JaVaScRiPt:alert(1)">x</a>', '<a href="java\tscript:alert(1)">x</a>',
  '<a href="&#106;avascript:alert(1)">x</a>', '<a href="&#x6A;avascript:alert(1)">x</a>', '<a href=" javascript:alert(1)">x</a>', '<a href="vbscript:x">x</a>',
  '<a href="data:text/html,<script>alert(1)</script>">x</a>', '<a href="//evil.example">x</a>', '<a href="/news/ok">ok</a>', '<a href="https://ok.example" onclick="x">ok</a>',
  '<img src="data:image/svg+xml,<svg onload=alert(1)>">', '<p style="background:url(javascript:alert(1))">x</p>', '<form action="javascript:x"><input></form>',
  '<object data="x.swf"></object>', '<embed src="x.swf">', '<base href="javascript:/">', '<meta http-equiv="refresh" content="0;url=javascript:x">', '<link rel=import href=x>',
  '<style>*{x:expression(alert(1))}</style>', '<!--<script>x</script>-->', '<![CDATA[<script>x</script>]]>', '<div onmouseover="x">d</div>', '<details open ontoggle=x>',
  '<a href="mailto:a@b.example">m</a>', '<h1>H</h1>', '<table><tr><td colspan=2 onclick=x>t</td></tr></table>', '<time datetime="2012">t</time>', '<p>', '</p>', '<b>', '</a>',
  '"', "'", '<', '>', '&', '&amp;', '&#0;', '&#xD800;', '\u0000', '\u2028', 'text ',
  // Markdown's own ways to make links and images.
  '[x](javascript:alert(1))', '[x](JAVASCRIPT:alert(1))', '[x](<javascript:alert(1)>)', '![i](javascript:alert(1))', '[x]: javascript:alert(1)\n\n[x]', '<javascript:alert(1)>',
  '[x](https://ok.example "t")', 'https://auto.example/link', '**b**', '`<script>`', '```\n<script>\n```', '\n\n', '> q', '- l',
] as const;
const body = fc.array(fc.oneof(fc.constantFrom(...HOSTILE), fc.string({ maxLength: 6 })), { maxLength: 14 }).map((p) => p.join(''));

const ALLOWED = new Set(['p', 'br', 'hr', 'h2', 'h3', 'h4', 'h5', 'h6', 'blockquote', 'pre', 'code', 'em', 'strong', 'b', 'i', 'u', 's', 'sub', 'sup', 'small', 'mark', 'ul', 'ol', 'li', 'dl', 'dt', 'dd', 'a', 'img', 'figure', 'figcaption', 'table', 'thead', 'tbody', 'tfoot', 'tr', 'th', 'td', 'caption', 'abbr', 'cite', 'q', 'time']);

const decode = (s: string) =>
  s
    .replace(/&#x([0-9a-f]+);?/gi, (_, h) => String.fromCodePoint(Math.min(Number.parseInt(h, 16), 0x10ffff)))
    .replace(/&#(\d+);?/g, (_, d) => String.fromCodePoint(Math.min(Number(d), 0x10ffff)))
    .replace(/&colon;/gi, ':')
    .replace(/&tab;|&newline;/gi, '')
    .replace(/&amp;/g, '&');

/** Every way the output could still run script: a tag outside the allow-list, an on* handler, a URL with another scheme. */
function unsafeParts(html: string): string[] {
  const found: string[] = [];
  for (const [tag, name = '', attrs = ''] of html.matchAll(/<\/?([A-Za-z][^\s/>]*)([^>]*)>/g)) {
    if (!ALLOWED.has(name.toLowerCase())) found.push(`tag ${tag}`);
    for (const [, attr = '', v1, v2, v3] of attrs.matchAll(/([^\s"'=/>]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+)))?/g)) {
      if (/^on/i.test(attr) || /^(style|srcdoc|formaction|action|data)$/i.test(attr)) found.push(`attribute ${attr} in ${tag}`);
      const value = decode(v1 ?? v2 ?? v3 ?? '').replace(/[\u0000-\u0020\u007F-\u00A0]/g, '');
      const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(value)?.[1]?.toLowerCase();
      if (/^(href|src)$/i.test(attr) && (value.startsWith('//') || (scheme && !['http', 'https', 'mailto'].includes(scheme)))) found.push(`url ${value} in ${tag}`);
    }
  }
  return found;
}

describe('article bodies whatever they hold (property)', () => {
  it('the check itself sees script in unsanitized markup', () => {
    for (const raw of ['<img src=x onerror=alert(1)>', '<a href="&#106;avascript:x">', '<a href=" java\tscript:x">', '<svg>', '<a href="//evil.example">', '<p style="x">']) {
      expect(unsafeParts(raw), raw).not.toEqual([]);
    }
    expect(unsafeParts('<p><a href="/news/x" rel="noopener">x</a> <img src="https://x.example/i.jpg" alt="" loading="lazy"></p>')).toEqual([]);
  });

  it(
    'render to HTML with no script, no event handler and no script URL, from Markdown or HTML',
    () => {
      fc.assert(
        fc.property(body, fc.constantFrom('markdown' as const, 'html' as const), (text, format) => {
          const html = renderBody(text, format);
          expect(unsafeParts(html), html).toEqual([]);
          expect(typeof plainText(text, format)).toBe('string');
        }),
        fuzz(400),
      );
    },
    fuzzTimeout(),
  );

  it(
    'are stable: sanitizing the rendered HTML again changes nothing',
    () => {
      fc.assert(
        fc.property(body, fc.constantFrom('markdown' as const, 'html' as const), (text, format) => {
          const html = renderBody(text, format);
          expect(renderBody(html, 'html')).toBe(html);
        }),
        fuzz(400),
      );
    },
    fuzzTimeout(),
  );
});

/** Markdown's constructs and the characters its renderer escapes or sanitize-html decodes. */
const MARKDOWN_PARTS = [
  'word', 'Two words', '"', "'", '&', '<', '>', '&quot;', '&amp;quot;', '&amp;', '&lt;b&gt;', '&copy;', '&#39;', '&#x22;', '&nbsp;', '&bogus;', '&amp',
  '**', '*', '_', '`', '~~', '```\n', '```js\n', '    indented\n', '\n', '\n\n', '  \n', '\\\n', '> ', '- ', '* ', '1. ', '3. ', '# ', '## ', '###### ',
  '---\n', 'Title\n===\n', '[x](https://a.example)', '[x](/news/y "t")', '![i](https://a.example/i.png)', 'https://auto.example/x', 'a@b.example',
  '| a | b |\n| --- | ---: |\n| 1 | 2 |\n', '(c)', '--', '...', '\t', '\u00a0', '\u2028', '\r', '\u0000', 'Citroën', '“q”', '<p>', '</p>', '<br>',
] as const;
const markdownBody = fc.array(fc.oneof(fc.constantFrom(...MARKDOWN_PARTS), fc.string({ maxLength: 4 })), { maxLength: 24 }).map((p) => p.join(''));

describe('Markdown bodies rendered without a second parse by sanitize-html (property)', () => {
  it(
    'give the HTML sanitize-html alone gives, sponsored or not',
    () => {
      fc.assert(
        fc.property(markdownBody, fc.boolean(), (text, sponsored) => {
          expect(renderBody(text, 'markdown', { sponsored })).toBe(markdownThroughSanitizer(text, { sponsored }));
          expect(parseBody(text, 'markdown').html({ sponsored })).toBe(markdownThroughSanitizer(text, { sponsored }));
        }),
        fuzz(1000),
      );
    },
    fuzzTimeout(),
  );

  it('shortcut or not, for the common shapes', () => {
    for (const text of ['Plain "quoted" & <b>', '## Head\n\n> quote *em* **strong** `code` ~~s~~\n\n- a\n- b\n\n```\nx "y"\n```', '&amp;quot; &copy; &#39;', 'a  \nb', '1. one', '# h1', '[x](https://a.example)']) {
      expect(renderBody(text, 'markdown'), text).toBe(markdownThroughSanitizer(text));
    }
  });
});

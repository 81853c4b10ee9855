import { describe, expect, it } from 'vitest';
import { compileMatcher } from './compile-matcher.ts';
import { linkFirstMentions } from './link-first-mentions.ts';

const matcher = compileMatcher([
  { id: '2453', name: 'Renault', aliases: [] },
  { id: '838', name: 'Nissan', aliases: [] },
  { id: '9001', name: 'Renault Samsung Motors', aliases: ['RSM'] },
]);
const HREFS: Record<string, string> = {
  '2453': '/companies/renault',
  '838': '/companies/nissan',
  '9001': '/companies/renault-samsung-motors',
};
const hrefFor = (id: string): string | undefined => HREFS[id];

function link(markdown: string, href: (id: string) => string | undefined = hrefFor): string {
  return linkFirstMentions(markdown, matcher.find(markdown), href);
}

describe('linkFirstMentions', () => {
  it('links the first mention of each company and leaves later ones plain', () => {
    expect(link('Renault and Nissan. Renault Samsung Motors, RSM and Renault again.')).toBe(
      '[Renault](/companies/renault) and [Nissan](/companies/nissan). ' +
        '[Renault Samsung Motors](/companies/renault-samsung-motors), RSM and Renault again.',
    );
  });
  it('keeps the possessive outside the link', () => {
    expect(link("Nissan's plant")).toBe("[Nissan](/companies/nissan)'s plant");
  });
  it('keeps a line break inside the link text', () => {
    expect(link('growth of Renault\nSamsung Motors.')).toBe('growth of [Renault\nSamsung Motors](/companies/renault-samsung-motors).');
  });
  it('does not link inside an existing link, and links the next mention instead', () => {
    expect(link('See [the Renault plan](https://example.com/plan) by Renault.')).toBe(
      'See [the Renault plan](https://example.com/plan) by [Renault](/companies/renault).',
    );
    expect(link('[docs](https://example.com/renault) and [x][renault]\n\n[renault]: https://r.example')).toBe(
      '[docs](https://example.com/renault) and [x][renault]\n\n[renault]: https://r.example',
    );
  });
  it('does not add a second link to a company the body already links to', () => {
    expect(link('[Renault](/companies/renault) said Renault will grow.')).toBe('[Renault](/companies/renault) said Renault will grow.');
  });
  it('does not link inside code, autolinks, URLs or HTML', () => {
    const md = [
      'Use `Renault` here, and <https://renault.example/Nissan>.',
      '',
      '```',
      'Nissan in a fence',
      '```',
      '',
      '    Nissan in an indented block',
      '',
      'Visit www.nissan.example/Renault or <a href="/x">Nissan</a> or <b>Renault</b>.',
    ].join('\n');
    expect(link(md)).toBe(md.replace('<b>Renault</b>', '<b>[Renault](/companies/renault)</b>'));
  });
  it('escapes brackets in the text and unsafe characters in the URL', () => {
    const md = 'Renault rose.';
    const mentions = [{ start: 0, end: 7, text: 'Renault', companyId: '2453', name: 'Renault' }];
    expect(linkFirstMentions(md, mentions, () => '/companies/a b(c)')).toBe('[Renault](/companies/a%20b%28c%29) rose.');
    const bracketed = 'x [y] z';
    const odd = [{ start: 2, end: 5, text: '[y]', companyId: '1', name: 'Y' }];
    expect(linkFirstMentions(bracketed, odd, () => '/y')).toBe('x [\\[y\\]](/y) z');
  });
  it('does not turn a mention after "!" into an image', () => {
    expect(link('Wow!Renault')).toBe('Wow\\![Renault](/companies/renault)');
  });
  it('leaves a company without a URL, and escaped text, plain', () => {
    expect(link('Renault and Nissan', (id) => (id === '838' ? '/n' : undefined))).toBe('Renault and [Nissan](/n)');
    expect(link('\\Renault')).toBe('\\Renault');
  });
  it('returns the body unchanged without mentions', () => {
    expect(linkFirstMentions('Nothing here.', [], hrefFor)).toBe('Nothing here.');
  });
  it('does not treat a continuation line of a paragraph as code', () => {
    expect(link('It said\n    Renault grew.')).toBe('It said\n    [Renault](/companies/renault) grew.');
  });
});

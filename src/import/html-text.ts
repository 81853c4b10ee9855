/**
 * Named character references that feeds and WordPress exports use: XML's five, HTML 4's Latin-1
 * set (`&eacute;`), its typographic and Greek letters (`&rsquo;`, `&mdash;`, `&mu;`) and a few
 * symbols. Feeds put them outside CDATA although XML does not define them, so the XML parser is
 * given this table too.
 */
export const HTML_ENTITIES: Readonly<Record<string, string>> = Object.freeze(buildEntities());

function buildEntities(): Record<string, string> {
  const table: Record<string, string> = { quot: '"', amp: '&', apos: "'", lt: '<', gt: '>' };
  const run = (first: number, names: string) => {
    names.split(' ').forEach((name, i) => {
      if (name !== '-') table[name] = String.fromCodePoint(first + i);
    });
  };
  // U+00A0–U+00FF in order (HTML 4 "Latin-1").
  run(
    0xa0,
    'nbsp iexcl cent pound curren yen brvbar sect uml copy ordf laquo not shy reg macr deg plusmn sup2 sup3 acute ' +
      'micro para middot cedil sup1 ordm raquo frac14 frac12 frac34 iquest Agrave Aacute Acirc Atilde Auml Aring ' +
      'AElig Ccedil Egrave Eacute Ecirc Euml Igrave Iacute Icirc Iuml ETH Ntilde Ograve Oacute Ocirc Otilde Ouml ' +
      'times Oslash Ugrave Uacute Ucirc Uuml Yacute THORN szlig agrave aacute acirc atilde auml aring aelig ccedil ' +
      'egrave eacute ecirc euml igrave iacute icirc iuml eth ntilde ograve oacute ocirc otilde ouml divide oslash ' +
      'ugrave uacute ucirc uuml yacute thorn yuml',
  );
  run(0x391, 'Alpha Beta Gamma Delta Epsilon Zeta Eta Theta Iota Kappa Lambda Mu Nu Xi Omicron Pi Rho - Sigma Tau Upsilon Phi Chi Psi Omega');
  run(0x3b1, 'alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu nu xi omicron pi rho sigmaf sigma tau upsilon phi chi psi omega');
  run(0x2002, 'ensp emsp - - - - - thinsp - - zwnj zwj lrm rlm - - - ndash mdash - - - lsquo rsquo sbquo - ldquo rdquo bdquo');
  const more: [string, number][] = [
    ['OElig', 0x152], ['oelig', 0x153], ['Scaron', 0x160], ['scaron', 0x161], ['Yuml', 0x178], ['fnof', 0x192],
    ['circ', 0x2c6], ['tilde', 0x2dc], ['dagger', 0x2020], ['Dagger', 0x2021], ['bull', 0x2022], ['hellip', 0x2026],
    ['permil', 0x2030], ['prime', 0x2032], ['Prime', 0x2033], ['lsaquo', 0x2039], ['rsaquo', 0x203a], ['oline', 0x203e],
    ['frasl', 0x2044], ['euro', 0x20ac], ['trade', 0x2122], ['larr', 0x2190], ['uarr', 0x2191], ['rarr', 0x2192],
    ['darr', 0x2193], ['minus', 0x2212], ['infin', 0x221e], ['asymp', 0x2248], ['ne', 0x2260], ['le', 0x2264], ['ge', 0x2265],
  ];
  for (const [name, code] of more) table[name] = String.fromCodePoint(code);
  return table;
}

const REFERENCE = /&(?:#(\d{1,7})|#[xX]([0-9a-fA-F]{1,6})|([A-Za-z][A-Za-z0-9]{0,31}));/g;

/**
 * Replaces character references (`&amp;`, `&#8217;`, `&#x2019;`, `&eacute;`) with their characters;
 * an unknown name stays as written, an impossible code point becomes U+FFFD.
 * @example decodeHtmlEntities('Caf&eacute; &amp; bar&#8217;s') // 'Café & bar’s'
 */
export function decodeHtmlEntities(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(REFERENCE, (whole, dec: string | undefined, hex: string | undefined, name: string | undefined) => {
    if (name !== undefined) return HTML_ENTITIES[name] ?? whole;
    const code = dec !== undefined ? Number(dec) : Number.parseInt(hex!, 16);
    const valid = code > 0 && code <= 0x10ffff && (code < 0xd800 || code > 0xdfff);
    return valid ? String.fromCodePoint(code) : '\uFFFD';
  });
}

// Tags that separate words; any other tag (<b>, <a>, <span>) joins its text to its neighbours.
const BREAKING_TAG = /^<\/?(?:p|br|div|li|ul|ol|h[1-6]|tr|td|th|blockquote|figure|figcaption|hr|img|table|pre|section|article)\b/i;

/**
 * The text of an HTML fragment on one line: comments, scripts and tags removed, references
 * decoded, whitespace collapsed. For headlines, standfirsts, names and terms.
 * @example htmlToText('<p>Tolling &amp; <b>ANPR</b></p>\n<p>Next</p>') // 'Tolling & ANPR Next'
 */
export function htmlToText(html: string): string {
  const stripped = html
    .replace(/<!--[\s\S]*?-->/g, ' ')
    .replace(/<(script|style)\b[\s\S]*?<\/\1\s*>/gi, ' ')
    // A tag starts with a letter (or `/` and a letter): `a < b` is text, not a tag.
    .replace(/<\/?[A-Za-z][^>]*>/g, (tag) => (BREAKING_TAG.test(tag) ? ' ' : ''));
  return decodeHtmlEntities(stripped).replace(/\s+/g, ' ').trim();
}

// Blocks WordPress's autop leaves unwrapped.
const BLOCK_START = /^<(?:p|div|h[1-6]|ul|ol|li|dl|table|thead|tbody|tr|blockquote|pre|figure|hr|section|article|aside|address|form|iframe|embed|object|video|audio|script|style|!--)\b/i;

/**
 * WordPress's `wpautop`, simplified: content without `<p>` has its paragraphs in blank lines and
 * its line breaks in single newlines. Blank-line-separated text becomes `<p>`s, a single newline
 * inside one a `<br />`; a block that starts with a block element is left as it is, and
 * `<pre>` keeps its text untouched.
 * @example autop('One\nline.\n\nTwo.') // '<p>One<br />\nline.</p>\n<p>Two.</p>'
 */
export function autop(html: string): string {
  const text = html.replace(/\r\n?/g, '\n').trim();
  if (/<p[\s>]/i.test(text)) return text;
  const kept: string[] = [];
  const guarded = text.replace(/<pre\b[\s\S]*?<\/pre>/gi, (pre) => `\u0000${kept.push(pre) - 1}\u0000`);
  return guarded
    .split(/\n[ \t]*\n\s*/)
    .map((block) => block.trim())
    .filter(Boolean)
    .map((block) => (BLOCK_START.test(block) || /^\u0000\d+\u0000$/.test(block) ? block : `<p>${block.replace(/\n/g, '<br />\n')}</p>`))
    .join('\n')
    .replace(/\u0000(\d+)\u0000/g, (_, i: string) => kept[Number(i)]!);
}

/**
 * WordPress's `wptexturize()` (wp-includes/formatting.php), which `the_content` runs on every post
 * before readers see it: straight quotes become curly ones, apostrophes ’, ` - ` an en dash,
 * `--` a dash, `...` an ellipsis, `9x9` a times sign. Without it an imported body reads
 * differently from the old site's in nearly every paragraph of news copy ("France's" against
 * "France’s"). Ported pattern for pattern, with characters in place of WordPress's entities;
 * text inside `pre`, `code`, `kbd`, `style`, `script` and `tt`, tags, comments and shortcode tags
 * themselves are left alone, as WordPress leaves them.
 */

const SPACES = '(?:[\\r\\n\\t ]|\\u00a0|&nbsp;)';
const APOS_FLAG = '<!--apos-->';
const OPEN_SQ_FLAG = '<!--osq-->';
const OPEN_Q_FLAG = '<!--oq-->';
const AFTER_QUOTE = `(?=$|[.,:;!?)}\\-\\]]|&gt;|${SPACES})`;

const STATIC: readonly [string, string][] = [
  ['...', '…'],
  ['``', '“'],
  ["''", '”'],
  [' (tm)', ' ™'],
  ...["'tain't", "'twere", "'twas", "'tis", "'twill", "'til", "'bout", "'nuff", "'round", "'cause", "'em"].map((w): [string, string] => [w, w.replaceAll("'", '’')]),
];

const APOS: readonly [RegExp, string][] = [
  // '99' and '99" are ambiguous; WordPress takes them for an abbreviated year closing a quotation.
  [new RegExp(`'(\\d\\d)'${AFTER_QUOTE}`, 'g'), `${APOS_FLAG}$1’`],
  [new RegExp(`'(\\d\\d)"${AFTER_QUOTE}`, 'g'), `${APOS_FLAG}$1”`],
  // '99 '99s '99's, but never '9 or '99% or '999 or '99.0.
  [/'(?=\d\d(?:$|(?![%\d]|[.,]\d)))/g, APOS_FLAG],
  [new RegExp(`(?<=^|${SPACES})'(\\d[.,\\d]*)'`, 'g'), `${OPEN_SQ_FLAG}$1’`],
  [new RegExp(`(?<=^|[([{"\\-]|&lt;|${SPACES})'`, 'g'), OPEN_SQ_FLAG],
  [new RegExp(`(?<!${SPACES})'(?!$|[.,:;!?"'(){}[\\]\\-]|&[lg]t;|${SPACES})`, 'g'), APOS_FLAG],
];

const QUOTE: readonly [RegExp, string][] = [
  [new RegExp(`(?<=^|${SPACES})"(\\d[.,\\d]*)"`, 'g'), `${OPEN_Q_FLAG}$1”`],
  [new RegExp(`(?<=^|[([{\\-]|&lt;|${SPACES})"(?!${SPACES})`, 'g'), OPEN_Q_FLAG],
];

const DASH: readonly [RegExp, string][] = [
  [/---/g, '—'],
  [new RegExp(`(?<=^|${SPACES})--(?=$|${SPACES})`, 'g'), '—'],
  [/(?<!xn)--/g, '–'],
  [new RegExp(`(?<=^|${SPACES})-(?=$|${SPACES})`, 'g'), '–'],
];

/**
 * Comments, tags and core shortcode tags (`[caption id="1"]`, `[/caption]`): delimiters, never
 * texturized. Other brackets are text to WordPress (an editor's "[Godzilla's]", a plugin's
 * shortcode it does not have), and texturized.
 */
const DELIMITER = /(<!--[\s\S]*?(?:-->|$)|<[^>]*>?|\[[/[]?(?:caption|wp_caption|gallery|playlist|embed|video|audio)(?:[^[\]<>]+|<[^[\]>]*>)*\]\]?)/;
const NO_TEXTURIZE = new Set(['pre', 'code', 'kbd', 'style', 'script', 'tt']);

/**
 * @example texturize(`<p>France's "best" -- 1990s...</p>`) // '<p>France’s “best” — 1990s…</p>'
 */
export function texturize(html: string): string {
  const open: string[] = [];
  return html
    .split(DELIMITER)
    .map((part, i) => {
      if (i % 2 === 1) {
        const [, closing, name] = /^<(\/?)([a-z][a-z0-9]*)/i.exec(part) ?? [];
        if (name && NO_TEXTURIZE.has(name.toLowerCase()) && !part.endsWith('/>')) {
          if (!closing) open.push(name.toLowerCase());
          else if (open.at(-1) === name.toLowerCase()) open.pop();
        }
        return part;
      }
      return open.length || !part.trim() ? part : texturizeText(part);
    })
    .join('');
}

function replaceAll(text: string, rules: readonly [RegExp, string][]): string {
  return rules.reduce((out, [pattern, replacement]) => out.replace(pattern, replacement), text);
}

function texturizeText(text: string): string {
  let out = STATIC.reduce((t, [from, to]) => t.replaceAll(from, to), text);
  if (out.includes("'")) {
    out = primes(replaceAll(out, APOS), "'", '′', OPEN_SQ_FLAG, '’').replaceAll(APOS_FLAG, '’').replaceAll(OPEN_SQ_FLAG, '‘');
  }
  if (out.includes('"')) out = primes(replaceAll(out, QUOTE), '"', '″', OPEN_Q_FLAG, '”').replaceAll(OPEN_Q_FLAG, '“');
  if (out.includes('-')) out = replaceAll(out, DASH);
  // 9x9 (times), but never 0x9999.
  if (/(?<=\d)x\d/.test(out)) out = out.replace(/\b(0[\d.,]+|[1-9][\d.,]*)x(\d[\d.,]*)\b/g, '$1×$2');
  return out;
}

/** wptexturize_primes(): a quote after a digit is a prime (9′ 6″) unless it closes a quotation. */
function primes(haystack: string, needle: string, prime: string, openQuote: string, closeQuote: string): string {
  const flag = '<!--wp-prime-or-quote-->';
  const quotePattern = new RegExp(`${needle}${AFTER_QUOTE}`, 'g');
  const primePattern = new RegExp(`(?<=\\d)${needle}`, 'g');
  return haystack
    .split(openQuote)
    .map((original, key) => {
      if (!original.includes(needle)) return original;
      let sentence = original;
      if (key !== 0 && !sentence.includes(closeQuote)) {
        let count = 0;
        sentence = sentence.replace(quotePattern, () => {
          count++;
          return flag;
        });
        if (count > 1) {
          // Several closing quote candidates: the one not after a digit, else before a full stop, else the last.
          let closed = 0;
          sentence = sentence.replace(new RegExp(`(?<!\\d)${flag}`, 'g'), () => {
            closed++;
            return closeQuote;
          });
          if (closed === 0) {
            const pos = sentence.includes(`${flag}.`) ? sentence.lastIndexOf(`${flag}.`) : sentence.lastIndexOf(flag);
            sentence = sentence.slice(0, pos) + closeQuote + sentence.slice(pos + flag.length);
          }
          sentence = sentence.replace(primePattern, prime).replace(new RegExp(`(?<=\\d)${flag}`, 'g'), prime).replaceAll(flag, closeQuote);
        } else if (count === 1) {
          sentence = sentence.replaceAll(flag, closeQuote).replace(primePattern, prime);
        } else {
          sentence = sentence.replace(primePattern, prime);
        }
      } else {
        sentence = sentence.replace(primePattern, prime).replace(quotePattern, closeQuote);
      }
      return needle === '"' ? sentence.replaceAll('"', closeQuote) : sentence;
    })
    .join(openQuote);
}

import { MARK_CLOSE, MARK_OPEN, type SearchQuery } from '../store/index.ts';
import { isPlainText, isPlainWordCode, plainWordEnd, stem, tokenize } from '../text/index.ts';

/** Words in a snippet, about two lines of a results page. */
export const SNIPPET_WORDS = 30;
/** Words of context kept before the first match. */
const LEAD_WORDS = 5;
const ELLIPSIS = '…';
const MARKERS_RE = /[\u{E000}\u{E001}]/gu;

/** What a snippet highlights: the stems of the query's positive words, and prefixes being typed. */
export interface HighlightTerms {
  readonly stems: ReadonlySet<string>;
  readonly prefixes: readonly string[];
  /**
   * Porter stemming only rewrites the end of a word (strips a suffix, turns a final y into i,
   * adds an e), so a word can share a stem only if it starts with that stem minus its last letter:
   * a cheap test that spares stemming most words of a body.
   */
  readonly heads: readonly string[];
  /** First letters of every head and prefix: a word starting otherwise cannot match. */
  readonly firsts: ReadonlySet<number>;
}

export function highlightTerms(q: SearchQuery): HighlightTerms {
  const stems = new Set<string>();
  const prefixes: string[] = [];
  for (const w of q.words) {
    if (w.prefix) prefixes.push(w.text);
    else stems.add(stem(w.text));
  }
  for (const p of q.phrases) for (const w of p) stems.add(stem(w));
  const heads = [...stems].map((s) => (s.length > 1 ? s.slice(0, -1) : s));
  const firsts = new Set([...heads, ...prefixes].map((w) => w.charCodeAt(0)));
  return { stems, prefixes, heads, firsts };
}

function matchKey(term: string, terms: HighlightTerms): string | undefined {
  for (const p of terms.prefixes) if (term.startsWith(p)) return `${p}*`;
  if (!terms.heads.some((h) => term.startsWith(h))) return undefined;
  const s = stem(term);
  return terms.stems.has(s) ? s : undefined;
}

/**
 * A passage of the body around its matches, cut at words, with each matching word between the
 * private-use markers U+E000 and U+E001 (snippetHtml escapes the text, then turns them into
 * `<mark>`). It picks the window of SNIPPET_WORDS words that holds the most different query
 * words, then the most matches, the earliest on a tie; a body without a match gives its opening.
 * Matching is by stem, as the index matches, so `charging` lights up `charges`.
 * @example makeSnippet('Buses charge at stops.', highlightTerms(parseQuery('charging'))) // 'Buses \u{E000}charge\u{E001} at stops.'
 */
export function makeSnippet(body: string, terms: HighlightTerms, size = SNIPPET_WORDS): string {
  const text = body.replace(MARKERS_RE, '');
  const { starts, ends, keys } = scanWords(text, terms);
  const count = starts.length;
  if (count === 0) return '';
  const start = bestStart(keys, size);
  const end = Math.min(count, start + size);
  let out = start > 0 ? `${ELLIPSIS} ` : '';
  let at = starts[start]!;
  for (let i = start; i < end; i++) {
    out += text.slice(at, starts[i]);
    const word = text.slice(starts[i], ends[i]);
    out += keys[i] ? `${MARK_OPEN}${word}${MARK_CLOSE}` : word;
    at = ends[i]!;
  }
  // Keep a closing punctuation mark ("stops.") when the passage runs to the end of a sentence.
  const tail = end === count ? text.slice(at).match(/^[^\s\p{L}\p{N}]*/u)![0] : '';
  out += tail + (end < count ? ` ${ELLIPSIS}` : '');
  return out.replace(/\s+/g, ' ').trim();
}

interface ScannedWords {
  readonly starts: number[];
  readonly ends: number[];
  /** The query word each word matches (its stem, or `prefix*`), if any. */
  readonly keys: (string | undefined)[];
}

/**
 * The words of a body (as text/tokenize splits them) with what each matches. Plain text (ASCII
 * letters and digits, with typographic punctuation such as the curly quotes rendered bodies
 * carry: text/isPlainText) is scanned by character codes, so a long body costs no object per
 * word; anything else goes through tokenize.
 */
export function scanWords(text: string, terms: HighlightTerms): ScannedWords {
  const starts: number[] = [];
  const ends: number[] = [];
  const keys: (string | undefined)[] = [];
  if (!isPlainText(text)) {
    for (const t of tokenize(text)) {
      starts.push(t.start);
      ends.push(t.end);
      keys.push(matchKey(t.term, terms));
    }
    return { starts, ends, keys };
  }
  const lower = text.toLowerCase();
  for (let i = 0; i < lower.length; ) {
    if (!isPlainWordCode(lower.charCodeAt(i))) {
      i++;
      continue;
    }
    const start = i;
    i = plainWordEnd(lower, start);
    starts.push(start);
    ends.push(i);
    keys.push(terms.firsts.has(lower.charCodeAt(start)) ? matchKey(lower.slice(start, i), terms) : undefined);
  }
  return { starts, ends, keys };
}

/** The first word of the window with the most distinct matches, then the most matches. */
function bestStart(keys: readonly (string | undefined)[], size: number): number {
  let best = 0;
  let bestDistinct = 0;
  let bestCount = 0;
  let tried = -1;
  for (let i = 0; i < keys.length; i++) {
    if (!keys[i]) continue;
    const start = Math.max(0, Math.min(i - LEAD_WORDS, keys.length - size));
    if (start === tried) continue;
    tried = start;
    const seen = new Set<string>();
    let count = 0;
    for (let j = start; j < Math.min(keys.length, start + size); j++) {
      const k = keys[j];
      if (k) {
        seen.add(k);
        count++;
      }
    }
    if (seen.size > bestDistinct || (seen.size === bestDistinct && count > bestCount)) {
      best = start;
      bestDistinct = seen.size;
      bestCount = count;
    }
  }
  return best;
}

import { type Kysely, sql } from 'kysely';
import type { Database } from '../schema.ts';

/** What the server's cleaning (`masthead_search_text`: unaccent, then every run of non-[:alnum:] one space) does with one character, as probed. */
const Kind = {
  Unknown: 0,
  /** Folded to a separator: unaccent leaves or maps it to characters that are not letters or digits. */
  Separator: 1,
  /** Anything else (a letter with an accent, a combining mark): texts holding it are cleaned by the server. */
  Other: 2,
} as const;

/** An ASCII letter or digit: what the server keeps as it is (probed before any text is cleaned here). */
const NOT_ALNUM_RUN = /[^A-Za-z0-9]+/g;
const NOT_ASCII = /[^\x01-\x7f]/g;
/** PostgreSQL leaves words of this many bytes and more out of a tsvector (MAXSTRLEN is 2,047). */
const LONGEST_WORD = 2047;
/** tsvector's type OID (pg_type.dat): the element type of a binary tsvector[] parameter. */
const TSVECTOR_OID = 3614;

/**
 * A document's search texts cleaned here, with what the server derived from them: `len` (DOC_LENGTH),
 * and `words` and `title` (the unstemmed word sets since migration 0045) in tsvector's binary form.
 */
export interface CleanedTexts {
  readonly headline: string;
  readonly standfirst: string;
  readonly body: string;
  readonly len: number;
  readonly words: Buffer;
  readonly title: Buffer;
}

/**
 * Cleans search texts in this process when the server would clean them to the same string, so a
 * bulk import's vectors statement only parses and stems (issue 16): on PostgreSQL the cleaning
 * (`masthead_search_text`, a regular expression over every body) and the word sets (`words`,
 * `title`: each word lower-cased and unnested one at a time) were about 0.4 ms of server time an
 * article, as much as parsing and stemming, where a JavaScript regular expression does the same
 * to an ASCII text in microseconds.
 *
 * Exact by construction, not by assumption: before cleaning anything it asks the server how it
 * cleans and lower-cases every ASCII character (if any disagrees with `[A-Za-z0-9]` kept and
 * the rest a separator, nothing is cleaned here), and each other character the first time a text
 * holds it (`learn`). A text is cleaned here only when every character in it is an ASCII letter or
 * digit or a probed separator (curly quotes, dashes, `£`...); a text with an accented letter is
 * left to the server, whose unaccent and [:alnum:] depend on its rules file and locale. This
 * assumes unaccent rules of one character each, as the rules PostgreSQL ships are.
 */
export class SearchTextCleaner {
  private readonly kinds = new Uint8Array(0x10000);
  private ascii: Promise<boolean> | undefined;

  constructor(private readonly db: () => Kysely<Database>) {}

  /**
   * Probes the characters of `texts` not probed yet, in one statement (none when every one is
   * known). Resolves false when the server does not clean ASCII as this class does: then `clean`
   * must not be used.
   */
  async learn(texts: readonly string[]): Promise<boolean> {
    this.ascii ??= this.probeAscii();
    if (!(await this.ascii)) return false;
    const unknown = new Set<string>();
    for (const text of texts) {
      for (const [c] of text.matchAll(NOT_ASCII)) {
        const code = c.charCodeAt(0);
        // Half of a pair (a character past U+FFFF), or U+0000 (no PostgreSQL text holds it): left to the server, not probed.
        if (code === 0 || (code >= 0xd800 && code <= 0xdfff)) this.kinds[code] = Kind.Other;
        else if (this.kinds[code] === Kind.Unknown) unknown.add(c);
      }
    }
    if (unknown.size > 0) {
      for (const [c, { cleaned }] of await this.probe([...unknown])) this.kinds[c.charCodeAt(0)] = cleaned === 'a b' ? Kind.Separator : Kind.Other;
    }
    return true;
  }

  /** The texts cleaned as the server would, or undefined when one holds a character left to the server (call `learn` with them first). */
  clean(headline: string, standfirst: string, body: string): CleanedTexts | undefined {
    if (!this.known(headline) || !this.known(standfirst) || !this.known(body)) return undefined;
    const h = headline.replace(NOT_ALNUM_RUN, ' ');
    const s = standfirst.replace(NOT_ALNUM_RUN, ' ');
    const b = body.replace(NOT_ALNUM_RUN, ' ');
    const title = new Set<string>();
    const len = addWords(h, title);
    const all = new Set(title);
    return { headline: h, standfirst: s, body: b, len: len + addWords(s, all) + addWords(b, all), words: wordSet(all), title: wordSet(title) };
  }

  /** Every character of `text` is one this class cleans as the server does. */
  private known(text: string): boolean {
    for (const [c] of text.matchAll(NOT_ASCII)) if (this.kinds[c.charCodeAt(0)] !== Kind.Separator) return false;
    return true;
  }

  /** True when the server keeps each ASCII letter and digit (lower-casing A–Z to a–z) and makes every other ASCII character a separator. */
  private async probeAscii(): Promise<boolean> {
    const chars = Array.from({ length: 0x7f }, (_, i) => String.fromCharCode(i + 1));
    const probed = await this.probe(chars);
    return chars.every((c) => {
      const alnum = /[A-Za-z0-9]/.test(c);
      const p = probed.get(c);
      return p?.cleaned === (alnum ? `a${c}b` : 'a b') && p.lower === c.toLowerCase();
    });
  }

  /** How the server cleans each character between two letters (`a`, `b`), and how it lower-cases it. */
  private async probe(chars: readonly string[]): Promise<Map<string, { cleaned: string; lower: string }>> {
    const rows = await sql<{ c: string; cleaned: string; lower: string }>`SELECT c, masthead_search_text('a' || c || 'b') AS cleaned, lower(c) AS lower
      FROM unnest(${chars}::text[]) AS c`.execute(this.db());
    return new Map(rows.rows.map((r) => [r.c, r]));
  }
}

/** Adds the words of a cleaned text (single spaces between runs of ASCII letters and digits), lower-cased as the server lower-cases ASCII, to `set`; returns how many it holds. */
function addWords(cleaned: string, set: Set<string>): number {
  let n = 0;
  for (const w of cleaned.toLowerCase().split(' ')) {
    if (w === '') continue;
    n++;
    set.add(w);
  }
  return n;
}

/**
 * Distinct words as a tsvector without positions in PostgreSQL's binary form (tsvectorsend): the
 * count, then each lexeme NUL-terminated with a zero position count (two more zero bytes); words
 * too long for a lexeme left out as the server leaves them out. Unsorted: the server's
 * tsvectorrecv sorts the entries, in C, as `array_to_tsvector` does (sorting here cost the
 * importer more than the rest of the cleaning).
 */
function wordSet(words: ReadonlySet<string>): Buffer {
  let list = [...words];
  if (list.some((w) => w.length > LONGEST_WORD)) list = list.filter((w) => w.length <= LONGEST_WORD);
  const entries = list.length === 0 ? '' : `${list.join('\0\0\0')}\0\0\0`;
  const out = Buffer.allocUnsafe(4 + entries.length);
  out.writeInt32BE(list.length, 0);
  out.write(entries, 4, 'latin1');
  return out;
}

/** Binary tsvectors as one binary `tsvector[]` parameter (array_recv: one dimension, no NULLs, lower bound 1). */
export function tsvectorArray(vectors: readonly Buffer[]): Buffer {
  let size = 20;
  for (const v of vectors) size += 4 + v.length;
  const out = Buffer.allocUnsafe(size);
  out.writeInt32BE(1, 0);
  out.writeInt32BE(0, 4);
  out.writeUInt32BE(TSVECTOR_OID, 8);
  out.writeInt32BE(vectors.length, 12);
  out.writeInt32BE(1, 16);
  let at = 20;
  for (const v of vectors) {
    out.writeInt32BE(v.length, at);
    v.copy(out, at + 4);
    at += 4 + v.length;
  }
  return out;
}

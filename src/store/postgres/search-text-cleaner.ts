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
const NOT_ASCII = /[^\x01-\x7f]/g;

/**
 * Says which search texts the server would clean to their runs of ASCII letters and digits,
 * every other character a separator, so that this process builds their vectors
 * (SearchVectorBuilder) and the server only receives them (issue 16): on PostgreSQL the cleaning
 * (`masthead_search_text`, a regular expression over every body), the word sets and parsing and
 * stemming were most of a bulk import's server time.
 *
 * Exact by construction, not by assumption: before cleaning anything it asks the server how it
 * cleans and lower-cases every ASCII character (if any disagrees with `[A-Za-z0-9]` kept and
 * the rest a separator, nothing is cleaned here), and each other character the first time a text
 * holds it (`learn`). A text is cleanable here only when every character in it is an ASCII letter or
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

  /** Every character of the texts is one the server cleans as SearchVectorBuilder reads it (call `learn` with them first). */
  cleanable(headline: string, standfirst: string, body: string): boolean {
    return this.known(headline) && this.known(standfirst) && this.known(body);
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

import { type Kysely, sql } from 'kysely';
import type { Database } from '../schema.ts';

/** Reads of the whole table at most this often, whatever the content does (an import moves it every batch). */
const MIN_INTERVAL_MS = 60_000;
/** …and at most this share of the time: a read that took 5 s waits 100 s before the next. */
const MAX_DUTY = 0.05;

/** How many documents hold each stemmed lexeme, as of one content version. */
interface LexemeTable {
  readonly version: number;
  readonly docs: ReadonlyMap<string, number>;
}

/**
 * Every stemmed lexeme's document count (`ts_stat` over `article_search_terms.doc`), read in the
 * background and used while the content version is the one it was read at. BM25 needs each query
 * term's count: counting one word's documents is a GIN bitmap over its whole posting list (10–35 ms
 * for a word in half the articles at 100,000), and a reader's query brings new words all the time.
 * The table answers any single word at once; a phrase, a prefix, or any term while the table is
 * stale (after a publish, until the next background read) is counted in SQL as before, so counts
 * are always exact: the statement that uses a count checks the table's version itself (no round
 * trip to read it first). The read costs seconds at 100,000 articles, so it runs at most every
 * MIN_INTERVAL_MS and at most MAX_DUTY of the time.
 */
export class LexemeCounts {
  private table?: LexemeTable;
  private reading = false;
  private nextReadAt = 0;

  constructor(private readonly db: Kysely<Database>) {}

  /**
   * The document count of a single-lexeme tsquery (`'word'`) in the table, and the content
   * version the table was read at, which the caller must check (in the statement that uses the
   * count: see Bm25Term.guess); undefined without a table or for anything but one lexeme.
   */
  docs(tsquery: string): { docs: number; version: number } | undefined {
    const table = this.table;
    if (!table) {
      this.refresh();
      return undefined;
    }
    const lexeme = /^'([^']*)'$/.exec(tsquery)?.[1];
    return lexeme === undefined ? undefined : { docs: table.docs.get(lexeme) ?? 0, version: table.version };
  }

  /** The content version a statement saw: the table is read again (in the background) when it is not the table's. */
  seen(version: number): void {
    if (this.table?.version !== version) this.refresh();
  }

  /** Starts a background read unless one runs or the last was too recent. */
  private refresh(): void {
    if (this.reading || Date.now() < this.nextReadAt) return;
    this.reading = true;
    const started = Date.now();
    this.read().then(
      (table) => {
        this.table = table;
      },
      () => {},
    ).finally(() => {
      this.reading = false;
      const took = Date.now() - started;
      this.nextReadAt = Date.now() + Math.max(MIN_INTERVAL_MS, took / MAX_DUTY);
    });
  }

  private async read(): Promise<LexemeTable> {
    // The version first, in the same statement: a publish committed during the scan leaves the
    // table marked with an older version than it may hold, so it counts as stale, never the reverse.
    const rows = await sql<{ word: string | null; ndoc: number | string }>`
      SELECT NULL AS word, (SELECT value::bigint FROM site_state WHERE key = 'content_version') AS ndoc
      UNION ALL
      SELECT word, ndoc FROM ts_stat('SELECT doc FROM article_search_terms')`.execute(this.db);
    const docs = new Map<string, number>();
    let version = 0;
    for (const r of rows.rows) {
      if (r.word === null) version = Number(r.ndoc ?? 0);
      else docs.set(r.word, Number(r.ndoc));
    }
    return { version, docs };
  }
}

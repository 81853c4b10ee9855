/**
 * The shapes the tagging capability takes in and hands out. A leaf: imports nothing.
 */

/** One company of the directory, as the matcher sees it (the rest of the record is not needed). */
export interface DirectoryEntry {
  /** The company's own id (for migrated archives, the legacy id, e.g. `"2453"`). */
  readonly id: string;
  /** Display name, e.g. `Renault Samsung Motors`. */
  readonly name: string;
  /** Other names the company is written as, e.g. `RSM`. */
  readonly aliases: readonly string[];
  /**
   * The name (and any one-word alias) is also a common word, so a bare mention needs evidence.
   * Names on the built-in list (`AMBIGUOUS_NAMES`) need it whatever this says.
   */
  readonly ambiguous?: boolean;
  /**
   * Folded words that, anywhere in a text, point to this company (`ipod` for Apple). Evidence for
   * ambiguous names, added to the built-in context of `AMBIGUOUS_NAMES`.
   */
  readonly context?: readonly string[];
}

/** One mention of a directory company in a text. */
export interface Mention {
  /** Offset of the first UTF-16 code unit, in the text exactly as given. */
  readonly start: number;
  /** Offset just past the last UTF-16 code unit: `text === input.slice(start, end)`. */
  readonly end: number;
  /** The mention as written. */
  readonly text: string;
  readonly companyId: string;
  /** The directory name of the company. */
  readonly name: string;
}

/** Editor decisions for one article. */
export interface FindOptions {
  /** Companies an editor pinned: a capitalised mention of their ambiguous names needs no more evidence. */
  readonly pinned?: Iterable<string>;
  /** Companies an editor blocked: never returned (the words they cover are not re-read as other companies). */
  readonly blocked?: Iterable<string>;
}

/** A directory compiled for matching; build it once per directory version with `compileMatcher`. */
export interface CompanyMatcher {
  /** Number of companies compiled in. */
  readonly size: number;
  /** The mentions in `text`, in text order, never overlapping. */
  find(text: string, options?: FindOptions): Mention[];
}

/** A name that looks like a company but is not in the directory: a suggestion for editors. */
export interface Candidate {
  /** As written in the text, trimmed, white space collapsed to single spaces. */
  readonly name: string;
  /** How many times it occurs in the text. */
  readonly count: number;
}

/** A company link recovered from a leaked legacy id; offsets into the cleaned text. */
export interface LegacyLink {
  readonly start: number;
  readonly end: number;
  readonly companyId: string;
}

/** What `cleanLegacyIds` returns. */
export interface CleanedText {
  readonly text: string;
  readonly links: LegacyLink[];
}

/** Private-use markers around matches in engine snippets; escaped text stays safe, then they become <mark>. */
export const MARK_OPEN = '\u{E000}';
export const MARK_CLOSE = '\u{E001}';

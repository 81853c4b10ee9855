import { foldText } from './fold.ts';

/** One word of a text: its folded form and where it stands in the original (UTF-16 offsets). */
export interface Token {
  readonly term: string;
  readonly start: number;
  readonly end: number;
}

// Letters and digits, joined by inner apostrophes or dots between digits ("8.03", "O'Neil" stays
// one word only for the apostrophe case handled below). Everything else separates words.
const WORD_RE = /[\p{L}\p{N}]+(?:[.,][\p{N}]+)*/gu;

/**
 * Splits text into folded words with their offsets in the text exactly as given.
 * Possessive `'s` is a separate token (`s`), so `Nissan's` yields `nissan` then `s`.
 * @example tokenize('Citroën’s 8.03 m').map(t => t.term) // ['citroen', 's', '8.03', 'm']
 */
export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  for (const m of text.matchAll(WORD_RE)) {
    const start = m.index;
    tokens.push({ term: foldText(m[0]), start, end: start + m[0].length });
  }
  return tokens;
}

/** The folded words of a text, without offsets (cheaper when positions are not needed). */
export function words(text: string): string[] {
  const folded = foldText(text);
  return folded.match(WORD_RE) ?? [];
}

/**
 * @module text
 * Tokenizing and normalizing shared by tagging, search and related content: one notion of what a
 * word is, so that a company name, a search query and a relatedness term agree.
 */
export { foldText } from './fold.ts';
export { STOP_WORDS } from './stop-words.ts';
export { isStopWord, stem, terms } from './terms.ts';
export { isPlainText, isPlainWordCode, plainWordEnd, type Token, tokenize, words } from './tokenize.ts';

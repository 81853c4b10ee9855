/**
 * @module tagging
 * Automatic company tagging (PRODUCT.md feature 4) and the legacy-id clean-up of migrated archives
 * (feature 9). Pure functions over text and a directory: no database, no I/O.
 *
 * - `compileMatcher(directory)` compiles the directory once per version into a trie over folded
 *   tokens; `matcher.find(text)` returns every mention with UTF-16 offsets into the text as
 *   given (the `tag --json` contract): longest match wins, aliases, acronyms in capitals only,
 *   case (a capitalised name is not a lower-case word), dashes, possessives, diacritics, curly
 *   quotes and line breaks handled, whole words only; common-word names (`Apple`, `Shell`…) and
 *   places and days that clubs share (`Chicago`, `Wednesday`) only with evidence; datelines and
 *   headlines in capitals by their own rules (`capitals.ts`).
 * - `findCandidates(text, matcher)` offers company-like names not in the directory to editors.
 * - `cleanLegacyIds(text, lookup)` removes leaked ids (`2453 Renault`) and reports the links.
 * - `linkFirstMentions(markdown, mentions, hrefFor)` links the first mention of each company.
 *
 * @example
 * import { compileMatcher, linkFirstMentions } from '../tagging/index.ts';
 * const matcher = compileMatcher(companies);
 * const mentions = matcher.find(article.body, { blocked: article.blockedCompanyIds });
 * const body = linkFirstMentions(article.body, mentions, (id) => `/companies/${slugs.get(id)}`);
 */
export { AMBIGUOUS_NAMES } from './ambiguous-names.ts';
export { cleanLegacyIds } from './clean-legacy-ids.ts';
export { compileMatcher } from './compile-matcher.ts';
export { CANDIDATE_CUES, CORPORATE_CUES, LEGAL_SUFFIXES } from './corporate-cues.ts';
export { findCandidates } from './find-candidates.ts';
export { linkFirstMentions } from './link-first-mentions.ts';
export { PLACE_NAMES } from './place-names.ts';
export {
  type MentionScore,
  type ScoredArticle,
  type ScoredError,
  type ScoredSpan,
  type ScoreReport,
  scoreMentions,
} from './score-mentions.ts';
export { articleTagText, type DirectorySnapshot, type KeyedCandidate, legacyIdCleaner, type PreparedTags, type TextTags, tagText } from './text-tags.ts';
export type {
  Candidate,
  CleanedText,
  CompanyMatcher,
  DirectoryEntry,
  FindOptions,
  LegacyLink,
  Mention,
} from './types.ts';

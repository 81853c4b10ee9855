import { articleBody, parseBody } from '../content/index.ts';
import { countWords } from '../domain/index.ts';
import type { ArticleInput, PreparedArticle } from '../publish/index.ts';
import { articleTagText, type CompanyMatcher, tagText } from '../tagging/index.ts';

/** A directory version compiled for tagging: what `prepareArticle` tags against. */
export interface PreparedTagger {
  readonly version: number;
  readonly matcher: CompanyMatcher;
}

/**
 * What the publish pipeline would compute from this input during its save (the body's text and
 * word count, its page body without links, the companies and candidate names in it), computed
 * here from the input alone: pure, so it can run on another thread while the pipeline writes.
 * The rows stay the pipeline's to write. Undefined when the input holds U+0000 (the save strips
 * it, so its text is not this one).
 * @example prepareArticle({ headline: 'Hi', body: 'Read **this**', status: 'published' }, tagger)?.page.html // '<p>Read <strong>this</strong></p>\n'
 */
export function prepareArticle(input: ArticleInput, tagger: PreparedTagger): PreparedArticle | undefined {
  const headline = input.headline.trim();
  const standfirst = (input.standfirst ?? '').trim();
  if (headline.includes('\u0000') || standfirst.includes('\u0000') || input.body.includes('\u0000')) return undefined;
  const format = input.bodyFormat ?? 'markdown';
  const parsed = parseBody(input.body, format);
  // The pipeline refuses a sponsor the directory does not know, so a saved article with one is sponsored.
  const sponsored = Boolean(input.sponsor);
  return {
    text: parsed.text,
    wordCount: countWords(input.body),
    page: { ...articleBody(input.body, input.body, format, sponsored, parsed), sponsored },
    tags: { directoryVersion: tagger.version, ...tagText(tagger.matcher, articleTagText(headline, standfirst, parsed.text)) },
  };
}

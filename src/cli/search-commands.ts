import fs from 'node:fs';
import readline from 'node:readline';
import { type Command, InvalidArgumentError, Option } from 'commander';
import type { SearchParams, SearchService } from '../search/index.ts';
import { type GlobalOptions, print, withCore } from './cli-context.ts';
import { siteIdFor } from './site-commands.ts';

const DAY = 86_400_000;
const EMPTY = { total: 0, hits: [] };

interface SearchOptions {
  queries?: string;
  site?: string;
  sort: 'relevance' | 'date';
  limit: number;
  page: number;
  section?: string;
  company?: string;
  tag?: string;
  author?: string;
  from?: number;
  to?: number;
  correct: boolean;
}

function wholeNumber(name: string, min: number, max: number) {
  return (value: string) => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < min || n > max) throw new InvalidArgumentError(`${name} must be a whole number from ${min} to ${max}`);
    return n;
  };
}

function day(value: string): number {
  const t = /^\d{4}-\d{2}-\d{2}$/.test(value) ? Date.parse(value) : Number.NaN;
  if (Number.isNaN(t)) throw new InvalidArgumentError('a date is written YYYY-MM-DD');
  return t;
}

function params(q: string, o: SearchOptions): SearchParams {
  return {
    q,
    limit: o.limit,
    page: o.page,
    sort: o.sort,
    correct: o.correct,
    ...(o.section ? { section: o.section } : {}),
    ...(o.company ? { company: o.company } : {}),
    ...(o.tag ? { tag: o.tag } : {}),
    ...(o.author ? { author: o.author } : {}),
    ...(o.from !== undefined ? { from: o.from } : {}),
    ...(o.to !== undefined ? { to: o.to + DAY } : {}),
  };
}

/**
 * `masthead search <query>`: one search, printed as `{"total","hits":[…]}` with `--json`.
 * `masthead search --queries FILE`: one query a line in ("-" reads stdin), one such object a
 * line out, in the same order; a blank line or one that cannot be searched gives `{"total":0,"hits":[]}`.
 */
export function registerSearchCommand(program: Command): void {
  program
    .command('search')
    .argument('[query...]', 'what to search for: words, "phrases", -exclusions')
    .description('ranked full-text search over published articles (--queries FILE: one query a line, one JSON result a line)')
    .option('--queries <file>', 'answer every line of FILE ("-" for stdin), one result a line')
    .addOption(new Option('--sort <order>', 'relevance or date').choices(['relevance', 'date']).default('relevance'))
    .option('--limit <n>', 'hits per query', wholeNumber('limit', 1, 100), 10)
    .option('--page <n>', 'page', wholeNumber('page', 1, 1000), 1)
    .option('--section <slug>', 'only this section')
    .option('--company <slug>', 'only articles that mention this company')
    .option('--tag <slug>', 'only this tag')
    .option('--author <slug>', 'only this author')
    .option('--from <date>', 'published on or after (YYYY-MM-DD)', day)
    .option('--to <date>', 'published on or before (YYYY-MM-DD)', day)
    .option('--no-correct', 'search exactly what was typed (no typo correction)')
    .option('--site <slug>', 'the site whose articles to search; default: the first site (see `sites list`)')
    .action(async (words: string[], opts: SearchOptions, cmd: Command) => {
      const g = cmd.optsWithGlobals<GlobalOptions>();
      if (!opts.queries && words.length === 0) cmd.error('give a query, or --queries FILE');
      // The core and the search service only: a search needs no admin, mail, media or accounts.
      await withCore(g, async (core) => {
        const { SearchService } = await import('../search/index.ts');
        const search = new SearchService({ store: core.store.reads });
        const siteId = siteIdFor(core, opts.site);
        if (opts.queries) await answerLines(search, siteId, g, opts);
        else await answerOne(search, siteId, g, words.join(' '), opts);
      });
    });
}

async function answerOne(search: SearchService, siteId: number | undefined, g: GlobalOptions, q: string, opts: SearchOptions): Promise<void> {
  const outcome = await search.search({ ...params(q, opts), siteId });
  const { searchResultJson } = await import('../search/index.ts');
  const json = searchResultJson(outcome);
  print(g, json, () =>
    [
      `${outcome.total} results${outcome.correctedQuery ? ` for ${outcome.correctedQuery}` : ''}${outcome.relaxed ? ' (matching some of the words)' : ''}`,
      ...json.hits.map((h) => `${h.score.toFixed(2)}  ${h.date.slice(0, 10)}  ${h.title}  /news/${h.slug}`),
    ].join('\n'),
  );
}

async function answerLines(search: SearchService, siteId: number | undefined, g: GlobalOptions, opts: SearchOptions): Promise<void> {
  const file = opts.queries!;
  const { searchResultJson } = await import('../search/index.ts');
  const input = file === '-' ? process.stdin : fs.createReadStream(file, { encoding: 'utf8' });
  for await (const line of readline.createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY })) {
    let result: ReturnType<typeof searchResultJson> = EMPTY;
    try {
      if (line.trim()) result = searchResultJson(await search.search({ ...params(line, opts), siteId }));
    } catch (err) {
      // One bad line must not cost the others their answers; its own answer is empty.
      process.stderr.write(`masthead: query ${JSON.stringify(line.slice(0, 80))}: ${(err as Error).message}\n`);
    }
    process.stdout.write(g.json ? `${JSON.stringify(result)}\n` : `${result.total}\t${line}\n`);
  }
}

import { MastheadError } from '../lib/errors.ts';
import type { ArticleInput, PreparedArticle, PublishPipeline } from '../publish/index.ts';

/** One record read from a source: an article to save, or the reason it cannot be. */
export type SourceRecord =
  | { readonly line: number; readonly input: ArticleInput; readonly redirectFrom?: readonly string[]; readonly prepared?: PreparedArticle }
  | { readonly line: number; readonly problem: string };

export interface ImportReport {
  imported: number;
  updated: number;
  unchanged: number;
  /** `line` is the record's position in its source: a line number (JSONL) or an item number (XML). */
  refused: { line: number; reason: string }[];
}

export interface ImportProgress {
  readonly bytesRead: number;
  readonly totalBytes: number;
  readonly records: number;
}

export interface ImportOptions {
  readonly batchSize?: number;
  readonly onProgress?: (p: ImportProgress) => void;
  /** Rewrites a body before it is saved (the legacy company-id clean-up); the raw record is kept. */
  readonly cleanBody?: (body: string) => string;
  /**
   * The publish date (epoch ms) of published records whose source gives none (the CLI's
   * `--default-date`). Without it such records are refused: an undated record dated "now" would
   * become the site's top story.
   */
  readonly defaultDate?: number;
  /** The site the records are for (the CLI's `--site`); absent: the first site. */
  readonly siteId?: number;
}

/** Why an undated record is refused, naming the way out. */
export const UNDATED_REASON = 'has no date: add one to the source, or give --default-date YYYY-MM-DD to date undated records';

/** Records per transaction: large enough to amortise commits, small enough to retry cheaply. */
export const DEFAULT_BATCH_SIZE = 500;

/**
 * Saves records from any importer through the publish pipeline, in batched transactions.
 * A refused record is reported with its position and reason, and the rest still imports; the
 * same source id again updates (or, unchanged, writes nothing). Old URLs a record names
 * (`redirectFrom`) become 301 redirects to the article's URL.
 */
export async function importRecords(
  records: AsyncIterable<SourceRecord> | Iterable<SourceRecord>,
  pipeline: PublishPipeline,
  options: ImportOptions & { totalBytes?: number; bytesRead?: () => number } = {},
): Promise<ImportReport> {
  return pipeline.bulk(() => importAll(records, pipeline, options));
}

async function importAll(
  records: AsyncIterable<SourceRecord> | Iterable<SourceRecord>,
  pipeline: PublishPipeline,
  options: ImportOptions & { totalBytes?: number; bytesRead?: () => number },
): Promise<ImportReport> {
  const report: ImportReport = { imported: 0, updated: 0, unchanged: 0, refused: [] };
  const batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
  let batch: Extract<SourceRecord, { input: ArticleInput }>[] = [];
  // The batch's source ids: a set, where scanning the batch for each record was quadratic.
  let sourceIds = new Set<string>();
  let done = 0;
  const flush = async () => {
    if (!batch.length) return;
    await saveBatch(batch, pipeline, report);
    done += batch.length;
    batch = [];
    sourceIds = new Set();
    options.onProgress?.({ bytesRead: options.bytesRead?.() ?? 0, totalBytes: options.totalBytes ?? 0, records: done });
  };
  for await (const record of records) {
    if ('problem' in record) {
      report.refused.push({ line: record.line, reason: record.problem });
      continue;
    }
    const dated = withDate(record.input, options.defaultDate);
    if (!dated) {
      report.refused.push({ line: record.line, reason: UNDATED_REASON });
      continue;
    }
    const cleaned = options.cleanBody ? { ...dated, body: options.cleanBody(dated.body) } : dated;
    const input = options.siteId === undefined ? cleaned : { ...cleaned, siteId: options.siteId };
    // The same source id twice in one file: the later record wins, as a second import would.
    if (input.sourceId && sourceIds.has(input.sourceId)) await flush();
    if (input.sourceId) sourceIds.add(input.sourceId);
    // What was prepared from the body before a clean-up here changed it no longer holds.
    batch.push({ ...record, input, prepared: input.body === record.input.body ? record.prepared : undefined });
    if (batch.length >= batchSize) await flush();
  }
  await flush();
  report.refused.sort((a, b) => a.line - b.line);
  return report;
}

type Ready = Extract<SourceRecord, { input: ArticleInput }>;

/**
 * A published record's dates: its publish date (its own, else the default; undefined when it has
 * neither: drafts may stay undated), and its last change as the source says (else the publish date),
 * never the import time.
 */
function withDate(input: ArticleInput, defaultDate: number | undefined): ArticleInput | undefined {
  if (input.status !== 'published') return input;
  const publishedAt = input.publishedAt ?? defaultDate;
  if (publishedAt === undefined || publishedAt === null) return undefined;
  return { ...input, publishedAt, modifiedAt: input.modifiedAt ?? publishedAt };
}

async function saveBatch(batch: Ready[], pipeline: PublishPipeline, report: ImportReport): Promise<void> {
  try {
    count(await pipeline.saveMany(batch.map((b) => ({ input: b.input, redirectFrom: b.redirectFrom, prepared: b.prepared })), { bulk: true }), report);
  } catch {
    // One record broke the batch's transaction: save one by one so only that record is refused.
    for (const b of batch) {
      try {
        count(await pipeline.saveMany([{ input: b.input, redirectFrom: b.redirectFrom, prepared: b.prepared }], { bulk: true }), report);
      } catch (e) {
        report.refused.push({ line: b.line, reason: e instanceof MastheadError ? e.message : `could not be saved: ${(e as Error).message}` });
      }
    }
  }
}

function count(results: { outcome: 'created' | 'updated' | 'unchanged' }[], report: ImportReport): void {
  for (const r of results) {
    if (r.outcome === 'created') report.imported++;
    else if (r.outcome === 'updated') report.updated++;
    else report.unchanged++;
  }
}

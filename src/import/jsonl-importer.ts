import fs from 'node:fs';
import readline from 'node:readline';
import { MastheadError } from '../lib/errors.ts';
import type { ArticleInput, PublishPipeline } from '../publish/index.ts';
import { type ArticleRecord, recordProblem, toArticleInput } from './article-record.ts';

export interface ImportReport {
  imported: number;
  updated: number;
  unchanged: number;
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
}

/** Records per transaction: large enough to amortise commits, small enough to retry cheaply. */
export const DEFAULT_BATCH_SIZE = 500;

/**
 * Imports article JSONL through the publish pipeline. Streams the file (any size), validates each
 * line, and saves in batched transactions. A bad line is refused with its number and reason and
 * the rest still imports; the same `id` again updates (or, unchanged, writes nothing).
 */
export async function importJsonl(file: string, pipeline: PublishPipeline, options: ImportOptions = {}): Promise<ImportReport> {
  const totalBytes = fs.statSync(file).size;
  const stream = fs.createReadStream(file, { encoding: 'utf8' });
  const lines = readline.createInterface({ input: stream, crlfDelay: Number.POSITIVE_INFINITY });
  return importLines(lines, pipeline, { ...options, totalBytes, bytesRead: () => stream.bytesRead });
}

/** The same over any source of lines (tests, stdin). */
export async function importLines(
  lines: AsyncIterable<string> | Iterable<string>,
  pipeline: PublishPipeline,
  options: ImportOptions & { totalBytes?: number; bytesRead?: () => number } = {},
): Promise<ImportReport> {
  const report: ImportReport = { imported: 0, updated: 0, unchanged: 0, refused: [] };
  const batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
  let batch: { line: number; input: ArticleInput }[] = [];
  let lineNo = 0;
  let records = 0;
  // The same source id twice in one file: the later line wins, as a second import would.
  const flush = async () => {
    if (!batch.length) return;
    await saveBatch(batch, pipeline, report);
    records += batch.length;
    batch = [];
    options.onProgress?.({ bytesRead: options.bytesRead?.() ?? 0, totalBytes: options.totalBytes ?? 0, records });
  };
  for await (const raw of lines) {
    lineNo++;
    const line = raw.trim();
    if (!line) continue;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (e) {
      report.refused.push({ line: lineNo, reason: `not valid JSON (${(e as Error).message})` });
      continue;
    }
    const problem = recordProblem(value);
    if (problem) {
      report.refused.push({ line: lineNo, reason: problem });
      continue;
    }
    const input = toArticleInput(value as ArticleRecord, line);
    if (input.sourceId && batch.some((b) => b.input.sourceId === input.sourceId)) await flush();
    batch.push({ line: lineNo, input });
    if (batch.length >= batchSize) await flush();
  }
  await flush();
  report.refused.sort((a, b) => a.line - b.line);
  return report;
}

async function saveBatch(batch: { line: number; input: ArticleInput }[], pipeline: PublishPipeline, report: ImportReport): Promise<void> {
  try {
    count(await pipeline.saveMany(batch.map((b) => ({ input: b.input }))), report);
  } catch {
    // One record broke the batch's transaction: save one by one so only that record is refused.
    for (const b of batch) {
      try {
        count([await pipeline.save(b.input)], report);
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

import fs from 'node:fs';
import type { PublishPipeline } from '../publish/index.ts';
import type { DirectorySnapshot } from '../tagging/index.ts';
import { type ArticleRecord, recordProblem, toArticleInput } from './article-record.ts';
import { boundedLines, type OversizedLine } from './bounded-lines.ts';
import { DEFAULT_BATCH_SIZE, type ImportOptions, type ImportReport, importRecords, type SourceRecord } from './import-records.ts';
import { jsonLines } from './json-lines.ts';
import { preparedJsonlRecords } from './prepared-records.ts';
import { MAX_ITEM_SIZE } from './xml-items.ts';

export interface JsonlImportOptions extends ImportOptions {
  /** Longest line read, in characters (default 20 MB, as the XML importers' items); a longer one is refused, not buffered. */
  readonly maxLineSize?: number;
  /**
   * Reads and prepares records on a worker thread (parsing, legacy-id clean-up, the body's text and
   * page, tagging) against this directory, while this thread saves: its legacy-id clean-up
   * replaces `cleanBody`. Without it everything runs on this thread.
   */
  readonly directory?: DirectorySnapshot;
}

/**
 * Imports article JSONL through the publish pipeline. Streams the file (any size), validates each
 * line; a bad line is refused with its number and reason and the rest still imports. A line over
 * `maxLineSize` (which bounds every field too) is refused without being held in memory.
 */
export async function importJsonl(file: string, pipeline: PublishPipeline, options: JsonlImportOptions = {}): Promise<ImportReport> {
  const totalBytes = fs.statSync(file).size;
  const maxLineSize = options.maxLineSize ?? MAX_ITEM_SIZE;
  if (options.directory) {
    const { directory, cleanBody: _cleanedThere, ...rest } = options;
    let bytesRead = 0;
    const request = { file, maxLineSize, chunkSize: options.batchSize ?? DEFAULT_BATCH_SIZE, directory };
    const records = preparedJsonlRecords(request, (n) => {
      bytesRead = n;
    });
    return importRecords(records, pipeline, { ...rest, totalBytes, bytesRead: () => bytesRead });
  }
  const stream = fs.createReadStream(file, { encoding: 'utf8' });
  const lines = boundedLines(stream, maxLineSize);
  return importLines(lines, pipeline, { ...options, totalBytes, bytesRead: () => stream.bytesRead });
}

/** The same over any source of lines (tests, stdin, the demo seed). */
export function importLines(
  lines: AsyncIterable<string | OversizedLine> | Iterable<string | OversizedLine>,
  pipeline: PublishPipeline,
  options: ImportOptions & { totalBytes?: number; bytesRead?: () => number } = {},
): Promise<ImportReport> {
  return importRecords(jsonlRecords(lines), pipeline, options);
}

/** Parses and validates JSONL lines into records (blank lines are skipped). */
export async function* jsonlRecords(lines: AsyncIterable<string | OversizedLine> | Iterable<string | OversizedLine>): AsyncGenerator<SourceRecord> {
  for await (const l of jsonLines<ArticleRecord>(lines, recordProblem)) {
    yield 'problem' in l ? l : { line: l.line, input: toArticleInput(l.value, l.text) };
  }
}

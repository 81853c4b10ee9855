import fs from 'node:fs';
import type { PublishPipeline } from '../publish/index.ts';
import { type ArticleRecord, recordProblem, toArticleInput } from './article-record.ts';
import { boundedLines, type OversizedLine } from './bounded-lines.ts';
import { type ImportOptions, type ImportReport, importRecords, type SourceRecord } from './import-records.ts';
import { jsonLines } from './json-lines.ts';
import { MAX_ITEM_SIZE } from './xml-items.ts';

export interface JsonlImportOptions extends ImportOptions {
  /** Longest line read, in characters (default 20 MB, as the XML importers' items); a longer one is refused, not buffered. */
  readonly maxLineSize?: number;
}

/**
 * Imports article JSONL through the publish pipeline. Streams the file (any size), validates each
 * line; a bad line is refused with its number and reason and the rest still imports. A line over
 * `maxLineSize` (which bounds every field too) is refused without being held in memory.
 */
export async function importJsonl(file: string, pipeline: PublishPipeline, options: JsonlImportOptions = {}): Promise<ImportReport> {
  const totalBytes = fs.statSync(file).size;
  const stream = fs.createReadStream(file, { encoding: 'utf8' });
  const lines = boundedLines(stream, options.maxLineSize ?? MAX_ITEM_SIZE);
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

import type { OversizedLine } from './bounded-lines.ts';
import { describeSize } from './xml-items.ts';

/** One line of a JSONL file: the parsed value and its text, or why it cannot be used. */
export type JsonLine<T> = { readonly line: number; readonly value: T; readonly text: string } | { readonly line: number; readonly problem: string };

/**
 * Reads JSONL: numbers the lines (from 1), skips blank ones, parses each, and checks it with
 * `problemOf` (a reason, or undefined when the value is usable). A line `boundedLines` found too
 * long is refused with its size. Article and company imports share it.
 * @example for await (const l of jsonLines(lines, recordProblem)) if ('problem' in l) refuse(l.line, l.problem);
 */
export async function* jsonLines<T>(
  lines: AsyncIterable<string | OversizedLine> | Iterable<string | OversizedLine>,
  problemOf: (value: unknown) => string | undefined,
): AsyncGenerator<JsonLine<T>> {
  let line = 0;
  for await (const raw of lines) {
    line++;
    if (typeof raw !== 'string') {
      yield { line, problem: `line is larger than the limit of ${describeSize(raw.limit)}` };
      continue;
    }
    const text = raw.trim();
    if (!text) continue;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (e) {
      yield { line, problem: `not valid JSON (${(e as Error).message})` };
      continue;
    }
    const problem = problemOf(value);
    yield problem ? { line, problem } : { line, value: value as T, text };
  }
}

/** A line longer than the limit: only its length (in characters) is kept, never its text. */
export interface OversizedLine {
  readonly oversized: number;
  readonly limit: number;
}

/**
 * Splits streamed text into lines (`\n` or `\r\n`) holding at most `maxLength` characters of a
 * line: a longer one is dropped as it streams in and yielded as an {@link OversizedLine}, so a
 * 200 MB line costs no more memory than a short one and the lines after it still come.
 * (`readline` buffers a whole line, however long, before yielding it.)
 * @example for await (const l of boundedLines(stream, 20 * 1024 * 1024)) typeof l === 'string' ? use(l) : refuse(l.limit);
 */
export async function* boundedLines(chunks: AsyncIterable<string | Buffer> | Iterable<string>, maxLength: number): AsyncGenerator<string | OversizedLine> {
  let parts: string[] = [];
  let length = 0;
  for await (const chunk of chunks) {
    const text = String(chunk);
    let start = 0;
    for (let end = text.indexOf('\n'); end !== -1; end = text.indexOf('\n', start)) {
      length += end - start;
      if (length <= maxLength) parts.push(text.slice(start, end));
      yield length > maxLength ? { oversized: length, limit: maxLength } : withoutCr(parts.join(''));
      parts = [];
      length = 0;
      start = end + 1;
    }
    length += text.length - start;
    if (length <= maxLength) parts.push(text.slice(start));
    else parts = [];
  }
  if (length > maxLength) yield { oversized: length, limit: maxLength };
  else if (length > 0) yield withoutCr(parts.join(''));
}

function withoutCr(line: string): string {
  return line.endsWith('\r') ? line.slice(0, -1) : line;
}

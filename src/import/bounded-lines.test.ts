import { describe, expect, it } from 'vitest';
import { boundedLines } from './index.ts';

async function collect(chunks: string[], max: number) {
  const out: unknown[] = [];
  for await (const l of boundedLines(chunks, max)) out.push(l);
  return out;
}

describe('boundedLines', () => {
  it('splits lines across chunks, LF or CRLF, and drops a line over the limit as it streams', async () => {
    expect(await collect(['a\r', '\nbb', 'b\nccccc', 'c\n', '\ndd'], 4)).toEqual(['a', 'bbb', { oversized: 6, limit: 4 }, '', 'dd']);
  });
  it('keeps a line of exactly the limit, and refuses a last line over it', async () => {
    expect(await collect(['abcd\nabcde'], 4)).toEqual(['abcd', { oversized: 5, limit: 4 }]);
  });
  it('yields nothing for empty text and no empty last line after a final newline', async () => {
    expect(await collect([], 4)).toEqual([]);
    expect(await collect(['a\n'], 4)).toEqual(['a']);
  });
});

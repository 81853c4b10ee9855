import { afterEach, describe, expect, it } from 'vitest';
import { InternedAnalyzer } from './interned-analyzer.ts';
import { type WordDoc, WordThread } from './word-thread.ts';

// Markdown bodies (rendered in the worker or here), words shared across articles and chunks, an
// empty article and non-ASCII text (the folding path).
function archive(n: number): WordDoc[] {
  const vocab = Array.from({ length: 400 }, (_, i) => `${['gan', 'tol', 'bat', 'café', 'rai'][i % 5]}${i.toString(36)}`);
  const text = (k: number, len: number) => Array.from({ length: len }, (_, j) => vocab[(k * 7 + j * j) % vocab.length]).join(' ');
  return Array.from({ length: n }, (_, k) =>
    k % 17 === 0 ? ['', '', '', 'markdown'] : [`${text(k, 4)} ${k}`, k % 3 ? text(k + 1, 6) : '', `## ${text(k + 2, 3)}\n\n*${text(k, 30)}*, [a link](https://x.test) and ${text(k + 5, 20)}.`, 'markdown'],
  );
}

let words: WordThread | undefined;
afterEach(async () => {
  await words?.close();
  words = undefined;
});

describe('a rebuild splitting words on a worker thread', () => {
  it('numbers and counts words as one analyzer alone, whatever share of each chunk the worker takes', async () => {
    const { plainText } = await import('../content/index.ts');
    const docs = archive(330);
    const alone = new InternedAnalyzer({ titleBoost: 2 });
    const expected = docs.map(([title, standfirst, body, format]) => [...alone.analyze({ title, standfirst, body: plainText(body, format) }).terms]);
    const shared = new InternedAnalyzer({ titleBoost: 2 });
    words = WordThread.start(shared.boosts, 25);
    const got: number[][] = [];
    const chunk = 50;
    for (let i = 0; i < docs.length; i += chunk) {
      const part = docs.slice(i, i + chunk);
      const share = Math.min(words.share, part.length);
      words.request(i, part.slice(0, share));
      const own = part.slice(share).map(([title, standfirst, body, format]) => shared.split({ title, standfirst, body: plainText(body, format) }));
      const reply = await words.take(i);
      shared.learnWords(reply.fresh);
      part.forEach((_, k) => {
        const a = k < share ? shared.analyzeWords(reply, k) : shared.analyzeSplit(own[k - share]!);
        got.push([...a.terms]);
      });
    }
    expect(got).toEqual(expected);
    expect(shared.words).toEqual(alone.words);
    expect(shared.terms).toEqual(alone.terms);
    expect([...shared.df()]).toEqual([...alone.df()]);
    expect([shared.docCount, shared.totalLength]).toEqual([alone.docCount, alone.totalLength]);
  });

  it('fails a take when the worker fails, and closes twice without complaint', async () => {
    words = WordThread.start({ titleBoost: 3, standfirstBoost: 2 }, 10);
    words.request(0, [['Title', '', null as unknown as string, 'markdown']]);
    await expect(words.take(0)).rejects.toThrow();
    await words.close();
    await words.close();
  });
});

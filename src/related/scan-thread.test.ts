import { afterEach, describe, expect, it } from 'vitest';
import { gatherCandidates } from './gather-candidates.ts';
import { RelatedEngine } from './related-engine.ts';
import { ScanThread } from './scan-thread.ts';
import type { RelatedDoc } from './types.ts';

// A deterministic archive: words drawn with a skewed frequency (a few common, many rare), so some
// queries take the scan's dense path and some its sparse one, and a story re-run 90 times, so
// that near-duplicates crowd the candidate pool and the gathering asks again for more.
function archive(n: number): RelatedDoc[] {
  let seed = 7;
  const rnd = () => {
    seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
    return seed / 2_147_483_648;
  };
  const syllables = ['ka', 'ro', 'mi', 'tel', 'van', 'dor', 'pes', 'lu', 'gra', 'nof', 'bek', 'sim'];
  const vocab = Array.from({ length: 3_000 }, (_, i) => `${syllables[i % 12]}${syllables[Math.floor(i / 12) % 12]}${syllables[Math.floor(i / 144) % 12]}x`);
  const word = () => vocab[Math.floor(vocab.length * rnd() ** 3)]!;
  const text = (words: number) => Array.from({ length: words }, word).join(' ');
  const rerun = { title: 'Tolling gantries go live', body: text(80) };
  return Array.from({ length: n }, (_, i) => ({
    id: i + 1,
    ...(i % 30 === 0 ? { title: rerun.title, body: `${rerun.body} ${word()}` } : { title: text(6), body: text(60 + (i % 90)) }),
    standfirst: '',
    section: `section ${i % 7}`,
    tags: i % 3 ? [`tag ${i % 11}`] : [],
    companies: i % 4 ? [`${i % 23}`] : [],
    publishedAt: 1_600_000_000_000 + i * 3_600_000,
  }));
}

let scans: ScanThread | undefined;
afterEach(async () => {
  await scans?.close();
  scans = undefined;
});

describe('a rebuild scanning on a worker thread', () => {
  it('gathers the same candidates and ranks the same lists as one thread, bit for bit', async () => {
    const engine = new RelatedEngine({ retainCounts: false, sharedIndex: true });
    engine.load(archive(3_000));
    const ids = [...engine.ids()];
    const chunk = 500;
    scans = ScanThread.start(engine.index, engine.weights, chunk);
    scans.request(0, ids.slice(0, chunk));
    let fromWorker = 0;
    let doubled = 0;
    for (let i = 0; i < ids.length; i += chunk) {
      const part = ids.slice(i, i + chunk);
      if (i + chunk < ids.length) scans.request(i + chunk, ids.slice(i + chunk, i + 2 * chunk));
      const found = await scans.take(i);
      part.forEach((id, k) => {
        const gathered = found.candidates(k);
        if (!gathered) return;
        fromWorker++;
        const sig = engine.signature(id)!;
        const alone = gatherCandidates(engine.index, sig, id, engine.weights);
        if (alone.length > engine.weights.candidatePool) doubled++;
        expect(gathered).toEqual(alone);
        expect(engine.rank(id, sig, gathered)).toEqual(engine.related(id));
      });
    }
    // The worker answered for most articles (the rest the caller scans), and the re-run story made
    // the gathering ask for more than one pool.
    expect(fromWorker).toBeGreaterThan(ids.length / 2);
    expect(doubled).toBeGreaterThan(0);
  });

  it('leaves to the caller the articles beyond its share of a chunk', async () => {
    const engine = new RelatedEngine({ retainCounts: false, sharedIndex: true });
    engine.load(archive(200));
    const ids = [...engine.ids()];
    scans = ScanThread.start(engine.index, engine.weights, 50);
    scans.request(0, ids);
    const found = await scans.take(0);
    expect(ids.slice(0, 50).every((_, k) => found.candidates(k) !== undefined)).toBe(true);
    expect(ids.slice(50).every((_, k) => found.candidates(50 + k) === undefined)).toBe(true);
  });

  it('scans an index that was not allocated shared, after moving its arrays', async () => {
    const engine = new RelatedEngine({ retainCounts: false });
    engine.load(archive(300));
    const id = 5;
    const before = engine.related(id);
    scans = ScanThread.start(engine.index, engine.weights, 10);
    scans.request(0, [id]);
    const found = (await scans.take(0)).candidates(0);
    expect(engine.rank(id, engine.signature(id)!, found!)).toEqual(before);
    expect(engine.related(id)).toEqual(before);
  });
});

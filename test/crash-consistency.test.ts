/**
 * kill -9 in the middle of an import and of a related rebuild, on the engine of this test run:
 * the database stays consistent (SQLite's integrity check, no duplicate source ids, every article
 * found by search), commands still work, and after a re-run the site equals one that never
 * crashed: same articles, slugs, text, tags, authors, companies and related lists.
 * `npm run bench -- crash` kills at many random points.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { foundByOwnWord, integrity, runAndKill, type SiteSnapshot, searchEach, snapshot, type Target, targetArgs } from './crash-harness.ts';
import { crashWorkspace } from './crash-workspace.ts';

const N = 1200; // three import batches of 500
const work = crashWorkspace('mh-crash-', N);
const { dir, archive, freshTarget, cli } = work;

let reference: SiteSnapshot;
let crashed: Target;

beforeAll(async () => {
  const never = await freshTarget('reference');
  cli(never, 'companies', 'import', archive.companies);
  cli(never, 'import', 'jsonl', archive.articles, '--no-related');
  cli(never, 'related', '--rebuild');
  reference = await snapshot(never);
  crashed = await freshTarget('crashed');
  cli(crashed, 'companies', 'import', archive.companies);
}, 180_000);

afterAll(() => work.cleanUp());

describe('kill -9 (crash consistency)', () => {
  it('an import killed after its first committed batch leaves a consistent site, and a re-run finishes the job', async () => {
    const outcome = await runAndKill([...targetArgs(crashed), 'import', 'jsonl', archive.articles, '--no-related'], (line) => line.endsWith(' Importing'));
    expect(outcome.killed, outcome.stderr).toBe(true);

    expect(await integrity(crashed)).toBe('ok');
    const partial = await snapshot(crashed);
    const kept = Object.keys(partial.articles);
    expect(partial.duplicateSourceIds).toEqual([]);
    expect(kept.length).toBeGreaterThan(0);
    expect(kept.length).toBeLessThan(N);
    // Every article that survived is whole: same row, tags, authors and companies as the reference
    // (related lists aside: the import left them for a rebuild), and search finds it.
    const withoutRelated = (s: string) => JSON.stringify(JSON.parse(s).slice(0, -1));
    for (const id of kept) expect(withoutRelated(partial.articles[id]!), id).toBe(withoutRelated(reference.articles[id]!));
    expect(foundByOwnWord(searchEach(crashed, dir, N)).sort()).toEqual([...kept].sort());

    const again = cli(crashed, 'import', 'jsonl', archive.articles, '--no-related') as { imported: number; unchanged: number; refused: unknown[] };
    expect(again).toMatchObject({ imported: N - kept.length, unchanged: kept.length, refused: [] });
    cli(crashed, 'related', '--rebuild');
    const resumed = await snapshot(crashed);
    expect(resumed.duplicateSourceIds).toEqual([]);
    expect(resumed.articles).toEqual(reference.articles);
    expect(foundByOwnWord(searchEach(crashed, dir, N))).toHaveLength(N);
  }, 180_000);

  it('a related rebuild killed while it writes lists leaves every command working, and a re-run restores every list', async () => {
    const outcome = await runAndKill([...targetArgs(crashed), 'related', '--rebuild'], (line) => line.endsWith(' relating'));
    expect(outcome.killed, outcome.stderr).toBe(true);
    expect(await integrity(crashed)).toBe('ok');
    // The rebuild clears the index, then writes lists chunk by chunk: the lists it had not reached
    // are missing, and are computed on demand when read (from the part of the index rebuilt so far).
    expect((await snapshot(crashed)).missingRelated).toBeGreaterThan(0);
    expect((cli(crashed, 'related', 'a1199') as unknown[]).length).toBeGreaterThan(0);
    expect((cli(crashed, 'search', 'tolling') as { total: number }).total).toBeGreaterThan(0);

    cli(crashed, 'related', '--rebuild');
    const resumed = await snapshot(crashed);
    expect(resumed.missingRelated).toBe(0);
    expect(resumed.articles).toEqual(reference.articles);
  }, 180_000);
});

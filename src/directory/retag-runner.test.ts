import { afterEach, describe, expect, it } from 'vitest';
import { makeTwoNodes, type TestApp } from '../../test/support.ts';
import type { DirectoryService } from './directory-service.ts';
import { RETAG_LEASE_MS, RetagRunner } from './retag-runner.ts';

/** A stand-in for DirectoryService.retagAll that reports 10 articles and waits at a gate halfway. */
function gatedDirectory() {
  let open!: () => void;
  const gate = new Promise<void>((resolve) => {
    open = resolve;
  });
  const runs: string[] = [];
  const waiting: { count: number; resolve: () => void }[] = [];
  let atGate = 0;
  /** Resolves once `count` runs have reached the gate. */
  const reached = (count: number) => new Promise<void>((resolve) => (atGate >= count ? resolve() : waiting.push({ count, resolve })));
  const make = (node: string) =>
    ({
      async retagAll(onProgress: (done: number, total: number) => Promise<void>, signal?: AbortSignal) {
        runs.push(node);
        await onProgress(0, 10);
        await onProgress(5, 10);
        atGate++;
        for (const w of waiting.filter((x) => x.count <= atGate)) w.resolve();
        await gate;
        if (!signal?.aborted) await onProgress(10, 10);
        return { tagged: 10, recleaned: 0 };
      },
    }) as unknown as DirectoryService;
  return { make, open, runs, reached };
}

const quiet = { info: () => {}, error: () => {} };
// The apps' own runners kick on every scheduler tick with the apps' clock, far past these tests'
// leases: a tick during a test would take the run over. Keep their scheduler out of the way.
const QUIET_APPS = { SCHEDULER_INTERVAL_MS: '3600000' };

/**
 * Two nodes whose own runners are stopped: each app kicks its runner once at start-up without
 * waiting, and on a slow database that kick's claim could land after a test's request and take
 * the run with the app's clock (CI failed this way on PostgreSQL: the test waited forever at the gate).
 */
async function twoQuietNodes(): Promise<[TestApp, TestApp]> {
  const [a, b] = await makeTwoNodes(QUIET_APPS);
  await Promise.all([a.retagger.stop(), b.retagger.stop()]);
  return [a, b];
}

describe('the background re-tag runner over a shared database', () => {
  let nodes: TestApp[] = [];
  afterEach(async () => {
    for (const n of nodes.reverse()) await n.close();
    nodes = [];
  });

  it('runs on one node at a time, shows progress to every node, and coalesces requests into one more run', async () => {
    const [a, b] = await twoQuietNodes();
    nodes = [a, b];
    const now = { t: 1_000_000 };
    const dir = gatedDirectory();
    const ra = new RetagRunner({ store: a.store, directory: dir.make('A'), clock: () => now.t, log: quiet, node: 'A' });
    const rb = new RetagRunner({ store: b.store, directory: dir.make('B'), clock: () => now.t, log: quiet, node: 'B' });
    await ra.request('test', 'tester');
    await dir.reached(1);
    expect(await rb.state()).toMatchObject({ runningOn: 'A', done: 5, total: 10, pending: false });

    // B's requests wait for A's run: B does not start its own, A runs once more for all of them.
    await rb.request('test', 'tester');
    await rb.request('test', 'tester');
    await rb.idle();
    expect(dir.runs).toEqual(['A']);
    expect(await rb.state()).toMatchObject({ runningOn: 'A', pending: true });
    dir.open();
    await ra.idle();
    expect(dir.runs).toEqual(['A', 'A']);
    expect(await rb.state()).toMatchObject({ runningOn: null, pending: false, done: 10, total: 10, error: null, finishedAt: now.t });
  });

  it('lets another node take over a run whose node stopped reporting (lease lapsed)', async () => {
    const [a, b] = await twoQuietNodes();
    nodes = [a, b];
    const now = { t: 1_000_000 };
    const dir = gatedDirectory();
    const ra = new RetagRunner({ store: a.store, directory: dir.make('A'), clock: () => now.t, log: quiet, node: 'A' });
    const rb = new RetagRunner({ store: b.store, directory: dir.make('B'), clock: () => now.t, log: quiet, node: 'B' });
    await ra.request('test', 'tester');
    await dir.reached(1);
    await rb.kick();
    expect(dir.runs).toEqual(['A']);
    now.t += RETAG_LEASE_MS + 1;
    expect(await rb.state()).toMatchObject({ runningOn: null, pending: true });
    const taken = rb.kick();
    await dir.reached(2);
    expect(dir.runs).toEqual(['A', 'B']);
    expect(await ra.state()).toMatchObject({ runningOn: 'B' });
    dir.open();
    await Promise.all([taken, ra.idle()]);
    // A's late finish does not undo B's run.
    expect(await ra.state()).toMatchObject({ runningOn: null, pending: false, done: 10 });
  });

  it('hands an unfinished run back when its node shuts down', async () => {
    const [a, b] = await twoQuietNodes();
    nodes = [a, b];
    const dir = gatedDirectory();
    const ra = new RetagRunner({ store: a.store, directory: dir.make('A'), clock: () => 1_000_000, log: quiet, node: 'A' });
    await ra.request('test', 'tester');
    await dir.reached(1);
    const stopped = ra.stop();
    dir.open();
    await stopped;
    expect(await ra.state()).toMatchObject({ runningOn: null, pending: true, done: 5 });
    const rb = new RetagRunner({ store: b.store, directory: dir.make('B'), clock: () => 1_000_000, log: quiet, node: 'B' });
    await rb.kick();
    expect(dir.runs).toEqual(['A', 'B']);
    expect(await rb.state()).toMatchObject({ pending: false, done: 10 });
  });
});

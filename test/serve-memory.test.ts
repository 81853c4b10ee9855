/**
 * `masthead serve` bounds V8's old generation by the node's memory budget (`MEMORY_MB`): the server
 * runs in a child process started with `--max-old-space-size`, which Node reads only at start
 * (bin/masthead.js). The launcher must stay transparent: SIGTERM stops the server cleanly, and
 * killing the launcher outright takes the server with it.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startServe, stopServe } from './node-process.ts';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'masthead-serve-memory-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** The heap limit the server logged at start, in MiB. */
const loggedHeapLimit = (log: string) => Number(/"heapLimitMb":(\d+)/.exec(log)?.[1]);

/** The environment (`NAME=value` an entry) or arguments the launcher (`pid`) gave the server it started (Linux). */
function serverProc(launcher: number, what: 'environ' | 'cmdline'): string[] {
  const [server] = fs.readFileSync(`/proc/${launcher}/task/${launcher}/children`, 'utf8').trim().split(/\s+/);
  return fs.readFileSync(`/proc/${server}/${what}`, 'utf8').split('\0');
}

/** Whether anything still answers at `url`. */
const answers = (url: string) =>
  fetch(`${url}/healthz`).then(
    () => true,
    () => false,
  );

describe('masthead serve: the heap bound by MEMORY_MB', () => {
  it('gives V8 half the budget, stops cleanly on SIGTERM, and an explicit --max-old-space-size wins', async () => {
    const bounded = await startServe({ MASTHEAD_DB: path.join(dir, 'a.db'), MEMORY_MB: '400' });
    // heap_size_limit is the old generation plus the young one (about 50 MB): far below the
    // 4 GB V8 picks on a machine with 16 GB or more.
    expect(loggedHeapLimit(bounded.log())).toBeGreaterThanOrEqual(200);
    expect(loggedHeapLimit(bounded.log())).toBeLessThan(300);
    // glibc reads its arena limit only at start: the launcher gives the server two.
    // and a young generation of 8 MiB semi-spaces (V8's default bound is 16), without
    // allocation-site pretenuring (a page's short-lived objects stay in the young generation).
    if (process.platform === 'linux') {
      expect(serverProc(bounded.child.pid!, 'environ')).toContain('MALLOC_ARENA_MAX=2');
      expect(serverProc(bounded.child.pid!, 'cmdline')).toContain('--max-semi-space-size=8');
      expect(serverProc(bounded.child.pid!, 'cmdline')).toContain('--no-allocation-site-pretenuring');
    }
    expect(await stopServe(bounded.child, 20_000)).toBe(0);

    // Global options may come before the command (`masthead --db FILE serve`): the bound still applies.
    // An operator's young generation wins over the launcher's.
    const optionsFirst = await startServe({ MEMORY_MB: '400', NODE_OPTIONS: '--max-semi-space-size=4' }, 90_000, ['--db', path.join(dir, 'd.db')]);
    expect(loggedHeapLimit(optionsFirst.log())).toBeLessThan(300);
    if (process.platform === 'linux') expect(serverProc(optionsFirst.child.pid!, 'cmdline')).not.toContain('--max-semi-space-size=8');
    expect(await stopServe(optionsFirst.child, 20_000)).toBe(0);

    const explicit = await startServe({ MASTHEAD_DB: path.join(dir, 'b.db'), MEMORY_MB: '400', NODE_OPTIONS: '--max-old-space-size=600' });
    expect(loggedHeapLimit(explicit.log())).toBeGreaterThanOrEqual(600);
    expect(await stopServe(explicit.child, 20_000)).toBe(0);
  });

  it('takes the server down when the launcher is killed outright', async () => {
    const node = await startServe({ MASTHEAD_DB: path.join(dir, 'c.db') });
    expect(await answers(node.url)).toBe(true);
    node.child.kill('SIGKILL');
    await new Promise((r) => node.child.once('exit', r));
    await expect.poll(() => answers(node.url), { timeout: 20_000, interval: 100 }).toBe(false);
  });
});

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type Target, targetArgs, writeArchive } from './crash-harness.ts';
import { runCliSync } from './node-process.ts';
import { freshPostgresDatabase, TEST_DB } from './support.ts';

/**
 * What each kill -9 test works in: a temporary folder holding a generated archive of `articles`
 * stories, empty databases on the engine of this test run, the CLI against one of them (its last
 * `--json` line parsed), and a clean-up for `afterAll`. Kept apart from crash-harness.ts, which
 * `npm run bench -- crash` loads outside vitest.
 */
export function crashWorkspace(prefix: string, articles: number) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  const drops: (() => Promise<void>)[] = [];
  return {
    dir,
    archive: writeArchive(dir, articles),
    async freshTarget(name: string): Promise<Target> {
      if (TEST_DB === 'sqlite') return { kind: 'sqlite', file: path.join(dir, `${name}.db`) };
      const db = await freshPostgresDatabase();
      drops.push(db.drop);
      return { kind: 'postgres', url: db.url };
    },
    cli(t: Target, ...args: string[]): unknown {
      const r = runCliSync([...targetArgs(t), ...args, '--json']);
      if (r.status !== 0) throw new Error(`masthead ${args.join(' ')} failed (${r.status}): ${r.stderr}`);
      return JSON.parse(r.stdout.trim().split('\n').at(-1)!);
    },
    async cleanUp(): Promise<void> {
      for (const drop of drops) await drop();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

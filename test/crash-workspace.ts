import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
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
    /**
     * A copy of a target no process has open, under a new name: a site built once (an import
     * of the whole archive takes most of a test's time) and then crashed in several ways.
     */
    async copyOf(source: Target, name: string): Promise<Target> {
      if (source.kind === 'sqlite') {
        const file = path.join(dir, `${name}.db`);
        const db = new Database(source.file, { readonly: true });
        try {
          await db.backup(file);
        } finally {
          db.close();
        }
        return { kind: 'sqlite', file };
      }
      const db = await freshPostgresDatabase(new URL(source.url).pathname.slice(1));
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

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { openSqlite } from './sqlite-dialect.ts';
import { startWalCheckpointer } from './wal-checkpointer.ts';

let dir: string;
let file: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mh-checkpoint-'));
  file = path.join(dir, 'site.db');
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

it('copies the log into the database on its own thread while the writer writes, once the log holds enough pages', async () => {
  const db = openSqlite(file);
  db.pragma('wal_autocheckpoint = 0');
  db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, text TEXT NOT NULL)');
  const insert = db.prepare('INSERT INTO t (text) VALUES (?)');
  // About 25 pages a transaction, all of it in the log: the writer never checkpoints here.
  const write = (n: number) => db.transaction(() => {
    for (let i = 0; i < 20; i++) insert.run(`${n} `.repeat(2500));
  })();
  write(0);
  const before = fs.statSync(file).size;
  const checkpointer = startWalCheckpointer({ file, everyPages: 100, pollMs: 5 });
  for (let n = 1; n <= 20; n++) {
    write(n);
    await sleep(10);
  }
  const deadline = Date.now() + 5000;
  while (fs.statSync(file).size <= before + 100 * 4096 && Date.now() < deadline) await sleep(10);
  await checkpointer.stop();
  expect(fs.statSync(file).size).toBeGreaterThan(before + 100 * 4096);
  db.close();
  // Every committed row is there, read by a new connection after the writer closed.
  const reread = openSqlite(file);
  expect(reread.prepare('SELECT count(*) AS n, sum(length(text)) AS chars FROM t').get()).toEqual({ n: 420, chars: 20 * (10 * 2 * 2500 + 11 * 3 * 2500) });
  reread.close();
});

it('leaves the database to the writer below the threshold, and stops when told', async () => {
  const db = openSqlite(file);
  db.pragma('wal_autocheckpoint = 0');
  db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, text TEXT NOT NULL)');
  const before = fs.statSync(file).size;
  const checkpointer = startWalCheckpointer({ file, everyPages: 1_000_000, pollMs: 5 });
  db.prepare('INSERT INTO t (text) VALUES (?)').run('x'.repeat(100_000));
  await sleep(100);
  await checkpointer.stop();
  expect(fs.statSync(file).size).toBe(before);
  db.close();
});

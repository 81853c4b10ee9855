import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { createApp } from '../src/app.ts';
import { loadConfig } from '../src/config/index.ts';
import { cliOutput } from './node-process.ts';
import { article, NOW } from './support.ts';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'masthead-related-limit-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const DAY = 86_400_000;
// Each article shares words with its neighbours on a ring: every other article is related, none
// is a near-duplicate, so lists of 10 exist among 12 articles.
const WORDS = ['cameras', 'bridges', 'lanes', 'tunnels', 'plates', 'charges', 'drivers', 'councils', 'contracts', 'signals', 'barriers', 'sensors'];

describe('masthead related --all --limit K', () => {
  it('prints K items per list when K is longer than the stored lists', async () => {
    const db = path.join(dir, 'site.db');
    // Seeded in process (lists of the default 6 stored); one CLI run then asks for 10.
    const app = await createApp(loadConfig({ MASTHEAD_DB: db, MEDIA_DIR: path.join(dir, 'media'), LOG_LEVEL: 'silent' }), { clock: () => NOW, log: pino({ level: 'silent' }) });
    for (let i = 0; i < WORDS.length; i++) {
      const w = (k: number) => WORDS[(i + k) % WORDS.length];
      await app.pipeline.save(
        article({ sourceId: `t${i}`, standfirst: '', headline: `Tolling gantries: ${w(0)}`, body: `Free-flow tolling gantries with ${w(0)}, ${w(1)} and ${w(2)}.`, publishedAt: NOW - i * DAY }),
      );
    }
    // Rebuilt, as after an import: stored lists are then exactly what the engine computes.
    await app.related.rebuild();
    const stored = (await app.store.related.get(1))?.map((r) => r.relatedId);
    await app.close();
    expect(stored).toHaveLength(6);

    const out = await cliOutput(['related', '--all', '--limit', '10', '--json', '--db', db]);
    const lines = out
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { id: number; sourceId: string; related: { id: number; sourceId: string; score: number }[] });
    expect(lines).toHaveLength(WORDS.length);
    for (const l of lines) {
      expect(l.related, l.sourceId).toHaveLength(10);
      expect(new Set(l.related.map((r) => r.id)).size).toBe(10);
      expect(l.related.map((r) => r.id)).not.toContain(l.id);
    }
    // The stored list is the longer list's prefix.
    expect(lines.find((l) => l.id === 1)!.related.slice(0, 6).map((r) => r.id)).toEqual(stored);
  }, 120_000);
});

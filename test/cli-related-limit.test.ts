import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { createApp } from '../src/app.ts';
import { loadConfig } from '../src/config/index.ts';
import { runCli } from './node-process.ts';
import { article, NOW } from './support.ts';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'masthead-related-limit-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const DAY = 86_400_000;
const PLACES = ['Leeds', 'Bristol', 'Cardiff', 'Dundee', 'Exeter', 'Norwich', 'Oxford', 'Preston', 'Swansea', 'York', 'Bath', 'Hull'];

describe('masthead related --all --limit K', () => {
  it('prints K items per list when K is longer than the stored lists', async () => {
    const db = path.join(dir, 'site.db');
    // Seeded in process (publishing stores lists of the default 6); one CLI spawn then asks for 10.
    const app = await createApp(loadConfig({ MASTHEAD_DB: db, MEDIA_DIR: path.join(dir, 'media'), LOG_LEVEL: 'silent' }), { clock: () => NOW, log: pino({ level: 'silent' }) });
    for (const [i, place] of PLACES.entries()) {
      await app.pipeline.save(
        article({
          sourceId: `t${i}`,
          standfirst: '',
          headline: `Tolling gantries go live in ${place}`,
          body: `Free-flow tolling gantries read number plates in ${place}. The ${place} council expects ${i + 2} lanes of traffic.`,
          publishedAt: NOW - i * DAY,
        }),
      );
    }
    const stored = (await app.store.related.get(1))?.map((r) => r.relatedId);
    await app.close();
    expect(stored).toHaveLength(6);

    const out = await runCli(['related', '--all', '--limit', '10', '--json', '--db', db]);
    const lines = out
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { id: number; sourceId: string; related: { id: number; sourceId: string; score: number }[] });
    expect(lines).toHaveLength(PLACES.length);
    for (const l of lines) {
      expect(l.related, l.sourceId).toHaveLength(10);
      expect(new Set(l.related.map((r) => r.id)).size).toBe(10);
      expect(l.related.map((r) => r.id)).not.toContain(l.id);
    }
    // The stored list is the longer list's prefix.
    expect(lines.find((l) => l.id === 1)!.related.slice(0, 6).map((r) => r.id)).toEqual(stored);
  }, 120_000);
});

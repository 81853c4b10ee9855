import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../src/store/index.ts';
import { type CliResult, runCliInProcess } from './node-process.ts';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'masthead-ads-'));
const db = path.join(dir, 'site.db');
const image = path.join(dir, 'banner.png');
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
beforeAll(async () => {
  await sharp({ create: { width: 728, height: 90, channels: 3, background: '#c30' } }).png().toFile(image);
});

function run(args: string[]): Promise<CliResult> {
  return runCliInProcess([...args, '--db', db], { cwd: dir });
}

describe('masthead ads', () => {
  it('adds an image ad, lists it, reports its counts as JSON and CSV', async () => {
    const added = await run(['ads', 'add', '--slot', 'leaderboard', '--image', image, '--url', 'https://advertiser.example/', '--alt', 'A red banner', '--section', 'tolling', '--weight', '2', '--starts', '2026-01-01', '--json']);
    expect(added.stderr).toBe('');
    expect(JSON.parse(added.stdout)).toEqual({ id: 1 });

    const listed = JSON.parse((await run(['ads', 'list', '--json'])).stdout);
    expect(listed).toMatchObject([
      { id: 1, name: 'banner.png', weight: 2, sections: ['tolling'], startsAt: '2026-01-01T00:00:00.000Z', creatives: [{ id: 1, slot: 'leaderboard', kind: 'image', alt: 'A red banner', url: 'https://advertiser.example/', impressions: 0, clicks: 0 }] },
    ]);

    // Counted as the site's counting URLs count them.
    const store = await openStore({ kind: 'sqlite', path: db });
    await store.ads.count(1, '2026-11-27', 'impressions');
    await store.ads.count(1, '2026-11-27', 'impressions');
    await store.ads.count(1, '2026-11-27', 'clicks');
    await store.close();
    expect(JSON.parse((await run(['ads', 'report', '--json'])).stdout)).toEqual([{ id: 1, day: '2026-11-27', impressions: 2, clicks: 1 }]);
    expect((await run(['ads', 'report', '--csv'])).stdout).toBe('campaign,creative,slot,day,impressions,clicks\r\nbanner.png,1,leaderboard,2026-11-27,2,1\r\n');

    const bad = await run(['ads', 'add', '--slot', 'footer', '--image', image, '--url', 'https://advertiser.example/', '--alt', 'x']);
    expect(bad.status).toBe(1);
    expect(bad.stderr).toContain('MH_INVALID_AD');
    expect(JSON.parse((await run(['ads', 'end', '1', '--json'])).stdout)).toEqual({ id: 1, ended: true });
  }, 120_000);
});

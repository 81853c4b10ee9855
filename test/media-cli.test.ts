import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openStore } from '../src/store/index.ts';
import { runCliInProcess } from './node-process.ts';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'masthead-media-cli-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('masthead media move-to-storage', () => {
  it('moves bytes uploaded before media storage from the database into MEDIA_DIR', async () => {
    const db = path.join(dir, 'site.db');
    const mediaDir = path.join(dir, 'media');
    const store = await openStore({ kind: 'sqlite', path: db });
    const user = await store.users.insert({ email: 'a@example.com', name: 'A', role: 'admin', passwordHash: 'x', now: 0 });
    const media = await store.db
      .insertInto('media')
      .values({ filename: 'old.png', alt: 'Old', format: 'png', width: 320, height: 200, bytes: 4, created_at: 0, user_id: user })
      .returning('id')
      .executeTakeFirstOrThrow();
    await store.db.insertInto('media_variants').values({ media_id: media.id, width: 320, format: 'png', data: Buffer.from('png!'), bytes: 4 }).execute();
    await store.close();

    const r = await runCliInProcess(['media', 'move-to-storage', '--db', db, '--json'], { cwd: dir, env: { MEDIA_DIR: mediaDir } });
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ moved: 1, bytes: 4, mediaDir });
    const files = (fs.readdirSync(mediaDir, { recursive: true }) as string[]).filter((f) => f.endsWith('.png'));
    expect(files).toHaveLength(1);
    expect(fs.readFileSync(path.join(mediaDir, files[0]!), 'utf8')).toBe('png!');
  }, 120_000);
});

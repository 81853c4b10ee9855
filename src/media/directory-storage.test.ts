import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { text } from 'node:stream/consumers';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DirectoryStorage } from './directory-storage.ts';

describe('DirectoryStorage', () => {
  let root: string;
  let storage: DirectoryStorage;
  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'mh-storage-'));
    storage = new DirectoryStorage(path.join(root, 'media'));
  });
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  it('puts, gets, streams and deletes by key, creating directories as needed', async () => {
    await storage.put('ab/ab12-640.webp', Buffer.from('image bytes'));
    expect(fs.readFileSync(path.join(root, 'media/ab/ab12-640.webp'), 'utf8')).toBe('image bytes');
    expect((await storage.get('ab/ab12-640.webp'))?.toString()).toBe('image bytes');
    const file = await storage.read('ab/ab12-640.webp');
    expect(file?.size).toBe(11);
    expect(await text(file!.stream)).toBe('image bytes');
    await storage.delete('ab/ab12-640.webp');
    expect(await storage.get('ab/ab12-640.webp')).toBeUndefined();
    expect(await storage.read('ab/ab12-640.webp')).toBeUndefined();
    await storage.delete('ab/ab12-640.webp');
  });

  it('leaves no temporary file behind and never replaces a stored file', async () => {
    await storage.put('cd/one.avif', Buffer.from('first'));
    await expect(storage.put('cd/one.avif', Buffer.from('second'))).rejects.toMatchObject({ code: 'MH_MEDIA_KEY_TAKEN' });
    expect((await storage.get('cd/one.avif'))?.toString()).toBe('first');
    expect(fs.readdirSync(path.join(root, 'media/cd'))).toEqual(['one.avif']);
    // Read-only: the file system says what the interface promises.
    expect(fs.statSync(path.join(root, 'media/cd/one.avif')).mode & 0o222).toBe(0);
  });

  it('refuses keys that could leave the directory or name a temporary file', async () => {
    fs.writeFileSync(path.join(root, 'secret.txt'), 'do not serve');
    for (const key of ['../secret.txt', 'ab/../../secret.txt', '/etc/passwd', '.tmp-123', 'ab/.hidden', 'a\\..\\b', 'AB/x.jpg', '', 'ab//x.jpg', 'ab/x.jpg/', 'ab/\0x']) {
      await expect(storage.get(key), key).rejects.toMatchObject({ code: 'MH_MEDIA_KEY_INVALID' });
      await expect(storage.put(key, Buffer.from('x')), key).rejects.toMatchObject({ code: 'MH_MEDIA_KEY_INVALID' });
      await expect(storage.delete(key), key).rejects.toMatchObject({ code: 'MH_MEDIA_KEY_INVALID' });
    }
    expect(fs.readFileSync(path.join(root, 'secret.txt'), 'utf8')).toBe('do not serve');
  });
});

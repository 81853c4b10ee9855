/** The shared-directory driver of media storage (`MEDIA_DIR`). */
import { randomBytes } from 'node:crypto';
import type { Dirent } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { InvalidMediaKey, MediaKeyTaken } from './errors.ts';
import { type ListedFile, MEDIA_KEY, type MediaStorage, type StoredFile } from './media-storage.ts';

function isMissing(err: unknown): boolean {
  return (err as NodeJS.ErrnoException).code === 'ENOENT';
}

/** Gives the finished temporary file its key's name, refusing to replace an existing file. */
async function publish(tmp: string, file: string, key: string): Promise<void> {
  try {
    await fs.link(tmp, file);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') throw MediaKeyTaken(key);
    // Some network and FUSE filesystems have no hard links: rename is still atomic there, only the
    // refusal to replace becomes a check first (keys are random, so a race here is theoretical).
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'ENOSYS' && code !== 'EOPNOTSUPP') throw err;
    if (await fs.stat(file).then(() => true, () => false)) throw MediaKeyTaken(key);
    await fs.rename(tmp, file);
  }
}

/**
 * Media files in a directory that every app node mounts (a local disk for one node, NFS or similar
 * for several). A write goes to a temporary file beside its target, is flushed to disk, then
 * hard-linked to its key: the link is atomic and fails if the key exists, so a reader sees the
 * whole file or none, a crash leaves at most a `.tmp-*` file (never a half image under a key), and
 * a stored file is never replaced. Files are made read-only as a reminder that they are immutable.
 */
export class DirectoryStorage implements MediaStorage {
  readonly root: string;

  constructor(root: string) {
    this.root = path.resolve(root);
  }

  /** The file of a key; throws for a key that is malformed or would leave the directory. */
  pathOf(key: string): string {
    const file = path.resolve(this.root, key);
    // The pattern already rules out `..` and absolute keys; the prefix check is the belt to its braces.
    if (!MEDIA_KEY.test(key) || key.length > 500 || !file.startsWith(this.root + path.sep)) throw InvalidMediaKey(key);
    return file;
  }

  async put(key: string, data: Buffer): Promise<void> {
    const file = this.pathOf(key);
    await fs.mkdir(path.dirname(file), { recursive: true });
    const tmp = path.join(path.dirname(file), `.tmp-${randomBytes(8).toString('hex')}`);
    try {
      const handle = await fs.open(tmp, 'wx', 0o444);
      try {
        await handle.writeFile(data);
        await handle.sync();
      } finally {
        await handle.close();
      }
      await publish(tmp, file, key);
    } finally {
      await fs.rm(tmp, { force: true });
    }
  }

  async get(key: string): Promise<Buffer | undefined> {
    const file = this.pathOf(key);
    try {
      return await fs.readFile(file);
    } catch (err) {
      if (isMissing(err)) return undefined;
      throw err;
    }
  }

  async read(key: string): Promise<StoredFile | undefined> {
    const file = this.pathOf(key);
    let handle: fs.FileHandle;
    try {
      handle = await fs.open(file, 'r');
    } catch (err) {
      if (isMissing(err)) return undefined;
      throw err;
    }
    try {
      const { size } = await handle.stat();
      // The stream owns the handle from here and closes it when done or destroyed.
      return { stream: handle.createReadStream(), size };
    } catch (err) {
      await handle.close();
      throw err;
    }
  }

  async delete(key: string): Promise<void> {
    await fs.rm(this.pathOf(key), { force: true });
  }

  async *list(): AsyncIterable<ListedFile> {
    let entries: Dirent[];
    try {
      entries = await fs.readdir(this.root, { recursive: true, withFileTypes: true });
    } catch (err) {
      if (isMissing(err)) return;
      throw err;
    }
    for (const entry of entries) {
      if (!entry.isFile()) continue;
      const file = path.join(entry.parentPath, entry.name);
      const name = path.relative(this.root, file).split(path.sep).join('/');
      const stat = await fs.stat(file).catch((err) => (isMissing(err) ? undefined : Promise.reject(err)));
      if (stat) yield { key: MEDIA_KEY.test(name) ? name : undefined, name, size: stat.size, modifiedAt: stat.mtimeMs };
    }
  }

  async remove(name: string): Promise<void> {
    const file = path.resolve(this.root, name);
    if (!file.startsWith(this.root + path.sep)) throw InvalidMediaKey(name);
    await fs.rm(file, { force: true });
  }
}

/** The storage interface every media driver implements, and the shape of a valid key. */
import type { Readable } from 'node:stream';

/** A stored file opened for reading: a stream of its bytes and its length. */
export interface StoredFile {
  readonly stream: Readable;
  readonly size: number;
}

/** One file found in storage: its key (undefined for a name no key could have, such as a cut-off write's `.tmp-*`), its path inside storage, size and last change. */
export interface ListedFile {
  readonly key: string | undefined;
  readonly name: string;
  readonly size: number;
  readonly modifiedAt: number;
}

/**
 * Where media files live, by key. Keys are relative paths of lower-case letters, digits, `.`, `_`
 * and `-` separated by `/`; a driver refuses any other (MH_MEDIA_KEY_INVALID). Files are
 * immutable: `put` never replaces an existing key (MH_MEDIA_KEY_TAKEN), so a key names the same
 * bytes forever and may be cached for a year. The shared-directory driver is `DirectoryStorage`;
 * an object-storage driver can implement the same four calls.
 */
export interface MediaStorage {
  /** Stores `data` under `key` whole or not at all. */
  put(key: string, data: Buffer): Promise<void>;
  /** The bytes under `key`, or undefined when there are none. */
  get(key: string): Promise<Buffer | undefined>;
  /** Opens `key` for streaming, or undefined when there is no such file. */
  read(key: string): Promise<StoredFile | undefined>;
  /** Removes `key`; removing a missing key is not an error (deletes may be retried). */
  delete(key: string): Promise<void>;
  /** Every file stored, keyed or not (a sweep looks for files no row names). */
  list(): AsyncIterable<ListedFile>;
  /** Removes a listed file by its `name`, keyed or not; removing a missing one is not an error. */
  remove(name: string): Promise<void>;
}

/** Keys as every driver accepts them: no `..`, no leading `/` or `.`, nothing a path could escape with. */
export const MEDIA_KEY = /^[a-z0-9][a-z0-9_-]*(?:\.[a-z0-9_-]+)*(?:\/[a-z0-9][a-z0-9_-]*(?:\.[a-z0-9_-]+)*)*$/;

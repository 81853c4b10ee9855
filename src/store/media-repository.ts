import type { Kysely } from 'kysely';
import type { Database, MediaFormat } from './schema.ts';

/** A library image as public pages need it: its size, uploaded format and stored variants. */
export interface MediaImageRow {
  readonly id: number;
  readonly width: number;
  readonly height: number;
  readonly format: MediaFormat;
  readonly variants: readonly { width: number; format: MediaFormat }[];
}

/** A library image as the admin lists it. */
export interface MediaRecord {
  readonly id: number;
  readonly filename: string;
  readonly alt: string;
  readonly format: MediaFormat;
  readonly width: number;
  readonly height: number;
  readonly bytes: number;
  readonly createdAt: number;
  readonly variants: readonly { width: number; format: MediaFormat }[];
}

/** Where one variant's bytes are: under a media storage key, or (rows written before 0010) in the row. */
export interface MediaVariantFile {
  readonly storageKey: string | null;
  readonly data: Buffer | null;
  readonly bytes: number;
}

/** The media library: images and their variants (metadata here, files in media storage). */
export class MediaRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async insert(
    m: { filename: string; alt: string; format: MediaFormat; width: number; height: number; bytes: number; now: number; userId: number },
    variants: readonly { width: number; format: MediaFormat; bytes: number; storageKey: string }[],
  ): Promise<number> {
    const row = await this.db
      .insertInto('media')
      .values({ filename: m.filename, alt: m.alt, format: m.format, width: m.width, height: m.height, bytes: m.bytes, created_at: m.now, user_id: m.userId })
      .returning('id')
      .executeTakeFirstOrThrow();
    const id = Number(row.id);
    await this.db
      .insertInto('media_variants')
      .values(variants.map((v) => ({ media_id: id, width: v.width, format: v.format, bytes: v.bytes, storage_key: v.storageKey, data: null })))
      .execute();
    return id;
  }

  async list(limit: number, offset: number): Promise<{ total: number; items: MediaRecord[] }> {
    const [count, rows] = await Promise.all([
      this.db.selectFrom('media').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
      this.db.selectFrom('media').selectAll().orderBy('created_at', 'desc').orderBy('id', 'desc').limit(limit).offset(offset).execute(),
    ]);
    const ids = rows.map((r) => Number(r.id));
    const variants = ids.length
      ? await this.db.selectFrom('media_variants').select(['media_id', 'width', 'format']).where('media_id', 'in', ids).orderBy('width').orderBy('format').execute()
      : [];
    return {
      total: Number(count.n),
      items: rows.map((r) => ({
        id: Number(r.id),
        filename: r.filename,
        alt: r.alt,
        format: r.format,
        width: Number(r.width),
        height: Number(r.height),
        bytes: Number(r.bytes),
        createdAt: Number(r.created_at),
        variants: variants.filter((v) => Number(v.media_id) === Number(r.id)).map((v) => ({ width: Number(v.width), format: v.format })),
      })),
    };
  }

  async byId(id: number): Promise<Omit<MediaRecord, 'variants'> | undefined> {
    const r = await this.db.selectFrom('media').selectAll().where('id', '=', id).executeTakeFirst();
    return r && { id: Number(r.id), filename: r.filename, alt: r.alt, format: r.format, width: Number(r.width), height: Number(r.height), bytes: Number(r.bytes), createdAt: Number(r.created_at) };
  }

  /** The image uploaded under this file name (importers name theirs after the source file, to find them again); the first if several. */
  async byFilename(filename: string): Promise<Omit<MediaRecord, 'variants'> | undefined> {
    const r = await this.db.selectFrom('media').select('id').where('filename', '=', filename).orderBy('id').limit(1).executeTakeFirst();
    return r && this.byId(Number(r.id));
  }

  async variant(id: number, width: number, format: MediaFormat): Promise<MediaVariantFile | undefined> {
    const r = await this.db
      .selectFrom('media_variants')
      .select(['storage_key', 'data', 'bytes'])
      .where('media_id', '=', id)
      .where('width', '=', width)
      .where('format', '=', format)
      .executeTakeFirst();
    return r && { storageKey: r.storage_key, data: r.data, bytes: Number(r.bytes) };
  }

  /** Which of `keys` a row names: an image variant's file or a gated asset's PDF (the files media storage holds). */
  async namedKeys(keys: readonly string[]): Promise<Set<string>> {
    if (!keys.length) return new Set();
    const [variants, assets] = await Promise.all([
      this.db.selectFrom('media_variants').select('storage_key as key').where('storage_key', 'in', keys).execute(),
      this.db.selectFrom('lead_assets').select('file_key as key').where('file_key', 'in', keys).execute(),
    ]);
    return new Set([...variants, ...assets].map((r) => r.key!));
  }

  /** Variants whose bytes are still in the row (uploaded before media storage), oldest first. */
  async variantsWithBytes(limit: number): Promise<{ mediaId: number; width: number; format: MediaFormat; data: Buffer }[]> {
    const rows = await this.db
      .selectFrom('media_variants')
      .select(['media_id', 'width', 'format', 'data'])
      .where('storage_key', 'is', null)
      .where('data', 'is not', null)
      .orderBy('media_id')
      .orderBy('width')
      .orderBy('format')
      .limit(limit)
      .execute();
    return rows.map((r) => ({ mediaId: Number(r.media_id), width: Number(r.width), format: r.format, data: Buffer.from(r.data!) }));
  }

  /** Points a variant at its stored file and drops its bytes; false when another process already did. */
  async setStorageKey(v: { mediaId: number; width: number; format: MediaFormat }, storageKey: string, bytes: number): Promise<boolean> {
    const r = await this.db
      .updateTable('media_variants')
      .set({ storage_key: storageKey, bytes, data: null })
      .where('media_id', '=', v.mediaId)
      .where('width', '=', v.width)
      .where('format', '=', v.format)
      .where('storage_key', 'is', null)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }

  /** The images with these ids and the variants each has, for public pages' `<picture>` markup. */
  async images(ids: readonly number[]): Promise<Map<number, MediaImageRow>> {
    if (!ids.length) return new Map();
    // One joined read (an article page pays for it on every uncached view).
    const rows = await this.db
      .selectFrom('media_variants as v')
      .innerJoin('media as m', 'm.id', 'v.media_id')
      .select(['m.id', 'm.width', 'm.height', 'm.format', 'v.width as variant_width', 'v.format as variant_format'])
      .where('v.media_id', 'in', [...new Set(ids)])
      .execute();
    const out = new Map<number, MediaImageRow & { variants: { width: number; format: MediaFormat }[] }>();
    for (const r of rows) {
      const id = Number(r.id);
      const image = out.get(id) ?? { id, width: Number(r.width), height: Number(r.height), format: r.format, variants: [] };
      image.variants.push({ width: Number(r.variant_width), format: r.variant_format });
      out.set(id, image);
    }
    return out;
  }

  /** How many articles use the image as their lead image. */
  async usage(id: number): Promise<number> {
    const r = await this.db
      .selectFrom('articles')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('lead_image_url', 'like', `/media/${id}/%`)
      .executeTakeFirstOrThrow();
    return Number(r.n);
  }

  /** Deletes the image and its variant rows (call inside a transaction); returns the storage keys that held its files. */
  async remove(id: number): Promise<string[]> {
    const keys = await this.db.selectFrom('media_variants').select('storage_key').where('media_id', '=', id).execute();
    await this.db.deleteFrom('media_variants').where('media_id', '=', id).execute();
    await this.db.deleteFrom('media').where('id', '=', id).execute();
    return keys.flatMap((k) => (k.storage_key ? [k.storage_key] : []));
  }
}

import type { Kysely } from 'kysely';
import type { ApiKeysTable, Database } from './schema.ts';

/** An API key as people see it (never the hash). */
export interface ApiKeyRecord {
  readonly id: number;
  readonly name: string;
  readonly prefix: string;
  readonly createdAt: number;
  readonly createdBy: string;
  readonly lastUsedAt: number | null;
  readonly revokedAt: number | null;
}

function toRecord(r: Pick<ApiKeysTable, 'name' | 'prefix' | 'created_at' | 'created_by' | 'last_used_at' | 'revoked_at'> & { id: number }): ApiKeyRecord {
  const at = (v: number | null) => (v === null ? null : Number(v));
  return { id: Number(r.id), name: r.name, prefix: r.prefix, createdAt: Number(r.created_at), createdBy: r.created_by, lastUsedAt: at(r.last_used_at), revokedAt: at(r.revoked_at) };
}

/** Content API keys, looked up by the SHA-256 of the key a client sends. */
export class ApiKeyRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async insert(key: { name: string; keyHash: string; prefix: string; createdBy: string; now: number }): Promise<number> {
    const row = await this.db
      .insertInto('api_keys')
      .values({ name: key.name, key_hash: key.keyHash, prefix: key.prefix, created_at: key.now, created_by: key.createdBy, last_used_at: null, revoked_at: null })
      .returning('id')
      .executeTakeFirstOrThrow();
    return Number(row.id);
  }

  /** The live (not revoked) key with this hash. */
  async activeByHash(keyHash: string): Promise<ApiKeyRecord | undefined> {
    const r = await this.db.selectFrom('api_keys').selectAll().where('key_hash', '=', keyHash).where('revoked_at', 'is', null).executeTakeFirst();
    return r && toRecord(r);
  }

  async byId(id: number): Promise<ApiKeyRecord | undefined> {
    const r = await this.db.selectFrom('api_keys').selectAll().where('id', '=', id).executeTakeFirst();
    return r && toRecord(r);
  }

  async all(): Promise<ApiKeyRecord[]> {
    return (await this.db.selectFrom('api_keys').selectAll().orderBy('id').execute()).map(toRecord);
  }

  async revoke(id: number, now: number): Promise<void> {
    await this.db.updateTable('api_keys').set({ revoked_at: now }).where('id', '=', id).where('revoked_at', 'is', null).execute();
  }

  async touch(id: number, now: number): Promise<void> {
    await this.db.updateTable('api_keys').set({ last_used_at: now }).where('id', '=', id).execute();
  }
}

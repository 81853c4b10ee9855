import { randomBytes } from 'node:crypto';
import type { ApiKeyRecord, Repositories, Store } from '../store/index.ts';
import { tokenHash } from './account-service.ts';
import { ApiKeyNotFound, ApiKeyRefused, InvalidApiKeyName } from './errors.ts';

export interface ApiKeyServiceDeps {
  readonly store: Pick<Store, 'transaction'> & Pick<Repositories, 'apiKeys'>;
  readonly clock: () => number;
}

/** Keys start with this, so a leaked one is recognisable in logs and by secret scanners. */
export const API_KEY_PREFIX = 'mh_';
/** last_used_at is written at most this often per key and node: a busy client is not a write per request. */
const TOUCH_EVERY_MS = 60_000;

/**
 * Keys for private use of the content API (unpublished articles, higher rate limits). A key is
 * 32 random bytes shown once when made; only its SHA-256 is stored, so a copy of the database
 * hands out no keys. Revoking is immediate on every node: each request looks the key up.
 */
export class ApiKeyService {
  private readonly touched = new Map<number, number>();

  constructor(private readonly deps: ApiKeyServiceDeps) {}

  async create(name: string, actor: string): Promise<{ key: string; record: ApiKeyRecord }> {
    const clean = name.trim().replace(/\s+/g, ' ');
    if (!clean || clean.length > 100) throw InvalidApiKeyName();
    const key = `${API_KEY_PREFIX}${randomBytes(32).toString('base64url')}`;
    const { store, clock } = this.deps;
    const now = clock();
    const id = await store.transaction(async (tx) => {
      const id = await tx.apiKeys.insert({ name: clean, keyHash: tokenHash(key), prefix: key.slice(0, API_KEY_PREFIX.length + 6), createdBy: actor, now });
      await tx.operations.audit({ at: now, actor, action: 'api-key.create', subject: `api-key:${id}`, details: { name: clean } });
      return id;
    });
    return { key, record: (await store.apiKeys.byId(id))! };
  }

  list(): Promise<ApiKeyRecord[]> {
    return this.deps.store.apiKeys.all();
  }

  async revoke(id: number, actor: string): Promise<ApiKeyRecord> {
    const { store, clock } = this.deps;
    const now = clock();
    await store.transaction(async (tx) => {
      if (!(await tx.apiKeys.byId(id))) throw ApiKeyNotFound(id);
      await tx.apiKeys.revoke(id, now);
      await tx.operations.audit({ at: now, actor, action: 'api-key.revoke', subject: `api-key:${id}`, details: {} });
    });
    return (await store.apiKeys.byId(id))!;
  }

  /** The live key a client presented; MH_API_KEY_REFUSED for a revoked or unknown one. */
  async verify(key: string): Promise<ApiKeyRecord> {
    const record = key.startsWith(API_KEY_PREFIX) && key.length < 200 ? await this.deps.store.apiKeys.activeByHash(tokenHash(key)) : undefined;
    if (!record) throw ApiKeyRefused();
    const now = this.deps.clock();
    if (now - (this.touched.get(record.id) ?? 0) >= TOUCH_EVERY_MS) {
      this.touched.set(record.id, now);
      await this.deps.store.apiKeys.touch(record.id, now);
    }
    return record;
  }
}

import Database from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { preparedRead } from './prepared-read.ts';
import type { Database as Schema } from './schema.ts';

let db: Kysely<Schema>;
let statements: string[];
beforeEach(async () => {
  statements = [];
  db = new Kysely<Schema>({ dialect: new SqliteDialect({ database: new Database(':memory:') }), log: (e) => {
      statements.push(e.query.sql);
    },
  });
  await db.schema.createTable('sections').addColumn('id', 'integer', (c) => c.primaryKey()).addColumn('slug', 'text').addColumn('name', 'text').execute();
  await db.insertInto('sections').values([1, 2, 3].map((id) => ({ id, slug: `s${id}`, name: `Section ${id}` })) as never).execute();
  statements = [];
});
afterEach(() => db.destroy());

const byId = preparedRead((k, id: number) => k.selectFrom('sections').select(['id', 'slug']).where('id', '=', id));
const bySlugs = preparedRead((k, slugs: readonly string[], above: number) => k.selectFrom('sections').select('id').where('slug', 'in', slugs).where('id', '>', above).orderBy('id'));

describe('preparedRead', () => {
  it('runs the statement compiled once with each call’s values', async () => {
    expect(await byId(db, 2)).toEqual([{ id: 2, slug: 's2' }]);
    expect(await byId(db, 3)).toEqual([{ id: 3, slug: 's3' }]);
    expect(await byId(db, 9)).toEqual([]);
    expect(new Set(statements)).toEqual(new Set(['select "id", "slug" from "sections" where "id" = ?']));
  });

  it('compiles a list argument once per length, its elements in order, next to other arguments', async () => {
    expect(await bySlugs(db, ['s1', 's3'], 0)).toEqual([{ id: 1 }, { id: 3 }]);
    expect(await bySlugs(db, ['s2', 's3'], 2)).toEqual([{ id: 3 }]);
    expect(await bySlugs(db, ['s1', 's2', 's3'], 1)).toEqual([{ id: 2 }, { id: 3 }]);
    expect(statements).toEqual([
      'select "id" from "sections" where "slug" in (?, ?) and "id" > ? order by "id"',
      'select "id" from "sections" where "slug" in (?, ?) and "id" > ? order by "id"',
      'select "id" from "sections" where "slug" in (?, ?, ?) and "id" > ? order by "id"',
    ]);
  });
});

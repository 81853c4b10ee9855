import { afterEach, describe, expect, it } from 'vitest';
import { article, makeTwoNodes, NOW, TEST_DB, type TestApp } from '../../test/support.ts';

let nodes: TestApp[] = [];
afterEach(async () => {
  // The second node first: closing the first drops a PostgreSQL test database.
  for (const n of nodes.reverse()) await n.close();
  nodes = [];
});

describe('scheduled publishing across app nodes', () => {
  it('publishes a due article exactly once when every node runs the scheduler', async () => {
    const [a, b] = await makeTwoNodes();
    nodes = [a, b];
    const s = await a.pipeline.save(article({ headline: 'Timed story', status: 'scheduled', publishedAt: NOW + 1000 }));
    a.clock.now = b.clock.now = NOW + 2000;
    // On PostgreSQL both nodes race for the advisory lock. Two SQLite connections in one process
    // would block each other's thread (better-sqlite3 is synchronous), so there the nodes take turns;
    // across processes SQLite's write lock (BEGIN IMMEDIATE) serialises them the same way.
    const [fromA, fromB] =
      TEST_DB === 'postgres'
        ? await Promise.all([a.pipeline.publishDue(), b.pipeline.publishDue()])
        : [await a.pipeline.publishDue(), await b.pipeline.publishDue()];
    expect([...fromA, ...fromB]).toEqual([s.id]);
    expect((await b.store.articles.findById(s.id))?.status).toBe('published');
    const audit = await a.store.operations.auditOf(`article:${s.id}`);
    expect(audit.map((e) => [e.actor, e.action])).toEqual([['scheduler', 'publish']]);
    expect(await a.pipeline.publishDue()).toEqual([]);
  });

  it('sees on one node what another published (content version)', async () => {
    const [a, b] = await makeTwoNodes();
    nodes = [a, b];
    const before = await b.store.state.contentVersion();
    await a.pipeline.save(article({ headline: 'Written on node A' }));
    expect(await b.store.state.contentVersion()).toBe(before + 1);
    expect((await b.catalog.latest(1)).items[0]?.headline).toBe('Written on node A');
  });
});

describe('page caches across app nodes', () => {
  it("empties another node's page cache soon after a publish", async () => {
    const [a, b] = await makeTwoNodes();
    nodes = [a, b];
    await a.pipeline.save(article({ headline: 'First story' }));
    const address = await b.http.listen({ port: 0, host: '127.0.0.1' });
    await fetch(`${address}/`);
    await new Promise((r) => setTimeout(r, 2500)); // let B's poll see the first story's version
    await fetch(`${address}/`);
    expect(b.pageCache.size).toBe(1);
    const t0 = Date.now();
    await a.pipeline.save(article({ headline: 'Second story' }));
    while (b.pageCache.size > 0 && Date.now() - t0 < 5000) await new Promise((r) => setTimeout(r, 25));
    const waited = Date.now() - t0;
    expect(b.pageCache.size).toBe(0);
    // PostgreSQL pushes the change (LISTEN/NOTIFY); SQLite nodes poll every 2 s.
    expect(waited).toBeLessThan(TEST_DB === 'postgres' ? 1000 : 2500);
    expect(await (await fetch(`${address}/`)).text()).toContain('Second story');
  });
});

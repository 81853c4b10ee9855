import { describe, expect, it } from 'vitest';
import { VersionedSnapshot } from './versioned-snapshot.ts';

describe('VersionedSnapshot', () => {
  it('loads once per version, and again when the version moves', async () => {
    let version = 1;
    let loads = 0;
    const snap = new VersionedSnapshot(async () => ++loads, async () => version);
    expect(await snap.get()).toBe(1);
    expect(await snap.get()).toBe(1);
    version = 2;
    expect(await snap.get()).toBe(2);
    expect(loads).toBe(2);
  });
  it('serves the previous value while a slow rebuild runs in the background', async () => {
    let version = 1;
    let loads = 0;
    let release: () => void = () => {};
    const snap = new VersionedSnapshot(
      async () => {
        loads++;
        if (loads > 1) await new Promise<void>((r) => (release = r));
        return loads;
      },
      async () => version,
      -1, // every rebuild counts as slow
    );
    expect(await snap.get()).toBe(1);
    version = 2;
    expect(await snap.get()).toBe(1);
    expect(await snap.get()).toBe(1);
    expect(loads).toBe(2);
    release();
    await new Promise((r) => setTimeout(r, 0));
    expect(await snap.get()).toBe(2);
  });
  it('takes a version the caller read instead of reading it', async () => {
    let reads = 0;
    let loads = 0;
    const snap = new VersionedSnapshot(
      async () => ++loads,
      async () => {
        reads++;
        return 1;
      },
    );
    expect(await snap.get(1)).toBe(1);
    expect(await snap.get(1)).toBe(1);
    expect(await snap.get(2)).toBe(2);
    expect({ reads, loads }).toEqual({ reads: 0, loads: 2 });
  });
  it('builds in the background when warmed', async () => {
    let loads = 0;
    const snap = new VersionedSnapshot(async () => ++loads, async () => 1);
    snap.warm();
    await new Promise((r) => setTimeout(r, 0));
    expect(loads).toBe(1);
    expect(await snap.get()).toBe(1);
    expect(loads).toBe(1);
  });
});

import { describe, expect, it } from 'vitest';
import { VersionMemo } from './version-memo.ts';

describe('VersionMemo', () => {
  it('reads a figure once per content version, again once the version moves', async () => {
    let version = 4;
    let reads = 0;
    const memo = new VersionMemo(async () => version);
    const count = () => memo.get('all', async () => ++reads);
    expect([await count(), await count()]).toEqual([1, 1]);
    version = 5;
    expect([await count(), await count()]).toEqual([2, 2]);
  });

  it('answers a read that saw an older version without keeping it, and keeps no failed read', async () => {
    let version = 7;
    let reads = 0;
    const memo = new VersionMemo(async () => version);
    await memo.get('all', async () => ++reads);
    version = 6;
    expect(await memo.get('all', async () => 100)).toBe(100);
    version = 7;
    expect(await memo.get('all', async () => ++reads)).toBe(1);
    await expect(memo.get('other', async () => Promise.reject(new RangeError('down')))).rejects.toThrow('down');
    expect(await memo.get('other', async () => 3)).toBe(3);
  });

  it('drops every figure when it holds too many', async () => {
    const memo = new VersionMemo(async () => 1, 2);
    await memo.get('a', async () => 1);
    await memo.get('b', async () => 2);
    await memo.get('c', async () => 3);
    expect(await memo.get('a', async () => 10)).toBe(10);
  });
});

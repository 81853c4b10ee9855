import { describe, expect, it } from 'vitest';
import { TermStats } from './term-stats.ts';

describe('TermStats', () => {
  it('counts each article once per term, and its length for the average', () => {
    const stats = new TermStats();
    stats.addDoc(['toll', 'gantri', 'toll'], 30);
    stats.addDoc(new Set(['toll']), 10);
    expect(stats.docCount).toBe(2);
    expect(stats.df('toll')).toBe(2);
    expect(stats.df('gantri')).toBe(1);
    expect(stats.df('unknown')).toBe(0);
    expect(stats.avgDocLength).toBe(20);
    expect(stats.vocabularySize).toBe(2);
  });

  it('uncounts exactly what was counted and forgets terms nobody uses', () => {
    const stats = new TermStats();
    stats.addDoc(['toll', 'gantri'], 30);
    stats.addDoc(['toll'], 10);
    stats.removeDoc(['toll', 'gantri'], 30);
    expect(stats.docCount).toBe(1);
    expect(stats.df('toll')).toBe(1);
    expect(stats.df('gantri')).toBe(0);
    expect(stats.vocabularySize).toBe(1);
    expect(stats.avgDocLength).toBe(10);
  });

  it('has no average length without lengths or articles', () => {
    const stats = new TermStats();
    expect(stats.avgDocLength).toBeUndefined();
    stats.addDoc(['toll']);
    expect(stats.avgDocLength).toBeUndefined();
  });
});

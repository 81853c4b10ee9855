import { describe, expect, it } from 'vitest';
import { safeNext } from './account-routes.tsx';

describe('where a reader returns after signing in or following', () => {
  it('accepts paths on this site and refuses anything that could leave it', () => {
    expect(safeNext('/companies/renault')).toBe('/companies/renault');
    expect(safeNext('/search?q=renault')).toBe('/search?q=renault');
    for (const bad of ['//evil.example', '/\\evil.example', 'https://evil.example/', 'javascript:alert(1)', '/ space', '', undefined, 42, `/${'a'.repeat(600)}`]) {
      expect(safeNext(bad)).toBeUndefined();
    }
  });
});

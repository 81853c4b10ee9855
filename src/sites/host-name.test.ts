import { describe, expect, it } from 'vitest';
import { normalHost } from './host-name.ts';

describe('normalHost', () => {
  it('lower-cases and drops the port and a trailing dot', () => {
    expect(normalHost('Highways.Example:3000')).toBe('highways.example');
    expect(normalHost('highways.example.')).toBe('highways.example');
    expect(normalHost('[::1]:3000')).toBe('::1');
    expect(normalHost('127.0.0.1:3000')).toBe('127.0.0.1');
  });
  it('refuses what is not a host name', () => {
    for (const bad of [undefined, '', 'a b', 'evil.example/path', 'x_y.example', '-lead.example', 'user@host']) expect(normalHost(bad), String(bad)).toBeUndefined();
  });
});

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { type CliResult, runCliInProcess } from './node-process.ts';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'masthead-api-keys-'));
const db = path.join(dir, 'site.db');
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function run(args: string[]): Promise<CliResult> {
  return runCliInProcess([...args, '--db', db], { cwd: dir });
}

describe('masthead api-keys', () => {
  it('creates a key shown once, lists it without the key, revokes it', async () => {
    const created = await run(['api-keys', 'create', '--name', 'Newsletter tool', '--json']);
    expect(created.stderr).toBe('');
    const made = JSON.parse(created.stdout) as { id: number; key: string; name: string; prefix: string; revokedAt: string | null };
    expect(made).toMatchObject({ id: 1, name: 'Newsletter tool', revokedAt: null });
    expect(made.key.startsWith(made.prefix)).toBe(true);

    const plain = await run(['api-keys', 'create', '--name', 'Mobile app']);
    expect(plain.stdout).toMatch(/^mh_\S+\nKey 2 for "Mobile app"\. Copy it now/);

    const listed = await run(['api-keys', 'list', '--json']);
    expect(listed.stdout).not.toContain(made.key);
    expect((JSON.parse(listed.stdout) as { name: string }[]).map((k) => k.name)).toEqual(['Newsletter tool', 'Mobile app']);

    expect(JSON.parse((await run(['api-keys', 'revoke', '1', '--json'])).stdout)).toMatchObject({ id: 1, revokedAt: expect.any(String) });
    expect((await run(['api-keys', 'list'])).stdout).toMatch(/^ {3}1 {2}mh_\S+… +revoked +Newsletter tool\n {3}2 .+active +Mobile app$/m);
    const missing = await run(['api-keys', 'revoke', '9']);
    expect(missing.status).toBe(1);
    expect(missing.stderr).toContain('MH_API_KEY_NOT_FOUND');
  }, 120_000);
});

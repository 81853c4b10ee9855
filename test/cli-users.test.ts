import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { type CliResult, runCliInProcess } from './node-process.ts';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'masthead-users-'));
const db = path.join(dir, 'site.db');
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function run(args: string[], input?: string): Promise<CliResult> {
  return runCliInProcess([...args, '--db', db], { cwd: dir, ...(input === undefined ? {} : { input }) });
}

describe('masthead users', () => {
  it('adds a user with the password on stdin, lists, sets a password, disables', async () => {
    const added = await run(['users', 'add', '--email', 'Editor@Example.com', '--role', 'editor', '--json'], 'a long enough secret\n');
    expect(added.stderr).toBe('');
    expect(added.status).toBe(0);
    expect(JSON.parse(added.stdout)).toEqual({ id: 1, email: 'editor@example.com', name: 'editor', role: 'editor', disabled: false, createdAt: expect.any(String) });

    const second = await run(['users', 'add', '--email', 'c@example.com', '--role', 'contributor', '--name', 'Cora', '--password', 'another secret!']);
    expect(second.stdout).toBe('Added c@example.com (contributor). Sign in at /admin/sign-in.\n');

    const dup = await run(['users', 'add', '--email', 'editor@example.com', '--role', 'editor', '--password', 'whatever123']);
    expect(dup.status).toBe(1);
    expect(dup.stderr).toContain('MH_USER_EXISTS: A user with the email editor@example.com already exists');

    const badRole = await run(['users', 'add', '--email', 'x@example.com', '--role', 'owner', '--password', 'whatever123']);
    expect(badRole.status).toBe(1);
    expect(badRole.stderr).toContain('role must be one of admin, editor, contributor');

    const short = await run(['users', 'add', '--email', 'y@example.com', '--role', 'admin', '--password', 'short']);
    expect(short.stderr).toContain('MH_INVALID_USER: Invalid user: the password must have at least 10 characters');

    expect((await run(['users', 'set-password', '--email', 'editor@example.com'], 'a brand new secret\n')).status).toBe(0);
    expect(JSON.parse((await run(['users', 'disable', '--email', 'c@example.com', '--json'])).stdout)).toMatchObject({ email: 'c@example.com', disabled: true });

    const list = JSON.parse((await run(['users', 'list', '--json'])).stdout) as { email: string; role: string; disabled: boolean }[];
    expect(list.map((u) => [u.email, u.role, u.disabled])).toEqual([
      ['c@example.com', 'contributor', true],
      ['editor@example.com', 'editor', false],
    ]);
    expect((await run(['users', 'disable', '--email', 'nobody@example.com'])).stderr).toContain('MH_USER_NOT_FOUND: No user with the email nobody@example.com');
  });
});

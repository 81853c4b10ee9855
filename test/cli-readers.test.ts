import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { type CliResult, runCliInProcess } from './node-process.ts';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'masthead-readers-'));
const db = path.join(dir, 'site.db');
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function run(args: string[]): Promise<CliResult> {
  return runCliInProcess([...args, '--db', db], { cwd: dir });
}

describe('masthead readers', () => {
  it('follows a company for a new reader, lists, exports and deletes them', async () => {
    const companies = path.join(dir, 'companies.jsonl');
    fs.writeFileSync(companies, `${JSON.stringify({ id: '1', name: 'Renault', aliases: [], parent: null })}\n`);
    expect((await run(['companies', 'import', companies])).status).toBe(0);

    const followed = await run(['readers', 'follow', '--email', 'Fan@Example.com', '--company', 'renault', '--json']);
    expect(followed.stderr).toBe('');
    expect(JSON.parse(followed.stdout)).toEqual({ email: 'fan@example.com', created: true, follows: { kind: 'company', slug: 'renault', name: 'Renault' } });
    // Again: the same reader, the same single follow.
    expect((await run(['readers', 'follow', '--email', 'fan@example.com', '--company', 'renault'])).stdout).toBe('fan@example.com follows Renault.\n');
    expect((await run(['readers', 'follow', '--email', 'fan@example.com', '--company', 'nobody'])).stderr).toContain('MH_FOLLOW_TARGET_NOT_FOUND');

    const list = JSON.parse((await run(['readers', 'list', '--json'])).stdout);
    expect(list).toEqual([expect.objectContaining({ email: 'fan@example.com', status: 'active', source: 'cli', alertMode: 'instant', follows: 1 })]);

    const exported = JSON.parse((await run(['readers', 'export', '--email', 'fan@example.com'])).stdout);
    expect(exported.reader).toMatchObject({ email: 'fan@example.com', source: 'cli' });
    expect(exported.follows).toEqual([{ kind: 'company', slug: 'renault', name: 'Renault', since: expect.any(String) }]);

    expect((await run(['readers', 'delete', '--email', 'fan@example.com'])).stdout).toBe('Deleted the reader fan@example.com.\n');
    expect(JSON.parse((await run(['readers', 'list', '--json'])).stdout)).toEqual([]);
    expect((await run(['readers', 'export', '--email', 'fan@example.com'])).stderr).toContain('MH_READER_NOT_FOUND');
    // Ten processes: from source (an edited tree) each compiles on start, several seconds on a busy machine.
  }, 300_000);
});

import { type Command, InvalidArgumentError } from 'commander';
import type { ApiKeyRecord } from '../store/index.ts';
import { type GlobalOptions, print, withApp } from './cli-context.ts';

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
const keyJson = (k: ApiKeyRecord) => ({ id: k.id, name: k.name, prefix: k.prefix, createdAt: iso(k.createdAt), createdBy: k.createdBy, lastUsedAt: iso(k.lastUsedAt), revokedAt: iso(k.revokedAt) });

function keyId(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('give the key’s id (see api-keys list)');
  return n;
}

/** `masthead api-keys create|list|revoke`: keys for private use of the content API. */
export function registerApiKeyCommands(program: Command): void {
  const keys = program.command('api-keys').description('content API keys: create (shown once), list, revoke');

  keys
    .command('create')
    .description('make a key; it is printed once and only its hash is kept')
    .requiredOption('--name <name>', 'who uses it, e.g. "newsletter tool"')
    .action(async (opts: { name: string }, cmd: Command) => {
      const g = cmd.optsWithGlobals<GlobalOptions>();
      await withApp(g, async (app) => {
        const { key, record } = await app.apiKeys.create(opts.name, 'cli');
        print(g, { ...keyJson(record), key }, () => `${key}\nKey ${record.id} for "${record.name}". Copy it now: it cannot be shown again. Send it as Authorization: Bearer <key>.`);
      });
    });

  keys
    .command('list')
    .description('list keys (never the keys themselves)')
    .action(async (_opts: unknown, cmd: Command) => {
      const g = cmd.optsWithGlobals<GlobalOptions>();
      await withApp(g, async (app) => {
        const all = await app.apiKeys.list();
        print(g, all.map(keyJson), () =>
          all.length
            ? all.map((k) => `${String(k.id).padStart(4)}  ${`${k.prefix}…`.padEnd(12)} ${(k.revokedAt ? 'revoked' : 'active').padEnd(8)} ${k.name}`).join('\n')
            : 'No API keys yet.',
        );
      });
    });

  keys
    .command('revoke')
    .description('stop a key working, at once, on every node')
    .argument('<id>', 'the key’s id', keyId)
    .action(async (id: number, _opts: unknown, cmd: Command) => {
      const g = cmd.optsWithGlobals<GlobalOptions>();
      await withApp(g, async (app) => {
        const record = await app.apiKeys.revoke(id, 'cli');
        print(g, keyJson(record), () => `Revoked key ${record.id} ("${record.name}").`);
      });
    });
}

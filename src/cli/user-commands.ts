import { type Command, InvalidArgumentError } from 'commander';
import type { UserRecord } from '../store/index.ts';
import { type GlobalOptions, print, readStdin, withApp } from './cli-context.ts';

/** The password from `--password`, or else the first line of stdin (so it stays out of shell history). */
async function passwordFrom(opts: { password?: string }): Promise<string> {
  if (opts.password !== undefined) return opts.password;
  if (process.stdin.isTTY) process.stderr.write('Password (then Enter): ');
  const line = (await readStdin()).split(/\r?\n/)[0] ?? '';
  if (!line) throw new InvalidArgumentError('give a password with --password or on stdin');
  return line;
}

/** The roles, from the admin capability: loaded when `users` is chosen (see registerUserCommands). */
let ROLES: readonly string[] = [];

function role(value: string): string {
  if (!ROLES.includes(value)) throw new InvalidArgumentError(`role must be one of ${ROLES.join(', ')}`);
  return value;
}

const userJson = (u: UserRecord) => ({ id: u.id, email: u.email, name: u.name, role: u.role, disabled: u.disabled, createdAt: new Date(u.createdAt).toISOString() });

/** `masthead users add|list|set-password|disable|enable`: admin accounts from the command line. */
export function registerUserCommands(program: Command): void {
  const users = program.command('users').description('admin accounts: add, list, set a password, disable');

  const add = users
    .command('add')
    .description('add an admin user (password from --password or stdin)')
    .requiredOption('--email <email>', 'email address (signs in with it)');
  // `--role` names the roles, so it and the options after it are added once `users` is chosen
  // (parseAsync awaits the hook before `users` reads the rest of the line, `users help add` included).
  program.hook('preSubcommand', async (_program, chosen) => {
    if (chosen !== users || add.options.length > 1) return;
    ({ ROLES } = await import('../admin/index.ts'));
    add
      .requiredOption('--role <role>', `one of ${ROLES.join(', ')}`, role)
      .option('--name <name>', 'display name (default: the part of the email before @)')
      .option('--password <password>', 'password (else read from stdin)');
  });
  add.action(async (opts: { email: string; role: string; name?: string; password?: string }, cmd: Command) => {
      const g = cmd.optsWithGlobals<GlobalOptions>();
      const password = await passwordFrom(opts);
      await withApp(g, async (app) => {
        const user = await app.accounts.addUser({ email: opts.email, role: opts.role, password, ...(opts.name ? { name: opts.name } : {}) }, 'cli');
        print(g, userJson(user), () => `Added ${user.email} (${user.role}). Sign in at /admin/sign-in.`);
      });
    });

  users
    .command('list')
    .description('list admin users')
    .action(async (_opts: unknown, cmd: Command) => {
      const g = cmd.optsWithGlobals<GlobalOptions>();
      await withApp(g, async (app) => {
        const all = await app.accounts.listUsers();
        print(g, all.map(userJson), () =>
          all.length ? all.map((u) => `${u.email.padEnd(32)} ${u.role.padEnd(12)} ${u.disabled ? 'disabled' : 'active'}  ${u.name}`).join('\n') : 'No users yet.',
        );
      });
    });

  users
    .command('set-password')
    .description('set a user’s password (from --password or stdin); signs them out everywhere')
    .requiredOption('--email <email>', 'the user')
    .option('--password <password>', 'new password (else read from stdin)')
    .action(async (opts: { email: string; password?: string }, cmd: Command) => {
      const g = cmd.optsWithGlobals<GlobalOptions>();
      const password = await passwordFrom(opts);
      await withApp(g, async (app) => {
        const user = await app.accounts.setPassword(opts.email, password, 'cli');
        print(g, userJson(user), () => `Password changed for ${user.email}; their sessions were ended.`);
      });
    });

  for (const [name, disabled] of [
    ['disable', true],
    ['enable', false],
  ] as const) {
    users
      .command(name)
      .description(disabled ? 'stop a user signing in (ends their sessions)' : 'let a disabled user sign in again')
      .requiredOption('--email <email>', 'the user')
      .action(async (opts: { email: string }, cmd: Command) => {
        const g = cmd.optsWithGlobals<GlobalOptions>();
        await withApp(g, async (app) => {
          const user = await app.accounts.setDisabled(opts.email, disabled, 'cli');
          print(g, userJson(user), () => `${user.email} is ${disabled ? 'disabled' : 'enabled'}.`);
        });
      });
  }
}

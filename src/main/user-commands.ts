import type { Command } from 'commander';
import { createInterface } from 'node:readline';
import { loadConfig } from '../config/load';
import { createUser, listUsers, updateUser } from '../users/users';
import { UsageError } from '../shared/errors';
import { withDb } from './command-io';

/**
 * `servicedesk users …`: the first admin has to come from somewhere, so users can be created
 * here as well as in the web UI. Passwords never go on the command line (shell history, ps):
 * they are typed at a hidden prompt, or piped on stdin by a provisioning script.
 */
async function readPassword(prompt: string): Promise<string> {
  if (!process.stdin.isTTY) {
    let data = '';
    for await (const chunk of process.stdin) data += chunk;
    return data.split(/\r?\n/)[0];
  }
  const ask = (q: string) =>
    new Promise<string>((resolve) => {
      const rl = createInterface({ input: process.stdin, output: process.stderr, terminal: true });
      // Echo nothing while the password is typed.
      (rl as unknown as { _writeToOutput: (s: string) => void })._writeToOutput = (s: string) => {
        if (s.includes(q)) process.stderr.write(q);
      };
      rl.question(q, (answer) => {
        rl.close();
        process.stderr.write('\n');
        resolve(answer);
      });
    });
  const first = await ask(prompt);
  const again = await ask('Gentag adgangskoden: ');
  if (first !== again) throw new UsageError('the passwords differ');
  return first;
}


export function registerUserCommands(program: Command): void {
  const users = program.command('users').description('people who may log in to the agent workspace');

  users
    .command('add')
    .description('add a user; the password is asked for (or read from stdin when piped)')
    .requiredOption('--email <email>', 'login name')
    .requiredOption('--role <role>', 'agent, manager or admin')
    .option('--name <name>', 'display name', '')
    .action(async (o: { email: string; role: string; name: string }) => {
      const password = await readPassword(`Adgangskode for ${o.email}: `);
      const user = await withDb(loadConfig(), ({ dataSource: db }) => createUser(db, { email: o.email, role: o.role, name: o.name, password }));
      process.stdout.write(`user ${user.id} ${user.email} (${user.role}) created\n`);
    });

  users
    .command('passwd')
    .description('set a new password (ends the user\'s sessions and revokes their API tokens)')
    .requiredOption('--email <email>', 'login name')
    .action(async (o: { email: string }) => {
      const password = await readPassword(`Ny adgangskode for ${o.email}: `);
      await withDb(loadConfig(), async ({ dataSource: db }) => {
        const [u] = await db.query(`SELECT id FROM users WHERE email = $1`, [o.email.trim().toLowerCase()]);
        if (!u) throw new UsageError(`no user ${o.email}`);
        await updateUser(db, u.id, { password });
      });
      process.stdout.write(`password of ${o.email} changed; their sessions are ended and their API tokens revoked\n`);
    });

  users
    .command('list')
    .description('list users')
    .option('--json', 'machine-readable output')
    .action(async (o: { json?: boolean }) => {
      const list = await withDb(loadConfig(), ({ dataSource: db }) => listUsers(db));
      if (o.json) return void process.stdout.write(`${JSON.stringify(list, null, 2)}\n`);
      for (const u of list) process.stdout.write(`${String(u.id).padStart(4)}  ${u.role.padEnd(8)} ${u.disabled ? 'disabled ' : ''}${u.email}${u.name ? `  (${u.name})` : ''}\n`);
    });
}

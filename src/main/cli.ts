import 'reflect-metadata';
import { Command, Option } from 'commander';
import { readFileSync } from 'node:fs';
import { loadConfig, ConfigError } from '../config/load';
import type { Config } from '../config/schema';
import * as commands from './commands';
import { registerServeCommand } from './serve';
import { registerUserCommands } from './user-commands';
import { registerReportCommands } from './report-commands';
import { registerKbCommands } from './kb-commands';
import { registerCourseCommands } from './course-commands';

/**
 * `servicedesk` — one entry point for every process role and admin task. Output meant for
 * people and scripts goes to stdout; logs (pino JSON) go to stderr.
 */
function config(): Config {
  return loadConfig();
}

const program = new Command('servicedesk')
  .description('Microbizz Servicedesk: support mail → tickets → templated replies')
  .showHelpAfterError();

program.command('migrate').description('bring the database schema up to date').action(async () => commands.migrate(config()));

program
  .command('import-contacts')
  .description('import companies and support contacts from CSV (idempotent; all rows or none)')
  .requiredOption('--companies <file>', 'companies.csv: name,domain,agreement')
  .requiredOption('--contacts <file>', 'contacts.csv: company,name,email')
  .action(async (o: { companies: string; contacts: string }) => commands.importContacts(config(), o.companies, o.contacts));

program.command('worker').description('watch the IMAP mailbox and process mail through the queues').action(async () => commands.worker(config()));

program
  .command('run-folder <dir>')
  .description('process the .eml files of a folder and write the replies as .eml files (no Redis needed)')
  .requiredOption('--outbox <dir>', 'folder for the replies')
  .action(async (dir: string, o: { outbox: string }) => commands.runFolder(config(), dir, o.outbox));

program
  .command('run')
  .description('the main job: the IMAP worker when IMAP_HOST is set, else run-folder on the bundled example mails')
  .option('--inbox <dir>', 'folder of .eml files when no mailbox is configured', 'examples/inbox')
  .option('--outbox <dir>', 'folder for the replies when no mailbox is configured', 'out/outbox')
  .action(async (o: { inbox: string; outbox: string }) => commands.run(config(), o.inbox, o.outbox));

program
  .command('classify <file>')
  .description('classify one .eml file (no database needed)')
  .option('--json', 'machine-readable output')
  .action(async (file: string, o: { json?: boolean }) => commands.classify(config(), file, !!o.json));

program
  .command('eval <dir>')
  .description('measure the classifier (and sender matching) on DIR/labels.csv + DIR/mails/*.eml')
  .option('--json', 'machine-readable output')
  .action(async (dir: string, o: { json?: boolean }) => commands.evaluate(config(), dir, !!o.json));

program.command('train').description('retrain the classifier from training/data and agents\' corrections').action(async () => commands.train(config()));

program
  .command('tickets')
  .description('list tickets')
  .option('--json', 'a JSON array, one object per ticket')
  .action(async (o: { json?: boolean }) => commands.tickets(config(), !!o.json));

program
  .command('stats')
  .description('inbound mails by state, tickets, replies')
  .option('--json', 'machine-readable output')
  .action(async (o: { json?: boolean }) => commands.stats(config(), !!o.json));

program
  .command('replay <mailId>')
  .description('process a quarantined (or ignored) mail again')
  .action(async (id: string) => commands.replay(config(), id));

program
  .command('preview-templates')
  .description('render every reply kind × language × agreement for review')
  .addOption(new Option('--out <dir>', 'output folder').default('docs/previews'))
  .action(async (o: { out: string }) => commands.previewTemplates(o.out));

registerReportCommands(program, config);
registerKbCommands(program, config);
registerCourseCommands(program, config);

registerServeCommand(program);
registerUserCommands(program);

program.version(JSON.parse(readFileSync(require.resolve('../../../package.json'), 'utf8')).version);

program.parseAsync(process.argv).catch((err: unknown) => {
  if (err instanceof ConfigError) {
    process.stderr.write(`${err.message}\n`);
    process.exit(2);
  }
  const e = err as Error & { code?: string };
  process.stderr.write(`servicedesk: ${e.message}\n`);
  // Errors with a code (bad CSV row, config, parse…) say all there is; anything else is a bug
  // worth its stack trace.
  if (typeof e.code !== 'string' && e.stack) process.stderr.write(`${e.stack}\n`);
  process.exit(1);
});

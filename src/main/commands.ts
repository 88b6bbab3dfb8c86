import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Config } from '../config/schema';
import { createLogger, type Logger } from '../shared/logger';
import { UsageError } from '../shared/errors';
import { migrate as runMigrations } from '../db/open';
import { publicDomainWarnings, readCompaniesCsv, readContactsCsv } from '../contacts/csv';
import { importRegistry } from '../contacts/import';
import { listTickets, pipelineStats } from '../tickets/queries';
import { replay as replayMail } from '../pipeline/ingest/mail-state';
import { parseMail } from '../pipeline/parse/parse-mail';
import { createClassifier } from '../pipeline/classify/classifier';
import { toClassifierInput } from '../pipeline/classify/input';
import { createTemplateRenderer, defaultTemplatesDir, renderAllPreviews } from '../tickets/replies/render';
import { runFolder as runFolderJob } from './run-folder';
import { startWorker } from './worker';
import { exitOnSignals } from './shutdown';
import { evaluateCommand } from './evaluate';
import { trainCommand } from './train';
import { commandProgress } from './progress';
import { loadExampleArticlesIfEmpty } from './kb-commands';
import { loadExampleCoursesIfEmpty } from './course-commands';
import { out, withDb } from './command-io';

/** The actions behind the CLI (cli.ts only declares the commands). */
const logger = (config: Config): Logger => createLogger(config.LOG_LEVEL);

export async function migrate(config: Config): Promise<void> {
  await withDb(config, async (db) => {
    const ran = await runMigrations(db.dataSource, !db.embedded);
    out(ran.length ? `applied: ${ran.join(', ')}` : 'schema is up to date');
  }, false);
}

export async function importContacts(config: Config, companiesFile: string, contactsFile: string): Promise<void> {
  // Both files are read and validated before the database is touched.
  const companies = readCompaniesCsv(readFileSync(companiesFile, 'utf8'), companiesFile);
  const contacts = readContactsCsv(readFileSync(contactsFile, 'utf8'), contactsFile);
  await withDb(config, async (db) => {
    const progress = commandProgress();
    let r;
    try {
      r = await importRegistry(db.dataSource, companies, contacts, progress);
    } finally {
      progress.done();
    }
    out(`companies: ${r.companies.created} created, ${r.companies.updated} updated, ${r.companies.unchanged} unchanged`);
    out(`contacts: ${r.contacts.created} created, ${r.contacts.updated} updated, ${r.contacts.unchanged} unchanged`);
    for (const w of [...publicDomainWarnings(companies, companiesFile), ...r.warnings]) out(`warning: ${w}`);
  });
}

export async function worker(config: Config): Promise<void> {
  const log = logger(config);
  // Installed before the start, so a signal while it waits (e.g. for the database) still
  // exits within the deadline: with nothing started yet there is nothing to stop.
  let running: Awaited<ReturnType<typeof startWorker>> | null = null;
  exitOnSignals(log, config.SHUTDOWN_TIMEOUT_SECONDS * 1000, async (ms) => running?.stop(ms));
  running = await startWorker(config, log);
}

export async function runFolder(config: Config, dir: string, outDir: string): Promise<void> {
  if (!existsSync(dir)) throw new UsageError(`no such folder: ${dir}`);
  const progress = commandProgress();
  let s;
  try {
    s = await runFolderJob(config, logger(config), dir, outDir, progress);
  } finally {
    progress.done();
  }
  out(
    `files=${s.files} stored=${s.stored} duplicates=${s.duplicates} processed=${s.processed} ignored=${s.ignored} ` +
      `quarantined=${s.quarantined} tickets_created=${s.ticketsCreated} replies_written=${s.repliesWritten} replies_suppressed=${s.repliesSuppressed}`,
  );
  out(`replies in ${resolve(outDir)}`);
}

export async function run(config: Config, inbox: string, outbox: string): Promise<void> {
  if (config.IMAP_HOST) return worker(config);
  const examples = resolve(__dirname, '../../../examples');
  const inDir = existsSync(inbox) ? inbox : resolve(examples, 'inbox');
  const registry = resolve(examples, 'registry');
  // The embedded default: no mailbox configured → the bundled example registry and mails, and
  // the example help catalogue and course calendar while they are empty (a real one is never overwritten).
  if (!config.DATABASE_URL && existsSync(registry)) {
    await importContacts(config, resolve(registry, 'companies.csv'), resolve(registry, 'contacts.csv'));
    await withDb(config, async (db) => {
      await loadExampleArticlesIfEmpty(db);
      await loadExampleCoursesIfEmpty(db);
    });
  }
  await runFolder(config, inDir, outbox);
}

export async function classify(config: Config, file: string, json: boolean): Promise<void> {
  const parsed = await parseMail(readFileSync(file));
  const c = createClassifier(undefined, { abstainBelow: config.CLASSIFIER_ABSTAIN_BELOW }).classify(toClassifierInput(parsed));
  const needsTriage = c.category !== 'noise' && c.confidence < config.CLASSIFIER_ABSTAIN_BELOW;
  if (json) return out(JSON.stringify({ file, ...c, needsTriage }, null, 2));
  out(`${c.category} (confidence ${c.confidence.toFixed(2)}${needsTriage ? ', below the triage threshold' : ''}), language ${c.language}, topic ${c.topic}`);
  for (const e of c.explanation) out(`  - ${e}`);
}

export async function tickets(config: Config, json: boolean): Promise<void> {
  await withDb(config, async (db) => {
    const list = await listTickets(db.dataSource);
    if (json) return out(JSON.stringify(list, null, 2));
    for (const t of list) {
      out(`${t.reference}  ${t.status.padEnd(6)} ${t.queue.padEnd(15)} ${t.category.padEnd(15)} ${t.confidence.toFixed(2)}  ${t.senderStatus.padEnd(24)} ${(t.company ?? '-').slice(0, 28).padEnd(28)} ${t.subject.slice(0, 60)}`);
    }
    out(`${list.length} ticket(s)`);
  });
}

export async function stats(config: Config, json: boolean): Promise<void> {
  await withDb(config, async (db) => {
    const s = await pipelineStats(db.dataSource);
    if (json) return out(JSON.stringify(s, null, 2));
    out(`inbound: received=${s.inbound.received} processed=${s.inbound.processed} ignored=${s.inbound.ignored} quarantined=${s.inbound.quarantined}`);
    out(`tickets: total=${s.tickets.total} open=${s.tickets.open} ${Object.entries(s.tickets.byQueue).map(([q, n]) => `${q}=${n}`).join(' ')}`);
    out(`replies: sent=${s.replies.sent} pending=${s.replies.pending} failed=${s.replies.failed} suppressed=${s.replies.suppressed} bounced=${s.replies.bounced}`);
  });
}

export async function replay(config: Config, mailId: string): Promise<void> {
  await withDb(config, async (db) => {
    if (!(await replayMail(db.dataSource, mailId))) throw new UsageError(`mail ${mailId} is not quarantined or ignored (or has no stored bytes)`);
    out(`mail ${mailId} is queued again: the worker (or the next run-folder) processes it`);
  });
}

export async function previewTemplates(outDir: string): Promise<void> {
  const dir = defaultTemplatesDir();
  const files = await renderAllPreviews(createTemplateRenderer(dir), dir, outDir);
  out(`${files.length} files written to ${resolve(outDir)}`);
}

export async function evaluate(config: Config, dir: string, json: boolean): Promise<void> {
  const progress = commandProgress({ json });
  try {
    await evaluateCommand(config, dir, json, out, progress);
  } finally {
    progress.done();
  }
}

export async function train(config: Config): Promise<void> {
  const progress = commandProgress();
  try {
    await trainCommand(config, logger(config), out, { progress });
  } finally {
    progress.done();
  }
}

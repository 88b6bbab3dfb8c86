import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Config } from '../config/schema';
import type { Logger } from '../shared/logger';
import { openDatabase } from '../db/open';
import { storeRawMail } from '../pipeline/ingest/store-raw-mail';
import { findUnfinishedWork } from '../pipeline/ingest/recover';
import { processInboundMail } from '../pipeline/process-inbound-mail';
import { quarantine } from '../pipeline/ingest/mail-state';
import { sendReply } from '../mail/send-reply';
import { folderTransport } from '../mail/transport';
import { buildPipelineDeps } from './context';
import { NO_PROGRESS, type Progress } from '../shared/progress';

export interface FolderRunSummary {
  files: number;
  stored: number;
  duplicates: number;
  processed: number;
  ignored: number;
  quarantined: number;
  ticketsCreated: number;
  repliesWritten: number;
  repliesSuppressed: number;
}

/**
 * The same pipeline as the IMAP worker, reading `.eml` files from a folder and writing the
 * replies as `.eml` files into another, with no queue in between. With no DATABASE_URL it
 * uses the embedded PostgreSQL under DATA_DIR, so it runs on a machine with only Node.
 * Running it twice over the same folder changes nothing: the mails are recognised.
 */
export async function runFolder(config: Config, log: Logger, inDir: string, outDir: string, progress: Progress = NO_PROGRESS): Promise<FolderRunSummary> {
  const files = readdirSync(inDir)
    .filter((f) => f.toLowerCase().endsWith('.eml'))
    .sort()
    .map((f) => join(inDir, f))
    .filter((f) => statSync(f).isFile());
  const db = await openDatabase(config, log, { migrate: true });
  const transport = folderTransport(outDir);
  const summary: FolderRunSummary = { files: files.length, stored: 0, duplicates: 0, processed: 0, ignored: 0, quarantined: 0, ticketsCreated: 0, repliesWritten: 0, repliesSuppressed: 0 };
  const deps = buildPipelineDeps(config, log, db.dataSource);
  try {
    const mailbox = `folder:${resolve(inDir)}`;
    progress.phase('storing mails', files.length);
    for (const file of files) {
      const raw = readFileSync(file);
      const oversize = raw.length > config.MAX_MAIL_BYTES;
      const stored = await storeRawMail(db.dataSource, { raw, mailbox, oversize });
      summary[stored.duplicate ? 'duplicates' : 'stored']++;
      if (!stored.duplicate && stored.state === 'quarantined') summary.quarantined++;
      progress.tick();
    }
    // Everything still to do, including what an interrupted earlier run left behind.
    const work = await findUnfinishedWork(db.dataSource);
    progress.phase('processing mails', work.mailIds.length);
    for (const mailId of work.mailIds) {
      let outcome;
      try {
        outcome = await processInboundMail(deps, mailId);
      } catch (err) {
        // No queue to retry here: keep the mail, quarantined with the reason, and go on.
        outcome = await quarantine(db.dataSource, mailId, `processing failed: ${(err as Error).message}`);
        log.error({ mailId, err: (err as Error).message }, 'mail quarantined');
      }
      if (outcome.state === 'processed') {
        summary.processed++;
        if (outcome.created) summary.ticketsCreated++;
        if (outcome.suppressed) summary.repliesSuppressed++;
        if (outcome.outboxId) work.outboxIds.push(outcome.outboxId);
      } else if (outcome.state === 'ignored') summary.ignored++;
      else if (outcome.state === 'quarantined') {
        // An oversize mail is quarantined with a needs-triage ticket and a notice.
        summary.quarantined++;
        if (outcome.ticketId) summary.ticketsCreated++;
        if (outcome.suppressed) summary.repliesSuppressed++;
        if (outcome.outboxId) work.outboxIds.push(outcome.outboxId);
      }
      progress.tick();
    }
    const replies = [...new Set(work.outboxIds)];
    progress.phase('writing replies', replies.length);
    for (const outboxId of replies) {
      if ((await sendReply(db.dataSource, transport, config, outboxId, { staleAfterMs: 0 })) === 'sent') summary.repliesWritten++;
      progress.tick();
    }
    return summary;
  } finally {
    transport.close();
    await deps.parser.close();
    await db.close();
  }
}

import { UnrecoverableError, type Job } from 'bullmq';
import type { Config } from '../config/schema';
import type { Logger } from '../shared/logger';
import { openDatabase } from '../db/open';
import { createQueues, createWorker, INBOUND_QUEUE, OUTBOUND_QUEUE, type InboundJob, type OutboundJob } from '../queue/queues';
import { ImapWatcher } from '../pipeline/fetch/imap-watcher';
import { MailboxLease } from '../pipeline/fetch/leader';
import { findUnfinishedWork } from '../pipeline/ingest/recover';
import { noteAttempt, quarantine } from '../pipeline/ingest/mail-state';
import { processInboundMails } from '../pipeline/process-inbound-mail';
import type { MailOutcome } from '../pipeline/deps';
import { Batcher } from '../queue/batcher';
import { PermanentSendError, sendReply } from '../mail/send-reply';
import { SMTP_CONNECTIONS, smtpTransport } from '../mail/transport';
import { buildPipelineDeps } from './context';
import { startReportScheduler } from '../reports/schedule';
import { createWorkerMetrics } from '../observability/metrics';
import { startWorkerHttp } from './worker-http';

export interface RunningWorker {
  stop(): Promise<void>;
  watcher: ImapWatcher | null;
  metrics: ReturnType<typeof createWorkerMetrics>;
}

/**
 * The worker process: watches the mailbox (when configured and when it holds the lease),
 * processes inbound mail and sends replies from BullMQ, and sweeps PostgreSQL for unfinished
 * work so nothing depends on Redis keeping its data.
 */
export async function startWorker(config: Config, log: Logger, opts: { sweepMs?: number } = {}): Promise<RunningWorker> {
  if (!config.SMTP_HOST) log.warn('SMTP_HOST unset: replies stay pending in the outbox');
  const db = await openDatabase(config, log, { migrate: true, poolSize: config.WORKER_CONCURRENCY + SMTP_CONNECTIONS + 2 });
  const deps = buildPipelineDeps(config, log, db.dataSource);
  const queues = createQueues(config);
  const transport = config.SMTP_HOST ? smtpTransport(config) : null;
  // Managers' weekly training-offer report (a BullMQ job scheduler; once per period).
  const reports = await startReportScheduler(config, log, db.dataSource);

  let watcher: ImapWatcher | null = null;
  const metrics = createWorkerMetrics({
    queueCounts: async () => ({ [INBOUND_QUEUE]: await queues.inbound.getJobCounts(), [OUTBOUND_QUEUE]: await queues.outbound.getJobCounts() }),
    imapConnected: () => watcher?.isConnected() ?? null,
    lastSyncAt: () => watcher?.lastSyncAt ?? null,
  });

  // Jobs stay one per mail (retries, recovery and dead-letter state are per mail), but the
  // work is done per batch of the jobs that are active at the same moment.
  const batcher = new Batcher<string, MailOutcome>(
    async (mailIds) => {
      const results = await processInboundMails(deps, mailIds);
      const replies = [...results.values()].flatMap((r) => (!(r instanceof Error) && r.state === 'processed' && r.outboxId ? [r.outboxId] : []));
      // A reply that fails to enqueue here is still pending in the outbox; the sweep sends it.
      await queues.enqueueReplies(replies).catch((err) => log.warn({ err: (err as Error).message }, 'could not enqueue replies; the recovery sweep will'));
      return results;
    },
    { maxSize: config.WORKER_BATCH_SIZE, lingerMs: 3 },
  );
  const inbound = createWorker<InboundJob>(config, INBOUND_QUEUE, async (job: Job<InboundJob>) => {
    const { mailId } = job.data;
    const timer = metrics.processingSeconds.startTimer();
    try {
      const outcome = await batcher.submit(mailId);
      timer();
      if (outcome.state !== 'skipped') metrics.mailsFinished.inc({ state: outcome.state });
      if (outcome.state === 'processed' && outcome.suppressed) metrics.replies.inc({ result: 'suppressed' });
      log.info({ mailId, stage: 'process', ...outcome }, 'mail done');
      return outcome;
    } catch (err) {
      const message = (err as Error).message;
      await noteAttempt(db.dataSource, mailId, message).catch(() => undefined);
      // The last attempt keeps the mail, quarantined with its error, instead of losing it.
      if (job.attemptsMade + 1 >= (job.opts.attempts ?? 1)) {
        await quarantine(db.dataSource, mailId, `failed after ${job.attemptsMade + 1} attempts: ${message}`);
        metrics.mailsFinished.inc({ state: 'quarantined' });
        log.error({ mailId, err: message }, 'mail quarantined');
        return { state: 'quarantined' };
      }
      throw err;
    }
  }, config.WORKER_CONCURRENCY * config.WORKER_BATCH_SIZE);

  const outbound = createWorker<OutboundJob>(config, OUTBOUND_QUEUE, async (job: Job<OutboundJob>) => {
    if (!transport) throw new Error('SMTP_HOST is not configured');
    try {
      const result = await sendReply(db.dataSource, transport, config, job.data.outboxId, { staleAfterMs: config.OUTBOX_STALE_SECONDS * 1000 });
      if (result === 'sent') metrics.replies.inc({ result: 'sent' });
      log.info({ outboxId: job.data.outboxId, stage: 'reply', result }, 'reply');
      return result;
    } catch (err) {
      metrics.replies.inc({ result: 'failed' });
      if (err instanceof PermanentSendError) throw new UnrecoverableError(err.message);
      throw err;
    }
  }, SMTP_CONNECTIONS);
  for (const w of [inbound, outbound]) w.on('error', (err) => log.warn({ err: err.message }, 'queue worker error'));

  const sweep = async () => {
    try {
      // Mails get 30 s before they count as lost from the queue (a backlog waits longer
      // legitimately; requeue leaves waiting jobs alone, this only bounds the checking).
      const work = await findUnfinishedWork(db.dataSource, 30_000, config.OUTBOX_STALE_SECONDS * 1000);
      let mails = 0;
      let replies = 0;
      for (const id of work.mailIds) if (await queues.requeueMail(id)) mails++;
      for (const id of work.outboxIds) if (await queues.requeueReply(id)) replies++;
      if (mails || replies) log.info({ mails, replies }, 'recovered unfinished work');
    } catch (err) {
      log.warn({ err: (err as Error).message }, 'recovery sweep failed; retrying later');
    }
  };
  await sweep();
  const sweepTimer = setInterval(() => void sweep(), opts.sweepMs ?? 15_000);

  let lease: MailboxLease | null = null;
  let stopping = false;
  if (config.IMAP_HOST) {
    watcher = new ImapWatcher({
      db: db.dataSource,
      config,
      log,
      onStored: async (ids) => {
        metrics.mailsIngested.inc(ids.length);
        await queues.enqueueMails(ids);
      },
    });
    const w = watcher;
    const startWatching = async (): Promise<void> => {
      if (config.DATABASE_URL) {
        lease = new MailboxLease(config.DATABASE_URL, w.key, log);
        await lease.acquire(() => {
          log.warn('mailbox lease lost: stopping the watcher and waiting for it again');
          void w.stop().then(() => (stopping ? undefined : startWatching()));
        });
      }
      if (!stopping) await w.start();
    };
    // Standby workers wait for the lease in the background and still process jobs.
    void startWatching().catch((err) => log.error({ err: (err as Error).message }, 'mailbox watcher failed to start'));
  } else {
    log.warn('IMAP_HOST unset: this worker processes queued mail but reads no mailbox');
  }

  const http = config.WORKER_HTTP_PORT
    ? await startWorkerHttp(
        config.HTTP_HOST,
        config.WORKER_HTTP_PORT,
        {
          database: () => db.dataSource.query('SELECT 1'),
          redis: () => queues.inbound.getJobCounts(),
          // A standby worker (another one holds the mailbox lease) reads no mailbox and is healthy.
          imap: () => (watcher?.isRunning() ? { connected: watcher.isConnected(), lastSyncAt: watcher.lastSyncAt } : null),
          maxSyncAgeMs: Math.max(3 * config.IMAP_POLL_SECONDS * 1000, 60_000),
        },
        metrics,
        log,
      )
    : null;

  return {
    watcher,
    metrics,
    async stop() {
      stopping = true;
      await new Promise<void>((r) => (http ? http.close(() => r()) : r()));
      clearInterval(sweepTimer);
      await watcher?.stop();
      await (lease as MailboxLease | null)?.release();
      // Let running jobs finish (BullMQ waits for them), then close connections.
      await Promise.allSettled([inbound.close(), outbound.close()]);
      await reports.stop();
      await queues.close();
      transport?.close();
      await db.close();
    },
  };
}

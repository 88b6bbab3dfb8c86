import type { EventEmitter } from 'node:events';
import { UnrecoverableError, type Job } from 'bullmq';
import type { Config } from '../config/schema';
import type { Logger } from '../shared/logger';
import { OutageLog } from '../shared/outage-log';
import { openDatabase } from '../db/open';
import { createQueues, createWorker, INBOUND_QUEUE, OUTBOUND_QUEUE, type InboundJob, type OutboundJob } from '../queue/queues';
import { holdWorkerLease } from '../queue/worker-lease';
import { ImapWatcher } from '../pipeline/fetch/imap-watcher';
import { MailboxLease } from '../pipeline/fetch/leader';
import { findUnfinishedWork } from '../pipeline/ingest/recover';
import { prepareMissingViews } from '../pipeline/parse-pool/prepare-missing';
import { noteAttempt, quarantine } from '../pipeline/ingest/mail-state';
import { processInboundMails } from '../pipeline/process-inbound-mail';
import type { MailOutcome } from '../pipeline/deps';
import { Batcher } from '../queue/batcher';
import { ClaimedElsewhereError, PermanentSendError, sendReply } from '../mail/send-reply';
import { SMTP_CONNECTIONS, smtpTransport } from '../mail/transport';
import { buildPipelineDeps } from './context';
import { startReportScheduler } from '../reports/schedule';
import { createWorkerMetrics } from '../observability/metrics';
import { startWorkerHttp } from './worker-http';
import { Deadline } from './shutdown';

export interface RunningWorker {
  /** Stops in order (mailbox first, then running jobs, then connections), within `timeoutMs`. */
  stop(timeoutMs?: number): Promise<void>;
  watcher: ImapWatcher | null;
  metrics: ReturnType<typeof createWorkerMetrics>;
}

/** How often PostgreSQL is swept for work the queue lost (and for replies of dead workers). */
const SWEEP_MS = 5_000;

/**
 * The worker process: watches the mailbox (when configured and when it holds the lease),
 * processes inbound mail and sends replies from BullMQ, and sweeps PostgreSQL for unfinished
 * work so nothing depends on Redis keeping its data. Outside services going away is normal:
 * each is retried with backoff and logged quietly (OutageLog), and work resumes on its own.
 */
export async function startWorker(config: Config, log: Logger, opts: { sweepMs?: number } = {}): Promise<RunningWorker> {
  if (!config.SMTP_HOST) log.warn('SMTP_HOST unset: replies stay pending in the outbox');
  const db = await openDatabase(config, log, { migrate: true, poolSize: config.WORKER_CONCURRENCY + SMTP_CONNECTIONS + 2 });
  const deps = buildPipelineDeps(config, log, db.dataSource);
  // The help catalogue's search index, built now rather than at the first support question
  // (it is rebuilt whenever the catalogue changes; see src/help/catalogue.ts).
  await deps.help.index().catch((err: Error) => log.warn({ err: err.message }, 'help catalogue not loaded at start; the first batch tries again'));
  const pgOutage = new OutageLog(log, 'PostgreSQL');
  const redisOutage = new OutageLog(log, 'Redis');
  const leaseMs = config.WORKER_LEASE_SECONDS * 1000;
  const workerLease = await holdWorkerLease(db.dataSource, leaseMs, { onError: (err) => pgOutage.failure(err, null), onRenewed: () => pgOutage.recovered() });
  const queues = createQueues(config);
  const transport = config.SMTP_HOST ? smtpTransport(config) : null;
  // Managers' weekly training-offer report (a BullMQ job scheduler; once per period).
  const reports = await startReportScheduler(config, log, db.dataSource, { onRedisError: (err) => redisOutage.failure(err, null) });

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
      const replies = [...results.values()].flatMap((r) => (!(r instanceof Error) && 'outboxId' in r && r.outboxId ? [r.outboxId] : []));
      // A reply that fails to enqueue here is still pending in the outbox; the sweep sends it.
      await queues.enqueueReplies(replies).catch((err) => redisOutage.failure(err, null));
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
      if ('suppressed' in outcome && outcome.suppressed) metrics.replies.inc({ result: 'suppressed' });
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
      const result = await sendReply(db.dataSource, transport, config, job.data.outboxId, {
        staleAfterMs: config.OUTBOX_STALE_SECONDS * 1000,
        leaseId: workerLease.id,
        leaseTtlMs: leaseMs,
      });
      if (result === 'sent') metrics.replies.inc({ result: 'sent' });
      log.info({ outboxId: job.data.outboxId, stage: 'reply', result }, 'reply');
      return result;
    } catch (err) {
      if (err instanceof ClaimedElsewhereError) throw err; // retried with backoff: the other worker may be gone by then
      metrics.replies.inc({ result: 'failed' });
      if (err instanceof PermanentSendError) throw new UnrecoverableError(err.message);
      throw err;
    }
  }, SMTP_CONNECTIONS);
  for (const emitter of [inbound, outbound, queues.inbound, queues.outbound] as EventEmitter[]) emitter.on('error', (err: Error) => redisOutage.failure(err, null));

  let stopping = false;
  let sweeping = false;
  const sweep = async () => {
    if (sweeping || stopping) return;
    sweeping = true;
    try {
      let work: Awaited<ReturnType<typeof findUnfinishedWork>>;
      try {
        // A mail gets 5 s between its commit and its job before it counts as lost from the
        // queue (requeue leaves waiting and running jobs alone, so a backlog is not doubled).
        work = await findUnfinishedWork(db.dataSource, { olderThanMs: 5_000, staleSendingMs: config.OUTBOX_STALE_SECONDS * 1000, leaseTtlMs: leaseMs });
        pgOutage.recovered();
      } catch (err) {
        pgOutage.failure(err, opts.sweepMs ?? SWEEP_MS);
        return;
      }
      try {
        await queues.ping(3_000);
        let mails = 0;
        let replies = 0;
        for (const id of work.mailIds) if (await queues.requeueMail(id)) mails++;
        for (const id of work.outboxIds) if (await queues.requeueReply(id)) replies++;
        redisOutage.recovered();
        if (mails || replies) log.info({ mails, replies }, 'recovered unfinished work');
      } catch (err) {
        redisOutage.failure(err, opts.sweepMs ?? SWEEP_MS);
      }
      // Agents' views of mails from before views existed, a few per sweep.
      const views = await prepareMissingViews(db.dataSource, deps.parser, 10).catch((err) => (pgOutage.failure(err, null), 0));
      if (views) log.info({ views }, 'prepared the agents\' view of older mails');
    } finally {
      sweeping = false;
    }
  };
  await sweep();
  const sweepTimer = setInterval(() => void sweep(), opts.sweepMs ?? SWEEP_MS);

  let mailboxLease: MailboxLease | null = null;
  if (config.IMAP_HOST) {
    watcher = new ImapWatcher({
      db: db.dataSource,
      config,
      log,
      onReconnectAttempt: () => metrics.imapReconnects.inc(),
      onStored: async (ids) => {
        metrics.mailsIngested.inc(ids.length);
        // The mails are committed: if Redis is away, the sweep queues them once it is back.
        await queues.enqueueMails(ids, 3_000).catch((err) => redisOutage.failure(err, null));
      },
    });
    const w = watcher;
    const startWatching = async (): Promise<void> => {
      if (config.DATABASE_URL) {
        const lease = new MailboxLease(config.DATABASE_URL, w.key, log, { retryMaxMs: config.SERVICE_RETRY_MAX_SECONDS * 1000 });
        mailboxLease = lease;
        const held = await lease.acquire(() => {
          log.warn({ stage: 'fetch' }, 'mailbox lease lost: stopping the watcher and waiting for the lease again');
          void w.stop().then(() => (stopping ? undefined : startWatching()));
        });
        if (!held) return;
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
          redis: () => queues.ping(2_000),
          // A standby worker (another one holds the mailbox lease) reads no mailbox and is healthy.
          imap: () => (watcher?.isRunning() ? watcher.status() : null),
          maxSyncAgeMs: Math.max(3 * config.IMAP_POLL_SECONDS * 1000, 60_000),
          unhealthyAfterMs: config.IMAP_UNHEALTHY_AFTER_SECONDS * 1000,
        },
        metrics,
        log,
      )
    : null;

  return {
    watcher,
    metrics,
    async stop(timeoutMs = config.SHUTDOWN_TIMEOUT_SECONDS * 1000) {
      const deadline = new Deadline(timeoutMs);
      stopping = true;
      clearInterval(sweepTimer);
      // The mailbox first: no new work comes in while the running jobs finish.
      await deadline.run('mailbox watcher', async () => {
        await watcher?.stop();
        await (mailboxLease as MailboxLease | null)?.release();
      });
      // Running jobs finish (BullMQ waits for them) unless the deadline comes first.
      const closedGently = await deadline.run('running jobs', () => Promise.all([inbound.close(), outbound.close()]), 0.8);
      if (!closedGently) await deadline.run('queue workers (forced)', () => Promise.all([inbound.close(true), outbound.close(true)]));
      await deadline.run('report scheduler', () => reports.stop());
      await deadline.run('queues', () => queues.close());
      transport?.close();
      await deadline.run('worker lease', () => workerLease.release());
      await deadline.run('health endpoint', () =>
        new Promise<void>((r) => {
          if (!http) return r();
          http.close(() => r());
          http.closeAllConnections();
        }),
      );
      await deadline.run('parse threads', () => deps.parser.close());
      await deadline.run('database', () => db.close());
      if (deadline.missed.length) log.warn({ steps: deadline.missed }, 'shutdown: some steps did not finish in time');
    },
  };
}

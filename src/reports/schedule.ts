import { Queue, type Job, type Worker } from 'bullmq';
import type { DataSource } from 'typeorm';
import type { Config } from '../config/schema';
import type { Logger } from '../shared/logger';
import { smtpTransport, type MailTransport } from '../mail/transport';
import { createWorker, redisConnection } from '../queue/queues';
import { previousWeek } from './period';
import { sendTrainingReportOnce } from './send';
import { OutageLog } from '../shared/outage-log';

/**
 * The weekly training-offer report, mailed by default on Monday 07:00 Europe/Copenhagen for
 * the week before. A BullMQ job scheduler produces one job per tick however many workers
 * upsert it; report_runs (runs.ts) makes the mail go out once per period even when a job is
 * retried, Redis loses the scheduler's state, or two ticks cover the same week.
 */
export const REPORT_QUEUE = 'reports';
export const TRAINING_SCHEDULER_ID = 'training-report-weekly';

export interface ReportJob {
  kind: 'training';
}

export interface ReportScheduler {
  /** Null when the report is off (no recipients or no SMTP). */
  worker: Worker<ReportJob> | null;
  queue: Queue<ReportJob>;
  stop(): Promise<void>;
}

/** The week a job reports on: the one before its scheduled time (not its run time, which a restart may delay). */
export function reportPeriodOf(job: Pick<Job, 'opts' | 'timestamp'>, tz: string) {
  return previousWeek(new Date(job.opts.prevMillis ?? job.timestamp), tz);
}

export async function startReportScheduler(
  config: Config,
  log: Logger,
  db: DataSource,
  opts: { transport?: MailTransport; onRedisError?: (err: Error) => void } = {},
): Promise<ReportScheduler> {
  const rlog = log.child({ stage: 'report' });
  const redisOutage = new OutageLog(rlog, 'Redis (reports)');
  const onRedisError = opts.onRedisError ?? ((err: Error) => redisOutage.failure(err, null));
  const queue = new Queue<ReportJob>(REPORT_QUEUE, {
    connection: redisConnection(config),
    prefix: config.QUEUE_PREFIX,
    defaultJobOptions: { attempts: 5, backoff: { type: 'exponential', delay: 60_000 }, removeOnComplete: { count: 100 }, removeOnFail: { age: 30 * 24 * 3600 } },
  });
  queue.on('error', onRedisError);
  const off = !config.REPORT_RECIPIENTS.length ? 'REPORT_RECIPIENTS is empty' : !config.SMTP_HOST && !opts.transport ? 'SMTP_HOST is unset' : null;
  if (off) {
    // Removed rather than left firing: a scheduler from an earlier configuration stays in Redis.
    await queue.removeJobScheduler(TRAINING_SCHEDULER_ID);
    rlog.info({ reason: off }, 'weekly training report is off');
    return { worker: null, queue, stop: () => queue.close() };
  }

  // Idempotent: every worker upserts the same id, Redis keeps one scheduler (and a changed
  // REPORT_CRON replaces the old pattern).
  await queue.upsertJobScheduler(TRAINING_SCHEDULER_ID, { pattern: config.REPORT_CRON, tz: config.REPORT_TZ }, { name: 'training-report', data: { kind: 'training' } });
  const transport = opts.transport ?? smtpTransport(config);
  const worker = createWorker<ReportJob>(
    config,
    REPORT_QUEUE,
    async (job) => {
      const period = reportPeriodOf(job, config.REPORT_TZ);
      const outcome = await sendTrainingReportOnce(db, transport, config, period);
      rlog.info({ jobId: job.id, periodKey: outcome.periodKey, state: outcome.state }, 'weekly training report');
      return { periodKey: outcome.periodKey, state: outcome.state };
    },
    1,
  );
  worker.on('error', onRedisError);
  rlog.info({ cron: config.REPORT_CRON, tz: config.REPORT_TZ, recipients: config.REPORT_RECIPIENTS.length }, 'weekly training report scheduled');
  return {
    worker,
    queue,
    async stop() {
      await worker.close();
      await queue.close();
      if (!opts.transport) transport.close();
    },
  };
}

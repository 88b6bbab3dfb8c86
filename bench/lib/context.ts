/**
 * What every phase of `npm run bench` is given: the options read from the environment, and the
 * services started once for the whole run (scratch database, private Dovecot, SMTP sink with
 * its reply log, the run's queue prefix and temp dir). A worker a phase starts is kept in
 * `workers` until the phase stops it, so that whatever throws, run.ts stops every worker left.
 */
import { join } from 'node:path';
import type { DovecotHandle } from '../../harness/dovecot';
import type { BenchSink, ReplyLog } from './replies';
import { REDIS_URL, startWorkerProcess, type ScratchDb, type WorkerProcess } from './services';
import { sleep } from './stats';
import { workerEnv } from './worker-env';

/** The knobs of a run (README and docs/bench/RESULTS.md list their environment variables). */
export interface BenchOptions {
  /** BENCH_N: mails in the backlog (and classified, and in the floor). */
  n: number;
  /** BENCH_LIGHT_N, BENCH_LIGHT_RATE: the light-load mails and how many per second. */
  lightN: number;
  lightRate: number;
  /** BENCH_LARGE_MB: the large mail's attachment (0: no large-mail phase). */
  largeMb: number;
  /** BENCH_NEAR_LIMIT_N: mails just under the default MAX_MAIL_BYTES in one batch (0: none). */
  nearLimitN: number;
  seed: number;
  /** BENCH_CPU_PROF=1: --cpu-prof on the backlog and large-mail workers. */
  cpuProf: boolean;
  /** BENCH_TIMEOUT_S: the backlog's time limit. */
  timeoutS: number;
  /** BENCH_JSON: where to write every figure as JSON. */
  json?: string;
  /** BENCH_KEEP=1: keep the temp dir with the worker logs. */
  keep: boolean;
  /** WORKER_CONCURRENCY, WORKER_BATCH_SIZE as given (passed to the worker when not empty). */
  workerConcurrency?: string;
  workerBatchSize?: string;
  /** BENCH_WORKER_NODE_OPTIONS: the worker's NODE_OPTIONS ('' = V8's default sizing). */
  workerNodeOptions: string;
}

export interface BenchContext {
  root: string;
  opts: BenchOptions;
  db: ScratchDb;
  dovecot: DovecotHandle;
  sink: BenchSink;
  replies: ReplyLog;
  /** The run's BullMQ queue prefix (its Redis keys are deleted at the end). */
  prefix: string;
  /** The run's temp dir: worker logs and CPU profiles. */
  tmp: string;
  /** Workers still running. */
  workers: Set<WorkerProcess>;
}

/** Progress goes to stderr; stdout carries only the report. */
export const progress = (s: string): void => void process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${s}\n`);

/** The log file of the worker a phase starts under `tag` (in the run's temp dir). */
export const workerLog = (ctx: BenchContext, tag: string): string => join(ctx.tmp, `worker-${tag}.log`);

/** The shared worker environment plus the run's queue prefix, LOG_LEVEL info, a 10 s safety poll and the worker knobs. */
function benchWorkerEnv(ctx: BenchContext, extra: Record<string, string>): Record<string, string> {
  const { opts } = ctx;
  return workerEnv(
    { databaseUrl: ctx.db.url, redisUrl: REDIS_URL, dovecot: ctx.dovecot, sink: ctx.sink },
    {
      QUEUE_PREFIX: ctx.prefix,
      LOG_LEVEL: 'info',
      IMAP_POLL_SECONDS: '10',
      ...(opts.workerConcurrency ? { WORKER_CONCURRENCY: opts.workerConcurrency } : {}),
      ...(opts.workerBatchSize ? { WORKER_BATCH_SIZE: opts.workerBatchSize } : {}),
      ...(opts.workerNodeOptions ? { NODE_OPTIONS: opts.workerNodeOptions } : {}),
      ...extra,
    },
  );
}

/** Starts `servicedesk worker` (logging to workerLog(ctx, tag)) and keeps it in ctx.workers. */
export async function startBenchWorker(ctx: BenchContext, tag: string, o: { extraEnv?: Record<string, string>; cpuProfDir?: string } = {}): Promise<WorkerProcess> {
  const w = await startWorkerProcess(ctx.root, benchWorkerEnv(ctx, o.extraEnv ?? {}), { logFile: workerLog(ctx, tag), cpuProfDir: o.cpuProfDir });
  ctx.workers.add(w);
  return w;
}

/** A fresh worker that is idle and connected: it has opened the mailbox and gone to IDLE. */
export async function startIdleWorker(ctx: BenchContext, tag: string, o: { extraEnv?: Record<string, string>; cpuProfDir?: string } = {}): Promise<WorkerProcess> {
  const w = await startBenchWorker(ctx, tag, o);
  await w.waitForLog('watching mailbox', 30_000);
  // Let the first sync finish and IDLE start (autoIdleDelay 250 ms).
  await sleep(2_000);
  return w;
}

/** SIGTERM (the worker finishes its jobs and writes its CPU profile) and forget it. */
export async function stopBenchWorker(ctx: BenchContext, w: WorkerProcess): Promise<void> {
  await w.stop();
  ctx.workers.delete(w);
}

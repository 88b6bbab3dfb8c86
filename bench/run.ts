/**
 * `npm run bench` (after `npm run build`): throughput, latency, memory and classification
 * time of the real pipeline on this machine, against real services on loopback:
 * PostgreSQL (a scratch database, dropped at the end), Redis (a random queue prefix, keys
 * deleted at the end), a private Dovecot (harness/dovecot.ts) and an in-process SMTP
 * sink (harness/smtp-sink.ts; it reads only each reply's header block). The worker runs
 * as a child process (`node bin/servicedesk.js worker`) so its memory can be read from /proc.
 *
 * Phases (one module each under bench/phases/, each returning its typed result)
 *  0. corpus: BENCH_N mails from examples/inbox + training/data (MailComposer), varied senders
 *     (lib/corpus.ts);
 *  1. classification: parseMail then classify each mail in this process; time classify only;
 *  2. FLOOR: the same mails appended to a side folder; imapflow fetches them all and
 *     mailparser's simpleParser parses each — nothing else;
 *  3. PIPELINE: clock starts at the first APPEND to INBOX; the backlog is appended with no
 *     worker running; then the worker starts; clock stops at the last reply accepted by the
 *     SMTP sink (or the last mail finished, whichever is later);
 *  4. LIGHT LOAD: a fresh, idle, connected worker; BENCH_LIGHT_N mails appended one at a time
 *     at BENCH_LIGHT_RATE/s; append → reply latency per mail;
 *  5. LARGE MAIL: one mail with a BENCH_LARGE_MB attachment, first with the default
 *     MAX_MAIL_BYTES (oversize path), then with a worker whose MAX_MAIL_BYTES is above it;
 *  6. (optional) NEAR-LIMIT BATCH: BENCH_NEAR_LIMIT_N mails of ~24 MB at once.
 * The report (report.ts) is made from those results only.
 *
 * Env: BENCH_N (5000), BENCH_LIGHT_N (100), BENCH_LIGHT_RATE (5), BENCH_LARGE_MB (40, 0 = skip),
 * BENCH_NEAR_LIMIT_N (0 = skip: that many mails just under the default 25 MiB MAX_MAIL_BYTES,
 * appended before a fresh worker starts, so they arrive as one fetch batch — peak RSS),
 * BENCH_SEED (1), BENCH_CPU_PROF=1 (profile the backlog worker with --cpu-prof and summarise),
 * BENCH_TIMEOUT_S (backlog time limit), BENCH_JSON=path (write all figures as JSON),
 * BENCH_KEEP=1 (keep the temp dir with worker logs and profiles), WORKER_CONCURRENCY and
 * WORKER_BATCH_SIZE (passed to the worker), BENCH_WORKER_NODE_OPTIONS (NODE_OPTIONS of the
 * worker, e.g. --max-old-space-size=128). BENCH_DATABASE_URL/TEST_DATABASE_URL,
 * BENCH_REDIS_URL/TEST_REDIS_URL (lib/services.ts).
 *
 * The per-recipient reply budget is raised (REPLY_BUDGET_PER_HOUR/DAY = 1000000) for every
 * phase: registered contacts write hundreds of mails here, and a suppressed reply would
 * leave no reply to time. The last line of stdout is the machine-readable summary.
 */
import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join, resolve } from 'node:path';
import { startDovecot, type DovecotHandle } from '../harness/dovecot';
import { startSmtpSink } from '../harness/smtp-sink';
import { progress, stopBenchWorker, type BenchContext, type BenchOptions } from './lib/context';
import { buildCorpus, buildLightLoad, describeCorpus, loadFixtures } from './lib/corpus';
import { machineFacts } from './lib/machine';
import { loadAverage } from './lib/proc';
import { ReplyLog, type BenchSink } from './lib/replies';
import { createScratchDb, deleteQueueKeys, type ScratchDb, type WorkerProcess } from './lib/services';
import { NPM_START_NODE_OPTIONS } from './lib/worker-env';
import { classificationPhase } from './phases/classification';
import { floorPhase, type FloorResult } from './phases/floor';
import { largeMailPhase, type LargeMailResult } from './phases/large-mail';
import { lightLoadPhase, type LightLoadResult } from './phases/light-load';
import { nearLimitPhase, type NearLimitResult } from './phases/near-limit';
import { pipelinePhase, type PipelineResult } from './phases/pipeline';
import { headline, lastLine, renderReport, toJson, type BenchResults } from './report';

const ROOT = resolve(__dirname, '..', '..');
const env = process.env;

function readOptions(): BenchOptions {
  const intEnv = (k: string, def: number, min = 0): number => {
    const v = env[k];
    if (v === undefined || v === '') return def;
    const n = Number(v);
    if (!Number.isFinite(n) || n < min) throw new Error(`${k} must be a number ≥ ${min} (got "${v}")`);
    return Math.floor(n);
  };
  const n = intEnv('BENCH_N', 5000, 1);
  return {
    n,
    lightN: intEnv('BENCH_LIGHT_N', 100, 1),
    lightRate: Math.max(0.1, Number(env.BENCH_LIGHT_RATE ?? 5) || 5),
    largeMb: intEnv('BENCH_LARGE_MB', 40, 0),
    nearLimitN: intEnv('BENCH_NEAR_LIMIT_N', 0, 0),
    seed: intEnv('BENCH_SEED', 1),
    cpuProf: env.BENCH_CPU_PROF === '1',
    timeoutS: intEnv('BENCH_TIMEOUT_S', Math.max(300, Math.ceil(n * 0.4)), 10),
    json: env.BENCH_JSON || undefined,
    keep: env.BENCH_KEEP === '1',
    workerConcurrency: env.WORKER_CONCURRENCY,
    workerBatchSize: env.WORKER_BATCH_SIZE,
    // The worker runs with the heap limit `npm start` gives it (package.json), as in production.
    // BENCH_WORKER_NODE_OPTIONS='' measures V8's default sizing instead.
    workerNodeOptions: env.BENCH_WORKER_NODE_OPTIONS ?? NPM_START_NODE_OPTIONS,
  };
}

async function main(): Promise<void> {
  const opts = readOptions();
  const machine = machineFacts();
  const runId = randomBytes(4).toString('hex');
  const tmp = mkdtempSync(join(os.tmpdir(), 'mbz-bench-'));
  progress(`run ${runId}, temp dir ${tmp}`);
  const fx = loadFixtures(ROOT);
  progress(`corpus: ${fx.examples.length} example .eml, ${fx.training.length} training examples, ${fx.contacts.length} registered contacts at ${fx.companies.length} companies`);
  const corpus = await buildCorpus(opts.n, fx, { seed: opts.seed, runId });
  const lightMails = await buildLightLoad(opts.lightN, fx, { seed: opts.seed, runId });

  const classify = await classificationPhase(corpus);

  const prefix = `bench-${runId}`;
  let db: ScratchDb | undefined;
  let dovecot: DovecotHandle | undefined;
  let sink: BenchSink | undefined;
  let replies: ReplyLog | undefined;
  const workers = new Set<WorkerProcess>();
  let floor: FloorResult;
  let pipeline: PipelineResult;
  let light: LightLoadResult;
  let large: LargeMailResult | undefined;
  let nearLimit: NearLimitResult | undefined;
  try {
    progress('starting PostgreSQL scratch database, Dovecot and the SMTP sink');
    [db, dovecot, sink] = await Promise.all([createScratchDb(ROOT), startDovecot(), startSmtpSink({ parse: 'headers' })]);
    replies = new ReplyLog(sink);
    const ctx: BenchContext = { root: ROOT, opts, db, dovecot, sink, replies, prefix, tmp, workers };

    floor = await floorPhase(dovecot, corpus);
    pipeline = await pipelinePhase(ctx, corpus);
    const lightLoad = await lightLoadPhase(ctx, lightMails);
    light = lightLoad.result;
    if (opts.largeMb > 0) large = await largeMailPhase(ctx, lightLoad.worker, fx, runId);
    else await stopBenchWorker(ctx, lightLoad.worker);
    if (opts.nearLimitN > 0) nearLimit = await nearLimitPhase(ctx, fx, runId);
  } finally {
    progress('cleaning up: workers, SMTP sink, Dovecot, scratch database, Redis keys');
    await Promise.allSettled([...workers].map((w) => w.stop(20_000)));
    replies?.stop();
    await Promise.allSettled([sink?.stop(), dovecot?.dispose()]);
    await db?.drop().catch((e) => progress(`could not drop ${db?.name}: ${(e as Error).message}`));
    await deleteQueueKeys(prefix).catch((e) => progress(`could not delete Redis keys ${prefix}:*: ${(e as Error).message}`));
    if (!opts.keep && !opts.cpuProf) rmSync(tmp, { recursive: true, force: true });
    else progress(`kept ${tmp} (worker logs${opts.cpuProf ? ', CPU profile' : ''})`);
  }

  const results: BenchResults = { opts, machine, corpus: describeCorpus(corpus), classify, floor, pipeline, light, large, nearLimit, loadAvgAtEnd: loadAverage() };
  const h = headline(results);
  process.stdout.write(`${renderReport(results, h)}\n`);
  if (opts.json) writeFileSync(opts.json, JSON.stringify(toJson(results, h), null, 2));
  process.stdout.write(`${lastLine(h)}\n`);
}

main().then(
  () => process.exit(0),
  (err) => {
    process.stderr.write(`bench failed: ${(err as Error).stack ?? String(err)}\n`);
    process.exit(1);
  },
);

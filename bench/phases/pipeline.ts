/**
 * Phase 3, the PIPELINE: the full story (store, parse, match, classify, ticket, reply over
 * SMTP) for a backlog of BENCH_N mails, against the floor. The clock starts at the first
 * APPEND to INBOX; the whole backlog is appended with no worker running; then the worker
 * starts as a child process; the clock stops at the later of the last reply accepted by the
 * sink and the last mail reaching a final state. Meanwhile: the worker's RSS, the CPU of every
 * process on the machine grouped by who it is (worker, our PostgreSQL backends, Redis,
 * Dovecot, this process with the sink, and the rest: not ours), PostgreSQL's and Redis's own
 * counters, and optionally a CPU profile of the worker (BENCH_CPU_PROF=1).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { moduleTable, summariseProfile, type ProfileSummary } from '../lib/cpuprofile';
import { progress, startBenchWorker, stopBenchWorker, workerLog, type BenchContext } from '../lib/context';
import type { BenchMail } from '../lib/corpus';
import { logLevels, type LogLevels } from '../lib/log-levels';
import { cpuDelta, cpuSnapshot, memStatus, RssSampler } from '../lib/proc';
import { pgDbStats, redisCommands } from '../lib/server-stats';
import type { ScratchDb } from '../lib/services';
import { fixed, sleep } from '../lib/stats';
import { MAILBOX_USER } from '../lib/worker-env';

export interface PipelineResult {
  mails: number;
  /** First APPEND → done. */
  seconds: number;
  msgsPerS: number;
  appendSeconds: number;
  /** Worker start → its "watching mailbox" line (NaN if it never came). */
  workerStartupS: number;
  /** Worker start → done. */
  workerSeconds: number;
  msgsPerSFromWorkerStart: number;
  /** Seconds after the worker started. */
  stages: { storedAllAfterS: number; firstProcessedAfterS: number; processedAllAfterS: number; firstSentAfterS: number; sentAllAfterS: number };
  states: { processed: number; ignored: number; quarantined: number };
  tickets: number;
  outbox: Record<string, number>;
  repliesAtSink: number;
  /** Replies per kind (the part of X-Servicedesk-Reply before the slash). */
  replyKinds: Record<string, number>;
  peakRssMb: number;
  peakRssSampledMb: number;
  vmHwmMb: number;
  /** CPU seconds per process group, worker start → done. */
  cpuSeconds: Record<string, number>;
  /** pg_stat_database / pg_stat_wal differences divided by the mails. */
  pgPerMail: Record<string, number>;
  redisCommandsPerMail: number;
  logs: LogLevels;
  /** With BENCH_CPU_PROF=1: the backlog worker's profile (BENCH_JSON: `profile`). */
  profile?: BacklogProfile;
}

export type BacklogProfile = { file: string; summary: ProfileSummary; modules: { module: string; ms: number }[] } | { error: string };

interface DbCounts {
  total: number;
  received: number;
  openReplies: number;
  sent: number;
  lastProcessedMs: number | null;
}

async function dbCounts(db: ScratchDb): Promise<DbCounts> {
  const [r] = await db.ds.query(`
    SELECT (SELECT count(*) FROM inbound_mails)::int AS total,
           (SELECT count(*) FROM inbound_mails WHERE state = 'received')::int AS received,
           (SELECT count(*) FROM outbox WHERE state IN ('pending','sending') OR (state = 'failed' AND reason NOT LIKE 'permanent:%'))::int AS open_replies,
           (SELECT count(*) FROM outbox WHERE state = 'sent')::int AS sent,
           (SELECT extract(epoch FROM max(processed_at)) * 1000 FROM inbound_mails)::float8 AS last_processed`);
  return { total: r.total, received: r.received, openReplies: r.open_replies, sent: r.sent, lastProcessedMs: r.last_processed };
}

/** What the database holds after the backlog: states, stage times, tickets, outbox. */
async function outcome(db: ScratchDb) {
  const [st] = await db.ds.query(`
    SELECT count(*) FILTER (WHERE state = 'processed')::int AS processed,
           count(*) FILTER (WHERE state = 'ignored')::int AS ignored,
           count(*) FILTER (WHERE state = 'quarantined')::int AS quarantined,
           extract(epoch FROM min(received_at)) * 1000 AS first_stored,
           extract(epoch FROM max(received_at)) * 1000 AS last_stored,
           extract(epoch FROM min(processed_at)) * 1000 AS first_processed,
           extract(epoch FROM max(processed_at)) * 1000 AS last_processed
      FROM inbound_mails`);
  const outbox: Record<string, number> = Object.fromEntries(
    ((await db.ds.query(`SELECT state, count(*)::int AS n FROM outbox GROUP BY state`)) as { state: string; n: number }[]).map((r) => [r.state, r.n]),
  );
  const [tk] = await db.ds.query(`SELECT count(*)::int AS n FROM tickets`);
  const [sent] = await db.ds.query(`SELECT extract(epoch FROM min(sent_at)) * 1000 AS first, extract(epoch FROM max(sent_at)) * 1000 AS last FROM outbox WHERE state = 'sent'`);
  return { st, outbox, tickets: tk.n as number, sent };
}

/** The backlog worker's profile: the larger .cpuprofile in `dir`. */
function backlogProfile(dir: string): BacklogProfile {
  const files = readdirSync(dir).filter((f) => f.endsWith('.cpuprofile'));
  // The worker's profile is the larger one (the supervisor is not profiled, but be safe).
  const file = files.map((f) => join(dir, f)).sort((a, b) => readFileSync(b).length - readFileSync(a).length)[0];
  if (!file) return { error: 'no .cpuprofile written (did the worker exit cleanly?)' };
  return { file, summary: summariseProfile(file, 20), modules: moduleTable(file, 20) };
}

export async function pipelinePhase(ctx: BenchContext, corpus: BenchMail[]): Promise<PipelineResult> {
  const { db, dovecot, replies, opts } = ctx;
  progress(`pipeline: appending the backlog of ${corpus.length} mails to INBOX (clock running, no worker yet)`);
  const t0 = Date.now();
  for (const m of corpus) await dovecot.append(MAILBOX_USER, m.raw);
  const tAppended = Date.now();
  progress(`pipeline: backlog appended in ${fixed((tAppended - t0) / 1000, 1)} s; starting the worker`);
  await sleep(1_100); // let our own connection's statistics reach pg_stat_database
  const pg0 = await pgDbStats(db);
  const redis0 = await redisCommands();
  const cpu0 = cpuSnapshot();
  const bench0 = process.cpuUsage();
  const profDir = opts.cpuProf ? join(ctx.tmp, 'cpuprof') : undefined;
  const w = await startBenchWorker(ctx, 'backlog', { cpuProfDir: profDir });
  const tWorker = Date.now();
  let tWatching = NaN;
  void w.waitForLog('watching mailbox', opts.timeoutS * 1000).then(() => (tWatching = Date.now()), () => undefined);
  const rss = new RssSampler(w.pid, 100);
  const deadline = Date.now() + opts.timeoutS * 1000;
  let c: DbCounts;
  let lastNote = 0;
  for (;;) {
    c = await dbCounts(db);
    const done = c.total >= corpus.length && c.received === 0 && c.openReplies === 0 && replies.count >= c.sent;
    if (done) break;
    if (w.exited()) throw new Error('pipeline: the worker exited during the backlog (see its log)');
    if (Date.now() > deadline) throw new Error(`pipeline: not done after ${opts.timeoutS} s (stored ${c.total}, waiting ${c.received}, open replies ${c.openReplies}, sink ${replies.count}); raise BENCH_TIMEOUT_S`);
    if (Date.now() - lastNote > 10_000) {
      lastNote = Date.now();
      progress(`pipeline: stored ${c.total}/${corpus.length}, still to process ${c.received}, replies at sink ${replies.count}, worker RSS ${fixed(memStatus(w.pid)?.rssMb ?? NaN, 0)} MB`);
    }
    await sleep(200);
  }
  const lastReply = replies.replies.reduce((m, r) => Math.max(m, r.at), 0);
  const tEnd = Math.max(lastReply, c.lastProcessedMs ?? 0);
  const peak = rss.peak();
  rss.stop();
  const cpu1 = cpuSnapshot();
  const bench1 = process.cpuUsage(bench0);
  const ours = new Map([
    [String(w.pid), 'worker'],
    [String(process.pid), 'benchmark (SMTP sink)'],
  ]);
  const { groups: cpu, other: cpuOther } = cpuDelta(cpu0, cpu1, ours, db.name);
  // The benchmark's own figure from process.cpuUsage (more precise than /proc ticks).
  cpu['benchmark (SMTP sink)'] = (bench1.user + bench1.system) / 1e6;
  if (cpu.other !== undefined) cpu['other (not ours: ' + Object.entries(cpuOther).sort((x, y) => y[1] - x[1]).slice(0, 4).map(([k, v]) => `${k} ${fixed(v, 1)}`).join(', ') + ')'] = cpu.other;
  delete cpu.other;

  const { st, outbox, tickets, sent } = await outcome(db);
  const kinds: Record<string, number> = {};
  for (const r of replies.replies) kinds[r.kind.split('/')[0]!] = (kinds[r.kind.split('/')[0]!] ?? 0) + 1;

  progress('pipeline: done; stopping the backlog worker');
  await stopBenchWorker(ctx, w);
  await sleep(1_100);
  const pg1 = await pgDbStats(db);
  const redis1 = await redisCommands();
  const perMail = (k: string): number => (pg1[k]! - pg0[k]!) / corpus.length;
  const pgPerMail = Object.fromEntries(Object.keys(pg1).map((k) => [k, perMail(k)]));
  const seconds = (tEnd - t0) / 1000;
  const workerSeconds = (tEnd - tWorker) / 1000;
  return {
    mails: corpus.length,
    seconds,
    msgsPerS: corpus.length / seconds,
    appendSeconds: (tAppended - t0) / 1000,
    workerStartupS: (tWatching - tWorker) / 1000,
    workerSeconds,
    msgsPerSFromWorkerStart: corpus.length / workerSeconds,
    stages: {
      storedAllAfterS: (Number(st.last_stored) - tWorker) / 1000,
      firstProcessedAfterS: (Number(st.first_processed) - tWorker) / 1000,
      processedAllAfterS: (Number(st.last_processed) - tWorker) / 1000,
      firstSentAfterS: (Number(sent.first) - tWorker) / 1000,
      sentAllAfterS: (Number(sent.last) - tWorker) / 1000,
    },
    states: { processed: st.processed, ignored: st.ignored, quarantined: st.quarantined },
    tickets,
    outbox,
    repliesAtSink: replies.count,
    replyKinds: kinds,
    peakRssMb: Math.max(peak.sampledMb, peak.hwmMb),
    peakRssSampledMb: peak.sampledMb,
    vmHwmMb: peak.hwmMb,
    cpuSeconds: cpu,
    pgPerMail,
    redisCommandsPerMail: (redis1 - redis0) / corpus.length,
    logs: logLevels(workerLog(ctx, 'backlog')),
    ...(profDir ? { profile: backlogProfile(profDir) } : {}),
  };
}

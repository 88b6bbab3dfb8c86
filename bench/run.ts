/**
 * `npm run bench` (after `npm run build`): throughput, latency, memory and classification
 * time of the real pipeline on this machine, against real services on loopback:
 * PostgreSQL (a scratch database, dropped at the end), Redis (a random queue prefix, keys
 * deleted at the end), a private Dovecot (harness/dovecot.ts) and an in-process SMTP
 * sink (harness/smtp-sink.ts; it reads only each reply's header block). The worker runs
 * as a child process (`node bin/servicedesk.js worker`) so its memory can be read from /proc.
 *
 * Phases
 *  0. corpus: BENCH_N mails from examples/inbox + training/data (MailComposer), varied senders;
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
 *
 * Env: BENCH_N (5000), BENCH_LIGHT_N (100), BENCH_LIGHT_RATE (5), BENCH_LARGE_MB (40, 0 = skip),
 * BENCH_NEAR_LIMIT_N (0 = skip: that many mails just under the default 25 MiB MAX_MAIL_BYTES,
 * appended before a fresh worker starts, so they arrive as one fetch batch — peak RSS),
 * BENCH_SEED (1), BENCH_CPU_PROF=1 (profile the backlog worker with --cpu-prof and summarise),
 * BENCH_TIMEOUT_S (backlog time limit), BENCH_JSON=path (write all figures as JSON),
 * BENCH_KEEP=1 (keep the temp dir with worker logs and profiles), WORKER_CONCURRENCY
 * (passed to the worker), BENCH_WORKER_NODE_OPTIONS (NODE_OPTIONS of the worker, e.g.
 * --max-old-space-size=128). BENCH_DATABASE_URL/TEST_DATABASE_URL, BENCH_REDIS_URL/TEST_REDIS_URL.
 *
 * The per-recipient reply budget is raised (REPLY_BUDGET_PER_HOUR/DAY = 1000000) for every
 * phase: registered contacts write hundreds of mails here, and a suppressed reply would
 * leave no reply to time. The last line of stdout is the machine-readable summary.
 */
import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { simpleParser } from 'mailparser';
import Redis from 'ioredis';
import { startDovecot, type DovecotHandle } from '../harness/dovecot';
import { startSmtpSink, type ReceivedHeaders, type SmtpSink } from '../harness/smtp-sink';
import { createClassifier } from '../src/pipeline/classify/classifier';
import { parseMail } from '../src/pipeline/parse/parse-mail';
import type { ClassifierInput } from '../src/pipeline/classify/types';
import { buildCorpus, buildLargeMail, buildLightLoad, loadFixtures, type BenchMail } from './lib/corpus';
import { cpuDelta, cpuSnapshot, loadAverage, memStatus, RssSampler } from './lib/proc';
import { createScratchDb, deleteQueueKeys, REDIS_URL, startWorkerProcess, type ScratchDb, type WorkerProcess } from './lib/services';
import { fixed, mean, num3, percentile, sleep, table } from './lib/stats';
import { moduleTable, summariseProfile, type ProfileSummary } from './lib/cpuprofile';

const ROOT = resolve(__dirname, '..', '..');
/**
 * The worker runs with the heap limit `npm start` gives it (package.json), as in production.
 * BENCH_WORKER_NODE_OPTIONS='' measures V8's default sizing instead.
 */
const WORKER_NODE_OPTIONS = process.env.BENCH_WORKER_NODE_OPTIONS ?? '--max-old-space-size=256';
const env = process.env;
const intEnv = (k: string, def: number, min = 0): number => {
  const v = env[k];
  if (v === undefined || v === '') return def;
  const n = Number(v);
  if (!Number.isFinite(n) || n < min) throw new Error(`${k} must be a number ≥ ${min} (got "${v}")`);
  return Math.floor(n);
};

const N = intEnv('BENCH_N', 5000, 1);
const LIGHT_N = intEnv('BENCH_LIGHT_N', 100, 1);
const LIGHT_RATE = Math.max(0.1, Number(env.BENCH_LIGHT_RATE ?? 5) || 5);
const LARGE_MB = intEnv('BENCH_LARGE_MB', 40, 0);
const NEAR_LIMIT_N = intEnv('BENCH_NEAR_LIMIT_N', 0, 0);
const SEED = intEnv('BENCH_SEED', 1);
const CPU_PROF = env.BENCH_CPU_PROF === '1';
const TIMEOUT_S = intEnv('BENCH_TIMEOUT_S', Math.max(300, Math.ceil(N * 0.4)), 10);
const MAILBOX_USER = 'support@microbizz.dk';
const NO_BUDGET = { REPLY_BUDGET_PER_HOUR: '1000000', REPLY_BUDGET_PER_DAY: '1000000' };

const out = (s = ''): void => void process.stdout.write(`${s}\n`);
const progress = (s: string): void => void process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${s}\n`);

/** Everything measured, also written as JSON with BENCH_JSON. */
const R: Record<string, unknown> = {};

/**
 * The benchmark's SMTP sink reads only each reply's header block, not the whole MIME tree:
 * with simpleParser on every reply this process took ~2.3 ms CPU per mail, with the header
 * block ~1 ms, on the same 2 cores as the worker under test.
 */
type BenchSink = SmtpSink<ReceivedHeaders>;

/** Collects replies as the sink accepts them (and empties the sink so it does not hold 5,000 mails). */
class ReplyLog {
  readonly replies: { at: number; inReplyTo: string; kind: string; to: string[] }[] = [];
  private readonly timer: NodeJS.Timeout;
  constructor(private readonly sink: BenchSink) {
    this.timer = setInterval(() => this.drain(), 20);
  }
  drain(): void {
    for (const m of this.sink.messages) {
      this.replies.push({
        at: m.receivedAt.getTime(),
        inReplyTo: (m.headers.get('in-reply-to') ?? '').replace(/[<>\s]/g, ''),
        kind: m.headers.get('x-servicedesk-reply') ?? '',
        to: m.envelopeTo,
      });
    }
    this.sink.clear();
  }
  get count(): number {
    this.drain();
    return this.replies.length;
  }
  stop(): void {
    clearInterval(this.timer);
    this.drain();
  }
}

interface DbCounts {
  total: number;
  received: number;
  openReplies: number;
  sent: number;
  lastProcessedMs: number | null;
}

/** pg_stat_database of the scratch database (flushed by each backend at transaction end / exit). */
async function pgDbStats(db: ScratchDb): Promise<Record<string, number>> {
  const [r] = await db.ds.query(
    `SELECT xact_commit, xact_rollback, tup_returned, tup_fetched, tup_inserted, tup_updated, tup_deleted, blks_hit, blks_read
       FROM pg_stat_database WHERE datname = current_database()`,
  );
  const [w] = await db.ds.query(`SELECT wal_records, wal_bytes, wal_sync, wal_write FROM pg_stat_wal`).catch(() => [{}]);
  return Object.fromEntries(Object.entries({ ...r, ...(w ?? {}) }).map(([k, v]) => [k, Number(v)]));
}

async function redisCommands(): Promise<number> {
  const redis = new Redis(REDIS_URL, { maxRetriesPerRequest: 2, lazyConnect: true });
  try {
    await redis.connect();
    return Number(/total_commands_processed:(\d+)/.exec(await redis.info('stats'))?.[1] ?? NaN);
  } finally {
    redis.disconnect();
  }
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

function workerEnvFor(db: ScratchDb, dovecot: DovecotHandle, sink: BenchSink, prefix: string, extra: Record<string, string> = {}): Record<string, string> {
  const user = dovecot.users[0]!;
  return {
    DATABASE_URL: db.url,
    REDIS_URL,
    QUEUE_PREFIX: prefix,
    LOG_LEVEL: 'info',
    IMAP_HOST: dovecot.host,
    IMAP_PORT: String(dovecot.port),
    IMAP_SECURE: 'false',
    IMAP_USER: user.user,
    IMAP_PASSWORD: user.password,
    IMAP_POLL_SECONDS: '10',
    SMTP_HOST: sink.host,
    SMTP_PORT: String(sink.port),
    SMTP_SECURE: 'false',
    ...NO_BUDGET,
    ...(env.WORKER_CONCURRENCY ? { WORKER_CONCURRENCY: env.WORKER_CONCURRENCY } : {}),
    ...(env.WORKER_BATCH_SIZE ? { WORKER_BATCH_SIZE: env.WORKER_BATCH_SIZE } : {}),
    ...(WORKER_NODE_OPTIONS ? { NODE_OPTIONS: WORKER_NODE_OPTIONS } : {}),
    ...extra,
  };
}

/** Counts the worker's log lines by level; the distinct warn/error messages. */
function logLevels(file: string): { counts: Record<string, number>; problems: string[] } {
  const names: Record<number, string> = { 10: 'trace', 20: 'debug', 30: 'info', 40: 'warn', 50: 'error', 60: 'fatal' };
  const counts: Record<string, number> = {};
  const problems = new Map<string, number>();
  let text = '';
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return { counts, problems: [] };
  }
  for (const line of text.split('\n')) {
    if (!line.startsWith('{')) {
      if (line.trim()) counts.other = (counts.other ?? 0) + 1;
      continue;
    }
    try {
      const j = JSON.parse(line) as { level: number; msg?: string; err?: string };
      const lv = names[j.level] ?? String(j.level);
      counts[lv] = (counts[lv] ?? 0) + 1;
      if (j.level >= 40) {
        const key = `${lv}: ${j.msg ?? ''}${j.err ? ` (${String(j.err).slice(0, 120)})` : ''}`;
        problems.set(key, (problems.get(key) ?? 0) + 1);
      }
    } catch {
      counts.other = (counts.other ?? 0) + 1;
    }
  }
  return { counts, problems: [...problems.entries()].sort((a, b) => b[1] - a[1]).slice(0, 8).map(([k, n]) => `${n}× ${k}`) };
}

// ---------------------------------------------------------------------------------------------

async function classificationPhase(corpus: BenchMail[]): Promise<void> {
  progress(`classification: parsing and classifying ${corpus.length} mails in-process`);
  const classifier = createClassifier(undefined, { abstainBelow: 0.5 });
  const inputs: ClassifierInput[] = [];
  const parseMs: number[] = [];
  let parseFailures = 0;
  for (const m of corpus) {
    const t = performance.now();
    try {
      const p = await parseMail(m.raw);
      parseMs.push(performance.now() - t);
      inputs.push({
        subject: p.subject,
        newText: p.newText,
        headers: p.headers,
        fromAddress: p.from?.address ?? '',
        contentType: p.contentType,
        attachmentNames: p.attachments.map((a) => a.filename),
      });
    } catch {
      parseFailures++;
    }
  }
  // Warm-up (JIT) on a slice, untimed; then every mail once, timed.
  for (const i of inputs.slice(0, 200)) classifier.classify(i);
  const ms: number[] = [];
  const cats: Record<string, number> = {};
  for (const i of inputs) {
    const t = performance.now();
    const c = classifier.classify(i);
    ms.push(performance.now() - t);
    cats[c.category] = (cats[c.category] ?? 0) + 1;
  }
  R.classify = {
    n: ms.length,
    medianMs: percentile(ms, 50),
    p95Ms: percentile(ms, 95),
    p99Ms: percentile(ms, 99),
    maxMs: Math.max(...ms),
    meanMs: mean(ms),
    categories: cats,
    parseMedianMs: percentile(parseMs, 50),
    parseP95Ms: percentile(parseMs, 95),
    parseFailures,
  };
}

async function floorPhase(dovecot: DovecotHandle, corpus: BenchMail[]): Promise<void> {
  progress(`floor: appending ${corpus.length} mails to the side folder "Floor" (untimed)`);
  const ta = performance.now();
  for (const m of corpus) await dovecot.append(MAILBOX_USER, m.raw, 'Floor');
  R.appendSideFolderS = (performance.now() - ta) / 1000;
  const client = await dovecot.client(MAILBOX_USER);
  try {
    await client.mailboxOpen('Floor', { readOnly: true });
    // Fetch only (for context), then fetch + parse (the floor).
    let t = performance.now();
    let n = 0;
    let bytes = 0;
    for await (const msg of client.fetch('1:*', { uid: true, source: true })) {
      n++;
      bytes += msg.source?.length ?? 0;
    }
    const fetchOnlyS = (performance.now() - t) / 1000;
    progress(`floor: fetch only ${n} mails in ${fixed(fetchOnlyS, 2)} s; now fetch + simpleParser, 3 rounds`);
    // Three rounds, the median counts: one round disturbed by another process on this shared
    // 2-core machine should not move the floor (and so the ratio) either way.
    const rounds: number[] = [];
    for (let round = 0; round < 3; round++) {
      t = performance.now();
      let parsed = 0;
      for await (const msg of client.fetch('1:*', { uid: true, source: true })) {
        if (!msg.source) continue;
        await simpleParser(msg.source);
        parsed++;
      }
      if (parsed !== corpus.length) throw new Error(`floor: parsed ${parsed} of ${corpus.length} mails`);
      rounds.push(parsed / ((performance.now() - t) / 1000));
    }
    const msgsPerS = percentile(rounds, 50);
    R.floor = { mails: corpus.length, seconds: corpus.length / msgsPerS, msgsPerS, rounds, fetchOnlyS, fetchOnlyMsgsPerS: n / fetchOnlyS, avgBytes: bytes / n };
  } finally {
    await client.logout().catch(() => client.close());
  }
}

async function pipelinePhase(ctx: Ctx, corpus: BenchMail[]): Promise<void> {
  const { db, dovecot, sink, replies } = ctx;
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
  const profDir = CPU_PROF ? join(ctx.tmp, 'cpuprof') : undefined;
  const w = await startWorkerProcess(ROOT, workerEnvFor(db, dovecot, sink, ctx.prefix), { logFile: join(ctx.tmp, 'worker-backlog.log'), cpuProfDir: profDir });
  ctx.workers.add(w);
  const tWorker = Date.now();
  let tWatching = NaN;
  void w.waitForLog('watching mailbox', TIMEOUT_S * 1000).then(() => (tWatching = Date.now()), () => undefined);
  const rss = new RssSampler(w.pid, 100);
  const deadline = Date.now() + TIMEOUT_S * 1000;
  let c: DbCounts;
  let lastNote = 0;
  for (;;) {
    c = await dbCounts(db);
    const done = c.total >= corpus.length && c.received === 0 && c.openReplies === 0 && replies.count >= c.sent;
    if (done) break;
    if (w.exited()) throw new Error('pipeline: the worker exited during the backlog (see its log)');
    if (Date.now() > deadline) throw new Error(`pipeline: not done after ${TIMEOUT_S} s (stored ${c.total}, waiting ${c.received}, open replies ${c.openReplies}, sink ${replies.count}); raise BENCH_TIMEOUT_S`);
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

  const [st] = await db.ds.query(`
    SELECT count(*) FILTER (WHERE state = 'processed')::int AS processed,
           count(*) FILTER (WHERE state = 'ignored')::int AS ignored,
           count(*) FILTER (WHERE state = 'quarantined')::int AS quarantined,
           extract(epoch FROM min(received_at)) * 1000 AS first_stored,
           extract(epoch FROM max(received_at)) * 1000 AS last_stored,
           extract(epoch FROM min(processed_at)) * 1000 AS first_processed,
           extract(epoch FROM max(processed_at)) * 1000 AS last_processed
      FROM inbound_mails`);
  const outbox = Object.fromEntries(
    ((await db.ds.query(`SELECT state, count(*)::int AS n FROM outbox GROUP BY state`)) as { state: string; n: number }[]).map((r) => [r.state, r.n]),
  );
  const [tk] = await db.ds.query(`SELECT count(*)::int AS n FROM tickets`);
  const [sent] = await db.ds.query(`SELECT extract(epoch FROM min(sent_at)) * 1000 AS first, extract(epoch FROM max(sent_at)) * 1000 AS last FROM outbox WHERE state = 'sent'`);
  const kinds: Record<string, number> = {};
  for (const r of replies.replies) kinds[r.kind.split('/')[0]!] = (kinds[r.kind.split('/')[0]!] ?? 0) + 1;

  progress('pipeline: done; stopping the backlog worker');
  await w.stop();
  ctx.workers.delete(w);
  await sleep(1_100);
  const pg1 = await pgDbStats(db);
  const redis1 = await redisCommands();
  const perMail = (k: string): number => (pg1[k]! - pg0[k]!) / corpus.length;
  const pgPerMail = Object.fromEntries(Object.keys(pg1).map((k) => [k, perMail(k)]));
  const seconds = (tEnd - t0) / 1000;
  const workerSeconds = (tEnd - tWorker) / 1000;
  R.pipeline = {
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
    tickets: tk.n,
    outbox,
    repliesAtSink: replies.count,
    replyKinds: kinds,
    peakRssMb: Math.max(peak.sampledMb, peak.hwmMb),
    peakRssSampledMb: peak.sampledMb,
    vmHwmMb: peak.hwmMb,
    cpuSeconds: cpu,
    pgPerMail,
    redisCommandsPerMail: (redis1 - redis0) / corpus.length,
    logs: logLevels(join(ctx.tmp, 'worker-backlog.log')),
  };
  if (profDir) {
    const files = readdirSync(profDir).filter((f) => f.endsWith('.cpuprofile'));
    // The worker's profile is the larger one (the supervisor is not profiled, but be safe).
    const file = files.map((f) => join(profDir, f)).sort((a, b) => readFileSync(b).length - readFileSync(a).length)[0];
    if (file) {
      R.profile = { file, summary: summariseProfile(file, 20), modules: moduleTable(file, 20) };
    } else {
      R.profile = { error: 'no .cpuprofile written (did the worker exit cleanly?)' };
    }
  }
}

async function lightLoadPhase(ctx: Ctx, mails: BenchMail[]): Promise<WorkerProcess> {
  const { db, dovecot, sink, replies } = ctx;
  const w = await startWorkerProcess(ROOT, workerEnvFor(db, dovecot, sink, ctx.prefix), { logFile: join(ctx.tmp, 'worker-light.log') });
  ctx.workers.add(w);
  await w.waitForLog('watching mailbox', 30_000);
  // Let the first sync finish and IDLE start (autoIdleDelay 250 ms).
  await sleep(2_000);
  const rss = new RssSampler(w.pid, 100);
  progress(`light load: ${mails.length} mails, one at a time at ${LIGHT_RATE}/s, to an idle connected worker`);
  const appendedAt = new Map<string, number>();
  const start = Date.now();
  const gap = 1000 / LIGHT_RATE;
  for (let i = 0; i < mails.length; i++) {
    const due = start + i * gap;
    if (due > Date.now()) await sleep(due - Date.now());
    appendedAt.set(mails[i]!.messageId, Date.now());
    await dovecot.append(MAILBOX_USER, mails[i]!.raw);
  }
  const end = Date.now() + 30_000;
  const got = (): Map<string, number> => {
    const m = new Map<string, number>();
    for (const r of replies.replies) if (appendedAt.has(r.inReplyTo) && !m.has(r.inReplyTo)) m.set(r.inReplyTo, r.at);
    return m;
  };
  while (got().size < mails.length && Date.now() < end) {
    replies.drain();
    await sleep(100);
  }
  const at = got();
  const lat = [...at.entries()].map(([id, t]) => (t - appendedAt.get(id)!) / 1000);
  const missing = mails.filter((m) => !at.has(m.messageId));
  let missingStates: string[] = [];
  if (missing.length) {
    const rows = (await db.ds.query(
      `SELECT i.message_id, i.state, i.last_error, o.state AS reply_state, o.reason
         FROM inbound_mails i LEFT JOIN outbox o ON o.inbound_mail_id = i.id WHERE i.message_id = ANY($1)`,
      [missing.map((m) => m.messageId)],
    )) as { message_id: string; state: string; last_error: string | null; reply_state: string | null; reason: string | null }[];
    missingStates = rows.map((r) => `${r.state}${r.reply_state ? `/reply ${r.reply_state}` : '/no reply'}${r.reason ? ` (${r.reason})` : ''}`);
  }
  // Where the time goes, per mail: append → stored (IDLE notice, fetch, INSERT), stored →
  // processing transaction begins (queue pick-up, SELECT raw, parse, match, classify),
  // transaction begins → reply accepted by the sink (ticket rows, commit, reply job, claim, SMTP).
  const stageRows = (await db.ds.query(
    `SELECT message_id, extract(epoch FROM received_at) * 1000 AS stored, extract(epoch FROM processed_at) * 1000 AS processed
       FROM inbound_mails WHERE message_id = ANY($1)`,
    [mails.map((m) => m.messageId)],
  )) as { message_id: string; stored: string; processed: string | null }[];
  const fetchS: number[] = [];
  const processS: number[] = [];
  const replyS: number[] = [];
  for (const r of stageRows) {
    const a = appendedAt.get(r.message_id);
    const done = at.get(r.message_id);
    if (a === undefined) continue;
    fetchS.push((Number(r.stored) - a) / 1000);
    if (r.processed) processS.push((Number(r.processed) - Number(r.stored)) / 1000);
    if (r.processed && done) replyS.push((done - Number(r.processed)) / 1000);
  }
  const peak = rss.peak();
  rss.stop();
  R.light = {
    stages: {
      'append → stored': { p50: percentile(fetchS, 50), p95: percentile(fetchS, 95) },
      'stored → processing tx': { p50: percentile(processS, 50), p95: percentile(processS, 95) },
      'processing tx → reply at sink': { p50: percentile(replyS, 50), p95: percentile(replyS, 95) },
    },
    mails: mails.length,
    ratePerS: LIGHT_RATE,
    replies: lat.length,
    p50S: percentile(lat, 50),
    p95S: percentile(lat, 95),
    p99S: percentile(lat, 99),
    maxS: Math.max(...lat),
    minS: Math.min(...lat),
    missing: missing.length,
    missingStates: [...new Set(missingStates)],
    peakRssMb: Math.max(peak.sampledMb, peak.hwmMb),
    logs: logLevels(join(ctx.tmp, 'worker-light.log')),
  };
  return w;
}

/** Waits for one mail to reach a final state and (optionally) its reply; samples the worker's RSS meanwhile. */
async function followOneMail(ctx: Ctx, w: WorkerProcess, mail: BenchMail, timeoutMs: number): Promise<Record<string, unknown>> {
  const { db, dovecot, replies } = ctx;
  const rss = new RssSampler(w.pid, 20);
  const before = memStatus(w.pid);
  const t0 = Date.now();
  await dovecot.append(MAILBOX_USER, mail.raw);
  const tAppended = Date.now();
  const deadline = Date.now() + timeoutMs;
  let row: { state: string; last_error: string | null; size: string; received_at_ms: number | null; processed_at_ms: number | null; has_raw: boolean } | undefined;
  let reply: { at: number; kind: string } | undefined;
  let finalSince = 0;
  for (;;) {
    [row] = await db.ds.query(
      `SELECT state, last_error, size::text, raw IS NOT NULL AS has_raw,
              extract(epoch FROM received_at) * 1000 AS received_at_ms, extract(epoch FROM processed_at) * 1000 AS processed_at_ms
         FROM inbound_mails WHERE message_id = $1`,
      [mail.messageId],
    );
    replies.drain();
    reply = replies.replies.find((r) => r.inReplyTo === mail.messageId);
    if (row && row.state !== 'received') {
      finalSince ||= Date.now();
      const [o] = await db.ds.query(`SELECT count(*) FILTER (WHERE o.state IN ('pending','sending'))::int AS open FROM outbox o JOIN inbound_mails i ON i.id = o.inbound_mail_id WHERE i.message_id = $1`, [mail.messageId]);
      // Done once the reply came, or nothing is pending and 3 s passed (e.g. no reply is due).
      if (reply || (o.open === 0 && Date.now() - finalSince > 3_000)) break;
    }
    if (Date.now() > deadline || w.exited()) break;
    await sleep(100);
  }
  await sleep(500);
  const peak = rss.peak();
  rss.stop();
  const [tk] = await db.ds.query(
    `SELECT t.reference, t.category FROM inbound_mails i JOIN tickets t ON t.id = i.ticket_id WHERE i.message_id = $1`,
    [mail.messageId],
  );
  return {
    rawMb: mail.raw.length / 1024 / 1024,
    appendS: (tAppended - t0) / 1000,
    state: row?.state ?? 'not stored',
    lastError: row?.last_error ?? null,
    rawStored: row?.has_raw ?? false,
    storedAfterS: row?.received_at_ms ? (Number(row.received_at_ms) - t0) / 1000 : null,
    processedAfterS: row?.processed_at_ms ? (Number(row.processed_at_ms) - t0) / 1000 : null,
    replyAfterS: reply ? (reply.at - t0) / 1000 : null,
    replyKind: reply?.kind ?? null,
    ticket: tk ? `${tk.reference} (${tk.category})` : null,
    rssBeforeMb: before?.rssMb ?? null,
    peakRssSampledMb: peak.sampledMb,
    vmHwmMb: peak.hwmMb,
    workerExited: w.exited(),
    timedOut: Date.now() > deadline,
  };
}

/** n mails just under the default limit, appended while no worker runs, then one fresh worker. */
async function nearLimitPhase(ctx: Ctx, fx: ReturnType<typeof loadFixtures>, runId: string): Promise<void> {
  const { db, dovecot, sink, replies } = ctx;
  // 17.5 MiB of attachment ≈ 24 MB of base64 mail: just under the 25 MiB default.
  const mails: BenchMail[] = [];
  for (let i = 0; i < NEAR_LIMIT_N; i++) mails.push(await buildLargeMail(17.5, fx, `${runId}-near-${i}`, i));
  progress(`near-limit batch: appending ${mails.length} mails of ${fixed(mails[0]!.raw.length / 1024 / 1024, 1)} MB, then a fresh worker (default MAX_MAIL_BYTES)`);
  for (const m of mails) await dovecot.append(MAILBOX_USER, m.raw);
  const t0 = Date.now();
  const w = await startWorkerProcess(ROOT, workerEnvFor(db, dovecot, sink, ctx.prefix), { logFile: join(ctx.tmp, 'worker-near-limit.log') });
  ctx.workers.add(w);
  const rss = new RssSampler(w.pid, 20);
  const ids = mails.map((m) => m.messageId);
  const deadline = Date.now() + 300_000;
  let states: Record<string, number> = {};
  for (;;) {
    const rows = (await db.ds.query(`SELECT state, count(*)::int AS n FROM inbound_mails WHERE message_id = ANY($1) GROUP BY state`, [ids])) as { state: string; n: number }[];
    states = Object.fromEntries(rows.map((r) => [r.state, r.n]));
    replies.drain();
    const got = replies.replies.filter((r) => ids.includes(r.inReplyTo)).length;
    const stored = rows.reduce((a, r) => a + r.n, 0);
    if ((stored === ids.length && !states.received && got >= (states.processed ?? 0)) || w.exited() || Date.now() > deadline) break;
    await sleep(100);
  }
  const seconds = (Date.now() - t0) / 1000;
  const peak = rss.peak();
  rss.stop();
  R.nearLimit = {
    mails: mails.length,
    rawMbEach: mails[0]!.raw.length / 1024 / 1024,
    states,
    replies: replies.replies.filter((r) => ids.includes(r.inReplyTo)).length,
    seconds,
    peakRssMb: Math.max(peak.sampledMb, peak.hwmMb),
    workerExited: w.exited(),
    logs: logLevels(join(ctx.tmp, 'worker-near-limit.log')),
  };
  await w.stop();
  ctx.workers.delete(w);
}

interface Ctx {
  db: ScratchDb;
  dovecot: DovecotHandle;
  sink: BenchSink;
  replies: ReplyLog;
  prefix: string;
  tmp: string;
  workers: Set<WorkerProcess>;
}

function machineFacts(): Record<string, unknown> {
  const cpus = os.cpus();
  return {
    nproc: os.availableParallelism?.() ?? cpus.length,
    cpuModel: cpus[0]?.model ?? '?',
    memGb: Math.round((os.totalmem() / 1024 ** 3) * 10) / 10,
    node: process.version,
    platform: `${os.type()} ${os.release()}`,
    loadAvgAtStart: loadAverage(),
  };
}

function report(): string {
  const f = R.floor as { msgsPerS: number; seconds: number; fetchOnlyMsgsPerS: number; avgBytes: number; rounds: number[] };
  const p = R.pipeline as Record<string, any>;
  const l = R.light as Record<string, any>;
  const c = R.classify as Record<string, any>;
  const m = R.machine as Record<string, any>;
  const large = R.large as Record<string, any> | undefined;
  const lines: string[] = [];
  lines.push('');
  lines.push(`== Microbizz Servicedesk benchmark — N=${N}, ${m.nproc} cores (${m.cpuModel}), Node ${m.node}, load at start ${m.loadAvgAtStart}`);
  const cfg = R.config as Record<string, unknown>;
  lines.push(`   worker: WORKER_CONCURRENCY ${cfg.workerConcurrency}${cfg.workerNodeOptions ? `, NODE_OPTIONS ${cfg.workerNodeOptions}` : ''}; REPLY_BUDGET_PER_HOUR/DAY 1000000 (raised for every phase)`);
  lines.push('');
  lines.push(`Classification (classify only, after parseMail; ${c.n} mails, in-process):`);
  lines.push(`  median ${fixed(c.medianMs, 3)} ms, p95 ${fixed(c.p95Ms, 3)} ms, p99 ${fixed(c.p99Ms, 3)} ms, max ${fixed(c.maxMs, 1)} ms   (target: median < 5 ms)`);
  lines.push(`  parseMail for comparison: median ${fixed(c.parseMedianMs, 3)} ms, p95 ${fixed(c.parseP95Ms, 3)} ms; categories ${JSON.stringify(c.categories)}`);
  lines.push('');
  lines.push(`FLOOR (imapflow fetch + mailparser simpleParser, nothing else): ${fixed(f.msgsPerS, 1)} msgs/s  (median of 3 rounds: ${f.rounds.map((x) => fixed(x, 0)).join(', ')}; fetch alone ${fixed(f.fetchOnlyMsgsPerS, 0)} msgs/s; avg mail ${fixed(f.avgBytes / 1024, 1)} KB)`);
  lines.push('');
  lines.push(`PIPELINE (first APPEND → last reply at the SMTP sink): ${fixed(p.msgsPerS, 1)} msgs/s  (${fixed(p.seconds, 1)} s)`);
  lines.push(`  of which appending the backlog (no worker yet): ${fixed(p.appendSeconds, 1)} s; worker start → done: ${fixed(p.workerSeconds, 1)} s = ${fixed(p.msgsPerSFromWorkerStart, 1)} msgs/s`);
  lines.push(`  worker start → mailbox open ("watching mailbox"): ${fixed(p.workerStartupS, 2)} s (node start, migrations check, connections)`);
  lines.push(`  after worker start: all stored ${fixed(p.stages.storedAllAfterS, 1)} s, first/last processed ${fixed(p.stages.firstProcessedAfterS, 1)}/${fixed(p.stages.processedAllAfterS, 1)} s, first/last reply sent ${fixed(p.stages.firstSentAfterS, 1)}/${fixed(p.stages.sentAllAfterS, 1)} s`);
  lines.push(`  mails: ${JSON.stringify(p.states)}; tickets ${p.tickets}; outbox ${JSON.stringify(p.outbox)}; replies at sink ${p.repliesAtSink}`);
  lines.push(`  reply kinds: ${JSON.stringify(p.replyKinds)}`);
  lines.push(`  worker peak RSS during the backlog: ${fixed(p.peakRssMb, 1)} MB (VmHWM ${fixed(p.vmHwmMb, 1)}, sampled max ${fixed(p.peakRssSampledMb, 1)})`);
  const cpuRows = Object.entries(p.cpuSeconds as Record<string, number>)
    .sort((a, b) => b[1] - a[1])
    .map(([g, s]) => [g, fixed(s, 1), fixed((1000 * s) / N, 2), fixed((100 * s) / p.workerSeconds, 0)]);
  lines.push(`  CPU during worker start → done (${fixed(p.workerSeconds, 1)} s wall, ${m.nproc} cores = ${fixed(p.workerSeconds * m.nproc, 0)} core-s available):`);
  lines.push(table(cpuRows, ['process group', 'cpu s', 'ms/mail', '% of 1 core']).replace(/^/gm, '    '));
  const g = p.pgPerMail as Record<string, number>;
  lines.push(`  PostgreSQL per mail (pg_stat_database of the scratch db, incl. the benchmark's own polling; WAL is cluster-wide): ${fixed(g.xact_commit, 1)} commits, ${fixed(g.xact_rollback, 2)} rollbacks, ${fixed(g.tup_inserted, 1)} rows inserted, ${fixed(g.tup_updated, 1)} updated, ${fixed(g.tup_deleted, 1)} deleted; WAL ${fixed(g.wal_records, 1)} records, ${fixed(g.wal_bytes / 1024, 1)} KB, ${fixed(g.wal_sync, 2)} fsyncs`);
  lines.push(`  Redis commands per mail (server-wide counter): ${fixed(p.redisCommandsPerMail, 1)}`);
  lines.push(`  worker log: ${JSON.stringify(p.logs.counts)}${p.logs.problems.length ? `\n    ${p.logs.problems.join('\n    ')}` : ''}`);
  lines.push('');
  lines.push(`LIGHT LOAD (${l.mails} mails at ${l.ratePerS}/s, idle connected worker): append → reply p50 ${fixed(l.p50S, 3)} s, p95 ${fixed(l.p95S, 3)} s, p99 ${fixed(l.p99S, 3)} s, min ${fixed(l.minS, 3)} s, max ${fixed(l.maxS, 3)} s; ${l.replies} replies, ${l.missing} without reply${l.missingStates.length ? ` ${JSON.stringify(l.missingStates)}` : ''}`);
  lines.push(`  stages (p50 / p95 s): ${Object.entries(l.stages as Record<string, { p50: number; p95: number }>).map(([k, v]) => `${k} ${fixed(v.p50, 3)} / ${fixed(v.p95, 3)}`).join('; ')}`);
  lines.push(`  worker peak RSS: ${fixed(l.peakRssMb, 1)} MB`);
  if (large) {
    for (const [name, v] of Object.entries(large) as [string, Record<string, any>][]) {
      lines.push('');
      lines.push(`LARGE MAIL — ${name}: ${fixed(v.rawMb, 1)} MB raw`);
      lines.push(`  outcome: state ${v.state}${v.lastError ? ` (${v.lastError})` : ''}; raw stored ${v.rawStored}; ticket ${v.ticket ?? 'none'}; reply ${v.replyKind ?? 'none'}${v.workerExited ? '; THE WORKER EXITED' : ''}${v.timedOut ? '; TIMED OUT' : ''}`);
      lines.push(`  times from append start: append ${fixed(v.appendS, 2)} s, stored ${fixed(v.storedAfterS, 2)} s, processed ${fixed(v.processedAfterS, 2)} s, reply ${fixed(v.replyAfterS, 2)} s`);
      lines.push(`  worker RSS before ${fixed(v.rssBeforeMb, 1)} MB, peak ${fixed(Math.max(v.peakRssSampledMb, name.startsWith('raised') ? v.vmHwmMb : 0), 1)} MB (VmHWM of the process ${fixed(v.vmHwmMb, 1)} MB)`);
    }
  }
  const near = R.nearLimit as Record<string, any> | undefined;
  if (near) {
    lines.push('');
    lines.push(`NEAR-LIMIT BATCH: ${near.mails} mails of ${fixed(near.rawMbEach, 1)} MB appended before a fresh worker (default MAX_MAIL_BYTES): ${JSON.stringify(near.states)}, ${near.replies} replies in ${fixed(near.seconds, 1)} s; worker peak RSS ${fixed(near.peakRssMb, 1)} MB${near.workerExited ? '; THE WORKER EXITED' : ''}`);
    if (near.logs.problems.length) lines.push(`  ${near.logs.problems.join('\n  ')}`);
  }
  const prof = R.profile as { summary?: ProfileSummary; modules?: { module: string; ms: number }[]; error?: string } | undefined;
  if (prof?.summary) {
    const s = prof.summary;
    lines.push('');
    lines.push(`CPU PROFILE of the backlog worker: busy ${fixed(s.busyMs / 1000, 1)} s of ${fixed(s.totalMs / 1000, 1)} s (idle ${fixed(s.idleMs / 1000, 1)} s)`);
    lines.push(table(s.groups.filter((g) => g.pctBusy >= 0.3).map((g) => [g.group, fixed(g.ms / 1000, 2), fixed(g.pctBusy, 1)]), ['stage (self time)', 's', '% busy']).replace(/^/gm, '    '));
    lines.push('  modules:');
    lines.push(table((prof.modules ?? []).map((x) => [x.module, fixed(x.ms / 1000, 2)]), ['module', 's']).replace(/^/gm, '    '));
    lines.push('  hottest functions:');
    lines.push(table(s.functions.map((x) => [x.fn, x.where, fixed(x.ms, 0), fixed(x.pctBusy, 1)]), ['function', 'where', 'ms', '% busy']).replace(/^/gm, '    '));
  }
  const pl = R.profileLarge as { summary: ProfileSummary } | undefined;
  if (pl) {
    const s = pl.summary;
    lines.push('');
    lines.push(`CPU PROFILE of the large-mail worker (start-up + one ${LARGE_MB} MB mail): busy ${fixed(s.busyMs / 1000, 1)} s of ${fixed(s.totalMs / 1000, 1)} s`);
    lines.push(table(s.groups.filter((g) => g.pctBusy >= 1).map((g) => [g.group, fixed(g.ms / 1000, 2), fixed(g.pctBusy, 1)]), ['stage (self time)', 's', '% busy']).replace(/^/gm, '    '));
    lines.push(table(s.functions.map((x) => [x.fn, x.where, fixed(x.ms, 0), fixed(x.pctBusy, 1)]), ['function', 'where', 'ms', '% busy']).replace(/^/gm, '    '));
  }
  if (prof?.error) {
    lines.push(`CPU PROFILE: ${prof.error}`);
  }
  return lines.join('\n');
}

async function main(): Promise<void> {
  R.machine = machineFacts();
  R.config = { N, LIGHT_N, LIGHT_RATE, LARGE_MB, NEAR_LIMIT_N, SEED, CPU_PROF, budget: NO_BUDGET, workerConcurrency: `${env.WORKER_CONCURRENCY ?? '(default 2)'}, WORKER_BATCH_SIZE ${env.WORKER_BATCH_SIZE ?? '(default 16)'}`, workerNodeOptions: WORKER_NODE_OPTIONS };
  const runId = randomBytes(4).toString('hex');
  const tmp = mkdtempSync(join(os.tmpdir(), 'mbz-bench-'));
  progress(`run ${runId}, temp dir ${tmp}`);
  const fx = loadFixtures(ROOT);
  progress(`corpus: ${fx.examples.length} example .eml, ${fx.training.length} training examples, ${fx.contacts.length} registered contacts at ${fx.companies.length} companies`);
  const corpus = await buildCorpus(N, fx, { seed: SEED, runId });
  const light = await buildLightLoad(LIGHT_N, fx, { seed: SEED, runId });
  const mix: Record<string, number> = {};
  for (const m of corpus) mix[`${m.category ?? 'example'}/${m.sender}`] = (mix[`${m.category ?? 'example'}/${m.sender}`] ?? 0) + 1;
  R.corpus = { n: corpus.length, mix, avgKb: mean(corpus.map((m) => m.raw.length)) / 1024 };

  await classificationPhase(corpus);

  const prefix = `bench-${runId}`;
  let db: ScratchDb | undefined;
  let dovecot: DovecotHandle | undefined;
  let sink: BenchSink | undefined;
  let replies: ReplyLog | undefined;
  const workers = new Set<WorkerProcess>();
  try {
    progress('starting PostgreSQL scratch database, Dovecot and the SMTP sink');
    [db, dovecot, sink] = await Promise.all([createScratchDb(ROOT), startDovecot(), startSmtpSink({ parse: 'headers' })]);
    replies = new ReplyLog(sink);
    const ctx: Ctx = { db, dovecot, sink, replies, prefix, tmp, workers };

    await floorPhase(dovecot, corpus);
    await pipelinePhase(ctx, corpus);
    const w2 = await lightLoadPhase(ctx, light);

    if (LARGE_MB > 0) {
      progress(`large mail: building two mails with a ${LARGE_MB} MB attachment`);
      const large: Record<string, unknown> = {};
      const a = await buildLargeMail(LARGE_MB, fx, `${runId}-a`);
      progress(`large mail: ${fixed(a.raw.length / 1024 / 1024, 1)} MB raw to the worker with the default MAX_MAIL_BYTES`);
      large['default MAX_MAIL_BYTES (25 MiB)'] = await followOneMail(ctx, w2, a, 60_000);
      await w2.stop();
      workers.delete(w2);
      const b = await buildLargeMail(LARGE_MB, fx, `${runId}-b`);
      const limit = Math.max(64 * 1024 * 1024, Math.ceil(b.raw.length * 1.5));
      const largeProf = CPU_PROF ? join(tmp, 'cpuprof-large') : undefined;
      const w3 = await startWorkerProcess(ROOT, workerEnvFor(db, dovecot, sink, prefix, { MAX_MAIL_BYTES: String(limit) }), { logFile: join(tmp, 'worker-large.log'), cpuProfDir: largeProf });
      workers.add(w3);
      await w3.waitForLog('watching mailbox', 30_000);
      await sleep(2_000);
      progress(`large mail: ${fixed(b.raw.length / 1024 / 1024, 1)} MB raw to a fresh worker with MAX_MAIL_BYTES=${limit}`);
      const r = await followOneMail(ctx, w3, b, 180_000);
      large[`raised MAX_MAIL_BYTES=${limit} (fresh worker)`] = { ...r, logs: logLevels(join(tmp, 'worker-large.log')) };
      R.large = large;
      await w3.stop();
      workers.delete(w3);
      if (largeProf) {
        const file = readdirSync(largeProf).filter((x) => x.endsWith('.cpuprofile')).map((x) => join(largeProf, x))[0];
        if (file) R.profileLarge = { file, summary: summariseProfile(file, 12) };
      }
    } else {
      await w2.stop();
      workers.delete(w2);
    }
    if (NEAR_LIMIT_N > 0) await nearLimitPhase(ctx, fx, runId);
  } finally {
    progress('cleaning up: workers, SMTP sink, Dovecot, scratch database, Redis keys');
    await Promise.allSettled([...workers].map((w) => w.stop(20_000)));
    replies?.stop();
    await Promise.allSettled([sink?.stop(), dovecot?.dispose()]);
    await db?.drop().catch((e) => progress(`could not drop ${db?.name}: ${(e as Error).message}`));
    await deleteQueueKeys(prefix).catch((e) => progress(`could not delete Redis keys ${prefix}:*: ${(e as Error).message}`));
    if (env.BENCH_KEEP !== '1' && !CPU_PROF) rmSync(tmp, { recursive: true, force: true });
    else progress(`kept ${tmp} (worker logs${CPU_PROF ? ', CPU profile' : ''})`);
  }
  R.loadAvgAtEnd = loadAverage();

  const f = R.floor as { msgsPerS: number };
  const p = R.pipeline as { msgsPerS: number; peakRssMb: number };
  const l = R.light as { p50S: number; p95S: number; peakRssMb: number };
  const largeRss = Object.values((R.large ?? {}) as Record<string, { peakRssSampledMb: number; vmHwmMb: number }>).map((v) => Math.max(v.peakRssSampledMb, 0));
  const raised = Object.entries((R.large ?? {}) as Record<string, { vmHwmMb: number }>).filter(([k]) => k.startsWith('raised')).map(([, v]) => v.vmHwmMb);
  const nearRss = R.nearLimit ? [(R.nearLimit as { peakRssMb: number }).peakRssMb] : [];
  const peakRss = Math.max(p.peakRssMb, l.peakRssMb, ...largeRss, ...raised, ...nearRss);
  const ratio = p.msgsPerS / f.msgsPerS;
  R.final = { floor: f.msgsPerS, pipeline: p.msgsPerS, ratio, p50: l.p50S, p95: l.p95S, peakRssMb: peakRss };
  out(report());
  out('');
  out(`targets: ratio ≥ 0.25 → ${ratio >= 0.25 ? 'met' : 'MISSED'}; p95 append→reply ≤ 1.5 s → ${l.p95S <= 1.5 ? 'met' : 'MISSED'}; worker RSS ≤ 300 MB → ${peakRss <= 300 ? 'met' : 'MISSED'} (the worker's peak over every phase that ran: backlog, light load, large mail${R.nearLimit ? ', near-limit batch' : ''})`);
  if (env.BENCH_JSON) writeFileSync(env.BENCH_JSON, JSON.stringify(R, null, 2));
  out(`floor_msgs_per_s=${num3(f.msgsPerS)} pipeline_msgs_per_s=${num3(p.msgsPerS)} ratio=${num3(ratio)} p50_reply_s=${num3(l.p50S)} p95_reply_s=${num3(l.p95S)} peak_rss_mb=${num3(peakRss)}`);
}

main().then(
  () => process.exit(0),
  (err) => {
    process.stderr.write(`bench failed: ${(err as Error).stack ?? String(err)}\n`);
    process.exit(1);
  },
);

/**
 * What `npm run bench` prints and writes, as pure functions of the phases' typed results: the
 * summary tables (stdout), the targets line, the figures as BENCH_JSON, and the last line of
 * stdout, `floor_msgs_per_s=… pipeline_msgs_per_s=… ratio=… p50_reply_s=… p95_reply_s=…
 * peak_rss_mb=…`, which scripts read (its keys and format are a public interface).
 */
import type { BenchOptions } from './lib/context';
import type { CorpusFacts } from './lib/corpus';
import type { MachineFacts } from './lib/machine';
import { fixed, num3, table } from './lib/stats';
import { NO_REPLY_BUDGET } from './lib/worker-env';
import type { ClassificationResult } from './phases/classification';
import type { FloorResult } from './phases/floor';
import { largeMailRuns, type LargeMailResult } from './phases/large-mail';
import type { LightLoadResult } from './phases/light-load';
import type { NearLimitResult } from './phases/near-limit';
import type { PipelineResult } from './phases/pipeline';

/** Everything one run measured. */
export interface BenchResults {
  opts: BenchOptions;
  machine: MachineFacts;
  corpus: CorpusFacts;
  classify: ClassificationResult;
  floor: FloorResult;
  pipeline: PipelineResult;
  light: LightLoadResult;
  /** When BENCH_LARGE_MB > 0. */
  large?: LargeMailResult;
  /** When BENCH_NEAR_LIMIT_N > 0. */
  nearLimit?: NearLimitResult;
  loadAvgAtEnd: string;
}

/** The figures of the last line (BENCH_JSON: `final`). */
export interface Headline {
  floor: number;
  pipeline: number;
  ratio: number;
  p50: number;
  p95: number;
  /** The worker's peak over every phase that ran. */
  peakRssMb: number;
}

export function headline(r: BenchResults): Headline {
  const runs = r.large ? largeMailRuns(r.large) : [];
  // The default-limit run went to the light-load worker, whose VmHWM is the light load's: only its samples count.
  const largeRss = runs.map(({ run }) => Math.max(run.peakRssSampledMb, 0));
  const raised = runs.filter((x) => x.raised).map(({ run }) => run.vmHwmMb);
  const nearRss = r.nearLimit ? [r.nearLimit.peakRssMb] : [];
  const peakRssMb = Math.max(r.pipeline.peakRssMb, r.light.peakRssMb, ...largeRss, ...raised, ...nearRss);
  return { floor: r.floor.msgsPerS, pipeline: r.pipeline.msgsPerS, ratio: r.pipeline.msgsPerS / r.floor.msgsPerS, p50: r.light.p50S, p95: r.light.p95S, peakRssMb };
}

/** The last line of stdout. */
export function lastLine(h: Headline): string {
  return `floor_msgs_per_s=${num3(h.floor)} pipeline_msgs_per_s=${num3(h.pipeline)} ratio=${num3(h.ratio)} p50_reply_s=${num3(h.p50)} p95_reply_s=${num3(h.p95)} peak_rss_mb=${num3(h.peakRssMb)}`;
}

/** How the worker was configured, as the header line and BENCH_JSON (`config`) name it. */
function workerConcurrency(o: BenchOptions): string {
  return `${o.workerConcurrency ?? '(default 2)'}, WORKER_BATCH_SIZE ${o.workerBatchSize ?? '(default 16)'}`;
}

/** Every figure, in the layout BENCH_JSON has always had. */
export function toJson(r: BenchResults, h: Headline): Record<string, unknown> {
  const o = r.opts;
  const { appendSideFolderS, ...floor } = r.floor;
  const { profile, ...pipeline } = r.pipeline;
  return {
    machine: r.machine,
    config: { N: o.n, LIGHT_N: o.lightN, LIGHT_RATE: o.lightRate, LARGE_MB: o.largeMb, NEAR_LIMIT_N: o.nearLimitN, SEED: o.seed, CPU_PROF: o.cpuProf, budget: NO_REPLY_BUDGET, workerConcurrency: workerConcurrency(o), workerNodeOptions: o.workerNodeOptions },
    corpus: r.corpus,
    classify: r.classify,
    appendSideFolderS,
    floor,
    pipeline,
    ...(profile ? { profile } : {}),
    light: r.light,
    ...(r.large ? { large: Object.fromEntries(largeMailRuns(r.large).map(({ name, run }) => [name, run])) } : {}),
    ...(r.large?.profile ? { profileLarge: r.large.profile } : {}),
    ...(r.nearLimit ? { nearLimit: r.nearLimit } : {}),
    loadAvgAtEnd: r.loadAvgAtEnd,
    final: h,
  };
}

const indent = (text: string, by: string): string => text.replace(/^/gm, by);

function pipelineLines(r: BenchResults): string[] {
  const p = r.pipeline;
  const m = r.machine;
  const n = r.opts.n;
  const cpuRows = Object.entries(p.cpuSeconds)
    .sort((a, b) => b[1] - a[1])
    .map(([g, s]) => [g, fixed(s, 1), fixed((1000 * s) / n, 2), fixed((100 * s) / p.workerSeconds, 0)]);
  const g = p.pgPerMail;
  return [
    `PIPELINE (first APPEND → last reply at the SMTP sink): ${fixed(p.msgsPerS, 1)} msgs/s  (${fixed(p.seconds, 1)} s)`,
    `  of which appending the backlog (no worker yet): ${fixed(p.appendSeconds, 1)} s; worker start → done: ${fixed(p.workerSeconds, 1)} s = ${fixed(p.msgsPerSFromWorkerStart, 1)} msgs/s`,
    `  worker start → mailbox open ("watching mailbox"): ${fixed(p.workerStartupS, 2)} s (node start, migrations check, connections)`,
    `  after worker start: all stored ${fixed(p.stages.storedAllAfterS, 1)} s, first/last processed ${fixed(p.stages.firstProcessedAfterS, 1)}/${fixed(p.stages.processedAllAfterS, 1)} s, first/last reply sent ${fixed(p.stages.firstSentAfterS, 1)}/${fixed(p.stages.sentAllAfterS, 1)} s`,
    `  mails: ${JSON.stringify(p.states)}; tickets ${p.tickets}; outbox ${JSON.stringify(p.outbox)}; replies at sink ${p.repliesAtSink}`,
    `  reply kinds: ${JSON.stringify(p.replyKinds)}`,
    `  worker peak RSS during the backlog: ${fixed(p.peakRssMb, 1)} MB (VmHWM ${fixed(p.vmHwmMb, 1)}, sampled max ${fixed(p.peakRssSampledMb, 1)})`,
    `  CPU during worker start → done (${fixed(p.workerSeconds, 1)} s wall, ${m.nproc} cores = ${fixed(p.workerSeconds * m.nproc, 0)} core-s available):`,
    indent(table(cpuRows, ['process group', 'cpu s', 'ms/mail', '% of 1 core']), '    '),
    `  PostgreSQL per mail (pg_stat_database of the scratch db, incl. the benchmark's own polling; WAL is cluster-wide): ${fixed(g.xact_commit, 1)} commits, ${fixed(g.xact_rollback, 2)} rollbacks, ${fixed(g.tup_inserted, 1)} rows inserted, ${fixed(g.tup_updated, 1)} updated, ${fixed(g.tup_deleted, 1)} deleted; WAL ${fixed(g.wal_records, 1)} records, ${fixed(g.wal_bytes / 1024, 1)} KB, ${fixed(g.wal_sync, 2)} fsyncs`,
    `  Redis commands per mail (server-wide counter): ${fixed(p.redisCommandsPerMail, 1)}`,
    `  worker log: ${JSON.stringify(p.logs.counts)}${p.logs.problems.length ? `\n    ${p.logs.problems.join('\n    ')}` : ''}`,
  ];
}

function largeAndNearLimitLines(r: BenchResults): string[] {
  const lines: string[] = [];
  for (const { name, run: v, raised } of r.large ? largeMailRuns(r.large) : []) {
    lines.push('');
    lines.push(`LARGE MAIL — ${name}: ${fixed(v.rawMb, 1)} MB raw`);
    lines.push(`  outcome: state ${v.state}${v.lastError ? ` (${v.lastError})` : ''}; raw stored ${v.rawStored}; ticket ${v.ticket ?? 'none'}; reply ${v.replyKind ?? 'none'}${v.workerExited ? '; THE WORKER EXITED' : ''}${v.timedOut ? '; TIMED OUT' : ''}`);
    lines.push(`  times from append start: append ${fixed(v.appendS, 2)} s, stored ${fixed(v.storedAfterS, 2)} s, processed ${fixed(v.processedAfterS, 2)} s, reply ${fixed(v.replyAfterS, 2)} s`);
    lines.push(`  worker RSS before ${fixed(v.rssBeforeMb, 1)} MB, peak ${fixed(Math.max(v.peakRssSampledMb, raised ? v.vmHwmMb : 0), 1)} MB (VmHWM of the process ${fixed(v.vmHwmMb, 1)} MB)`);
  }
  const near = r.nearLimit;
  if (near) {
    lines.push('');
    lines.push(`NEAR-LIMIT BATCH: ${near.mails} mails of ${fixed(near.rawMbEach, 1)} MB appended before a fresh worker (default MAX_MAIL_BYTES): ${JSON.stringify(near.states)}, ${near.replies} replies in ${fixed(near.seconds, 1)} s; worker peak RSS ${fixed(near.peakRssMb, 1)} MB${near.workerExited ? '; THE WORKER EXITED' : ''}`);
    if (near.logs.problems.length) lines.push(`  ${near.logs.problems.join('\n  ')}`);
  }
  return lines;
}

function profileLines(r: BenchResults): string[] {
  const lines: string[] = [];
  const prof = r.pipeline.profile;
  if (prof && 'summary' in prof) {
    const s = prof.summary;
    lines.push('');
    lines.push(`CPU PROFILE of the backlog worker: busy ${fixed(s.busyMs / 1000, 1)} s of ${fixed(s.totalMs / 1000, 1)} s (idle ${fixed(s.idleMs / 1000, 1)} s)`);
    lines.push(indent(table(s.groups.filter((g) => g.pctBusy >= 0.3).map((g) => [g.group, fixed(g.ms / 1000, 2), fixed(g.pctBusy, 1)]), ['stage (self time)', 's', '% busy']), '    '));
    lines.push('  modules:');
    lines.push(indent(table(prof.modules.map((x) => [x.module, fixed(x.ms / 1000, 2)]), ['module', 's']), '    '));
    lines.push('  hottest functions:');
    lines.push(indent(table(s.functions.map((x) => [x.fn, x.where, fixed(x.ms, 0), fixed(x.pctBusy, 1)]), ['function', 'where', 'ms', '% busy']), '    '));
  }
  const pl = r.large?.profile;
  if (pl) {
    const s = pl.summary;
    lines.push('');
    lines.push(`CPU PROFILE of the large-mail worker (start-up + one ${r.opts.largeMb} MB mail): busy ${fixed(s.busyMs / 1000, 1)} s of ${fixed(s.totalMs / 1000, 1)} s`);
    lines.push(indent(table(s.groups.filter((g) => g.pctBusy >= 1).map((g) => [g.group, fixed(g.ms / 1000, 2), fixed(g.pctBusy, 1)]), ['stage (self time)', 's', '% busy']), '    '));
    lines.push(indent(table(s.functions.map((x) => [x.fn, x.where, fixed(x.ms, 0), fixed(x.pctBusy, 1)]), ['function', 'where', 'ms', '% busy']), '    '));
  }
  if (prof && 'error' in prof) lines.push(`CPU PROFILE: ${prof.error}`);
  return lines;
}

/** The summary on stdout: every phase, then the targets (the last line comes separately, after BENCH_JSON is written). */
export function renderReport(r: BenchResults, h: Headline): string {
  const { classify: c, floor: f, light: l, machine: m } = r;
  const lines: string[] = [
    '',
    `== Microbizz Servicedesk benchmark — N=${r.opts.n}, ${m.nproc} cores (${m.cpuModel}), Node ${m.node}, load at start ${m.loadAvgAtStart}`,
    `   worker: WORKER_CONCURRENCY ${workerConcurrency(r.opts)}${r.opts.workerNodeOptions ? `, NODE_OPTIONS ${r.opts.workerNodeOptions}` : ''}; REPLY_BUDGET_PER_HOUR/DAY 1000000 (raised for every phase)`,
    '',
    `Classification (classify only, after parseMail; ${c.n} mails, in-process):`,
    `  median ${fixed(c.medianMs, 3)} ms, p95 ${fixed(c.p95Ms, 3)} ms, p99 ${fixed(c.p99Ms, 3)} ms, max ${fixed(c.maxMs, 1)} ms   (target: median < 5 ms)`,
    `  parseMail for comparison: median ${fixed(c.parseMedianMs, 3)} ms, p95 ${fixed(c.parseP95Ms, 3)} ms; categories ${JSON.stringify(c.categories)}`,
    '',
    `FLOOR (imapflow fetch + mailparser simpleParser, nothing else): ${fixed(f.msgsPerS, 1)} msgs/s  (median of 3 rounds: ${f.rounds.map((x) => fixed(x, 0)).join(', ')}; fetch alone ${fixed(f.fetchOnlyMsgsPerS, 0)} msgs/s; avg mail ${fixed(f.avgBytes / 1024, 1)} KB)`,
    '',
    ...pipelineLines(r),
    '',
    `LIGHT LOAD (${l.mails} mails at ${l.ratePerS}/s, idle connected worker): append → reply p50 ${fixed(l.p50S, 3)} s, p95 ${fixed(l.p95S, 3)} s, p99 ${fixed(l.p99S, 3)} s, min ${fixed(l.minS, 3)} s, max ${fixed(l.maxS, 3)} s; ${l.replies} replies, ${l.missing} without reply${l.missingStates.length ? ` ${JSON.stringify(l.missingStates)}` : ''}`,
    `  stages (p50 / p95 s): ${Object.entries(l.stages).map(([k, v]) => `${k} ${fixed(v.p50, 3)} / ${fixed(v.p95, 3)}`).join('; ')}`,
    `  worker peak RSS: ${fixed(l.peakRssMb, 1)} MB`,
    ...largeAndNearLimitLines(r),
    ...profileLines(r),
    '',
    `targets: ratio ≥ 0.25 → ${h.ratio >= 0.25 ? 'met' : 'MISSED'}; p95 append→reply ≤ 1.5 s → ${h.p95 <= 1.5 ? 'met' : 'MISSED'}; worker RSS ≤ 300 MB → ${h.peakRssMb <= 300 ? 'met' : 'MISSED'} (the worker's peak over every phase that ran: backlog, light load, large mail${r.nearLimit ? ', near-limit batch' : ''})`,
  ];
  return lines.join('\n');
}

/**
 * Phase 4, LIGHT LOAD: how long a customer waits for the answer when the service is not busy
 * (target: p95 append → reply ≤ 1.5 s). A fresh worker, idle and connected; BENCH_LIGHT_N
 * human mails from registered senders appended one at a time at BENCH_LIGHT_RATE per second;
 * the latency of each runs from the start of its APPEND to the sink accepting the reply,
 * matched by In-Reply-To, and is split into stages from the database's timestamps.
 *
 * The worker is handed back still running: the large-mail phase sends its first mail to this
 * same idle worker (default MAX_MAIL_BYTES).
 */
import { logLevels, type LogLevels } from '../lib/log-levels';
import { progress, startIdleWorker, workerLog, type BenchContext } from '../lib/context';
import type { BenchMail } from '../lib/corpus';
import { RssSampler } from '../lib/proc';
import type { WorkerProcess } from '../lib/services';
import { percentile, sleep } from '../lib/stats';
import { MAILBOX_USER } from '../lib/worker-env';

export interface LightLoadResult {
  /** p50 / p95 seconds of each stage. */
  stages: Record<'append → stored' | 'stored → processing tx' | 'processing tx → reply at sink', { p50: number; p95: number }>;
  mails: number;
  ratePerS: number;
  replies: number;
  p50S: number;
  p95S: number;
  p99S: number;
  maxS: number;
  minS: number;
  missing: number;
  /** Distinct states of the mails that got no reply (state/reply state (reason)). */
  missingStates: string[];
  peakRssMb: number;
  logs: LogLevels;
}

/** Why the mails that got no reply got none, from the database. */
async function statesOf(ctx: BenchContext, missing: BenchMail[]): Promise<string[]> {
  const rows = (await ctx.db.ds.query(
    `SELECT i.message_id, i.state, i.last_error, o.state AS reply_state, o.reason
       FROM inbound_mails i LEFT JOIN outbox o ON o.inbound_mail_id = i.id WHERE i.message_id = ANY($1)`,
    [missing.map((m) => m.messageId)],
  )) as { message_id: string; state: string; last_error: string | null; reply_state: string | null; reason: string | null }[];
  return rows.map((r) => `${r.state}${r.reply_state ? `/reply ${r.reply_state}` : '/no reply'}${r.reason ? ` (${r.reason})` : ''}`);
}

export async function lightLoadPhase(ctx: BenchContext, mails: BenchMail[]): Promise<{ result: LightLoadResult; worker: WorkerProcess }> {
  const { db, dovecot, replies, opts } = ctx;
  const w = await startIdleWorker(ctx, 'light');
  const rss = new RssSampler(w.pid, 100);
  progress(`light load: ${mails.length} mails, one at a time at ${opts.lightRate}/s, to an idle connected worker`);
  const appendedAt = new Map<string, number>();
  const start = Date.now();
  const gap = 1000 / opts.lightRate;
  for (let i = 0; i < mails.length; i++) {
    const due = start + i * gap;
    if (due > Date.now()) await sleep(due - Date.now());
    appendedAt.set(mails[i]!.messageId, Date.now());
    await dovecot.append(MAILBOX_USER, mails[i]!.raw);
  }
  const answers = await replies.waitForAnswers(new Set(appendedAt.keys()), Date.now() + 30_000, 100);
  const at = new Map([...answers].map(([id, a]) => [id, a.first.at]));
  const lat = [...at.entries()].map(([id, t]) => (t - appendedAt.get(id)!) / 1000);
  const missing = mails.filter((m) => !at.has(m.messageId));
  const missingStates = missing.length ? await statesOf(ctx, missing) : [];
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
  const result: LightLoadResult = {
    stages: {
      'append → stored': { p50: percentile(fetchS, 50), p95: percentile(fetchS, 95) },
      'stored → processing tx': { p50: percentile(processS, 50), p95: percentile(processS, 95) },
      'processing tx → reply at sink': { p50: percentile(replyS, 50), p95: percentile(replyS, 95) },
    },
    mails: mails.length,
    ratePerS: opts.lightRate,
    replies: lat.length,
    p50S: percentile(lat, 50),
    p95S: percentile(lat, 95),
    p99S: percentile(lat, 99),
    maxS: Math.max(...lat),
    minS: Math.min(...lat),
    missing: missing.length,
    missingStates: [...new Set(missingStates)],
    peakRssMb: Math.max(peak.sampledMb, peak.hwmMb),
    logs: logLevels(workerLog(ctx, 'light')),
  };
  return { result, worker: w };
}

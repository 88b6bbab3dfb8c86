/**
 * Phase 6 (optional, BENCH_NEAR_LIMIT_N > 0), NEAR-LIMIT BATCH: the worst case the default
 * configuration allows. That many mails just under the default 25 MiB MAX_MAIL_BYTES are
 * appended while no worker runs, so a fresh worker finds them all in one fetch batch; its peak
 * RSS is what the default limits let a few large mails cost.
 */
import { progress, startBenchWorker, stopBenchWorker, workerLog, type BenchContext } from '../lib/context';
import { buildLargeMail, type BenchMail, type Fixtures } from '../lib/corpus';
import { logLevels, type LogLevels } from '../lib/log-levels';
import { RssSampler } from '../lib/proc';
import { totalReplies } from '../lib/replies';
import { fixed, sleep } from '../lib/stats';
import { MAILBOX_USER } from '../lib/worker-env';

export interface NearLimitResult {
  mails: number;
  rawMbEach: number;
  /** Mails per state when the phase ended. */
  states: Record<string, number>;
  replies: number;
  seconds: number;
  peakRssMb: number;
  workerExited: boolean;
  logs: LogLevels;
}

/** n mails just under the default limit, appended while no worker runs, then one fresh worker. */
export async function nearLimitPhase(ctx: BenchContext, fx: Fixtures, runId: string): Promise<NearLimitResult> {
  const { db, dovecot, replies, opts } = ctx;
  // 17.5 MiB of attachment ≈ 24 MB of base64 mail: just under the 25 MiB default.
  const mails: BenchMail[] = [];
  for (let i = 0; i < opts.nearLimitN; i++) mails.push(await buildLargeMail(17.5, fx, `${runId}-near-${i}`, i));
  progress(`near-limit batch: appending ${mails.length} mails of ${fixed(mails[0]!.raw.length / 1024 / 1024, 1)} MB, then a fresh worker (default MAX_MAIL_BYTES)`);
  for (const m of mails) await dovecot.append(MAILBOX_USER, m.raw);
  const t0 = Date.now();
  const w = await startBenchWorker(ctx, 'near-limit');
  const rss = new RssSampler(w.pid, 20);
  const ids = mails.map((m) => m.messageId);
  const idSet = new Set(ids);
  const deadline = Date.now() + 300_000;
  let states: Record<string, number> = {};
  for (;;) {
    const rows = (await db.ds.query(`SELECT state, count(*)::int AS n FROM inbound_mails WHERE message_id = ANY($1) GROUP BY state`, [ids])) as { state: string; n: number }[];
    states = Object.fromEntries(rows.map((r) => [r.state, r.n]));
    const got = totalReplies(replies.answersTo(idSet));
    const stored = rows.reduce((a, r) => a + r.n, 0);
    if ((stored === ids.length && !states.received && got >= (states.processed ?? 0)) || w.exited() || Date.now() > deadline) break;
    await sleep(100);
  }
  const seconds = (Date.now() - t0) / 1000;
  const peak = rss.peak();
  rss.stop();
  const result: NearLimitResult = {
    mails: mails.length,
    rawMbEach: mails[0]!.raw.length / 1024 / 1024,
    states,
    replies: totalReplies(replies.answersTo(idSet)),
    seconds,
    peakRssMb: Math.max(peak.sampledMb, peak.hwmMb),
    workerExited: w.exited(),
    logs: logLevels(workerLog(ctx, 'near-limit')),
  };
  await stopBenchWorker(ctx, w);
  return result;
}

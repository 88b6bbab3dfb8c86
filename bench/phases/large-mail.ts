/**
 * Phase 5, LARGE MAIL: what one big mail (a BENCH_LARGE_MB attachment) costs the worker in
 * memory and time (target: worker RSS ≤ 300 MB). It goes first to the idle light-load worker,
 * whose default MAX_MAIL_BYTES (25 MiB) sends a 40 MiB attachment down the oversize path; then
 * to a fresh worker whose MAX_MAIL_BYTES is above the mail's size, which must download, store,
 * read back and parse it. RSS is sampled every 20 ms, and the kernel's high-water mark
 * (VmHWM) is read too.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { summariseProfile, type ProfileSummary } from '../lib/cpuprofile';
import { progress, startIdleWorker, stopBenchWorker, workerLog, type BenchContext } from '../lib/context';
import { buildLargeMail, type BenchMail, type Fixtures } from '../lib/corpus';
import { logLevels, type LogLevels } from '../lib/log-levels';
import { memStatus, RssSampler } from '../lib/proc';
import type { WorkerProcess } from '../lib/services';
import { fixed, sleep } from '../lib/stats';
import { MAILBOX_USER } from '../lib/worker-env';

/** One mail followed from append to its final state and reply. Times are seconds from the start of the APPEND. */
export interface FollowResult {
  rawMb: number;
  appendS: number;
  state: string;
  lastError: string | null;
  rawStored: boolean;
  storedAfterS: number | null;
  processedAfterS: number | null;
  replyAfterS: number | null;
  replyKind: string | null;
  /** "MB-000123 (category)". */
  ticket: string | null;
  rssBeforeMb: number | null;
  peakRssSampledMb: number;
  vmHwmMb: number;
  workerExited: boolean;
  timedOut: boolean;
}

export interface LargeMailResult {
  /** To the light-load worker, default MAX_MAIL_BYTES. */
  defaultLimit: FollowResult;
  /** To a fresh worker with MAX_MAIL_BYTES = raisedLimit. */
  raised: FollowResult & { logs: LogLevels };
  raisedLimit: number;
  /** With BENCH_CPU_PROF=1: the fresh worker's profile (start-up + the one mail). */
  profile?: { file: string; summary: ProfileSummary };
}

/** The two runs, named as the report and BENCH_JSON name them; `raised`: the process's VmHWM is the mail's. */
export function largeMailRuns(r: LargeMailResult): { name: string; run: FollowResult; raised: boolean }[] {
  return [
    { name: 'default MAX_MAIL_BYTES (25 MiB)', run: r.defaultLimit, raised: false },
    { name: `raised MAX_MAIL_BYTES=${r.raisedLimit} (fresh worker)`, run: r.raised, raised: true },
  ];
}

/** Waits for one mail to reach a final state and (optionally) its reply; samples the worker's RSS meanwhile. */
async function followOneMail(ctx: BenchContext, w: WorkerProcess, mail: BenchMail, timeoutMs: number): Promise<FollowResult> {
  const { db, dovecot, replies } = ctx;
  const rss = new RssSampler(w.pid, 20);
  const before = memStatus(w.pid);
  const t0 = Date.now();
  await dovecot.append(MAILBOX_USER, mail.raw);
  const tAppended = Date.now();
  const deadline = Date.now() + timeoutMs;
  const id = new Set([mail.messageId]);
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
    reply = replies.answersTo(id).get(mail.messageId)?.first;
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

/** `idleWorker` is the light-load worker; this phase stops it. */
export async function largeMailPhase(ctx: BenchContext, idleWorker: WorkerProcess, fx: Fixtures, runId: string): Promise<LargeMailResult> {
  const { opts } = ctx;
  progress(`large mail: building two mails with a ${opts.largeMb} MB attachment`);
  const a = await buildLargeMail(opts.largeMb, fx, `${runId}-a`);
  progress(`large mail: ${fixed(a.raw.length / 1024 / 1024, 1)} MB raw to the worker with the default MAX_MAIL_BYTES`);
  const defaultLimit = await followOneMail(ctx, idleWorker, a, 60_000);
  await stopBenchWorker(ctx, idleWorker);
  const b = await buildLargeMail(opts.largeMb, fx, `${runId}-b`);
  const limit = Math.max(64 * 1024 * 1024, Math.ceil(b.raw.length * 1.5));
  const profDir = opts.cpuProf ? join(ctx.tmp, 'cpuprof-large') : undefined;
  const w = await startIdleWorker(ctx, 'large', { extraEnv: { MAX_MAIL_BYTES: String(limit) }, cpuProfDir: profDir });
  progress(`large mail: ${fixed(b.raw.length / 1024 / 1024, 1)} MB raw to a fresh worker with MAX_MAIL_BYTES=${limit}`);
  const r = await followOneMail(ctx, w, b, 180_000);
  const raised = { ...r, logs: logLevels(workerLog(ctx, 'large')) };
  await stopBenchWorker(ctx, w);
  const result: LargeMailResult = { defaultLimit, raised, raisedLimit: limit };
  if (profDir) {
    const file = readdirSync(profDir).filter((x) => x.endsWith('.cpuprofile')).map((x) => join(profDir, x))[0];
    if (file) result.profile = { file, summary: summariseProfile(file, 12) };
  }
  return result;
}

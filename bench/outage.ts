/**
 * `npm run outage` (after `npm run build`): outside services going away under a running worker,
 * measured as an operator would see it. The worker runs as `npm start` runs it (a child
 * process, `--max-old-space-size=256`, LOG_LEVEL info, the default backoff and timeouts)
 * against a private Dovecot, PostgreSQL and Redis (harness/) and an SMTP sink.
 *
 * Scenarios
 *  1. each of IMAP, PostgreSQL and Redis stopped for OUTAGE_S (45) seconds: the worker's CPU
 *     (average share of one core), log lines written and peak RSS during the outage; then the
 *     server starts again and OUTAGE_MAILS (10) new mails are appended: the longest
 *     append → reply;
 *  2. SIGTERM 10 s into another mailbox outage, and SIGTERM with everything up: time to exit;
 *  3. SIGKILL mid-backlog: BACKLOG_N (200) mails appended at 20 per second, the worker killed
 *     when about a third are answered and started again at once: lost, doubled, the longest
 *     append → reply.
 *
 * Env: OUTAGE_S (45), OUTAGE_MAILS (10), OUTAGE_BACKLOG_N (200), OUTAGE_KEEP=1 (keep the worker
 * logs). One line per scenario on stdout; the last line sums them up.
 */
import 'reflect-metadata';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import { join, resolve } from 'node:path';
import { buildLightLoad, loadFixtures, type BenchMail, type Fixtures } from './lib/corpus';
import { processCpuSeconds, RssSampler } from './lib/proc';
import { startPrivateStack, type PrivateStack } from './lib/private-stack';
import { openRegistryDb } from './lib/registry';
import { startWorkerProcess, type WorkerProcess } from './lib/services';
import { fixed, sleep } from './lib/stats';
import { MAILBOX_USER } from './lib/worker-env';

const ROOT = resolve(__dirname, '..', '..');
const OUTAGE_S = Number(process.env.OUTAGE_S ?? 45);
const OUTAGE_MAILS = Number(process.env.OUTAGE_MAILS ?? 10);
const BACKLOG_N = Number(process.env.OUTAGE_BACKLOG_N ?? 200);

interface Stack extends PrivateStack {
  env: Record<string, string>;
  fx: Fixtures;
  dir: string;
}

let runs = 0;
async function mails(s: Stack, n: number): Promise<BenchMail[]> {
  return buildLightLoad(n, s.fx, { seed: ++runs, runId: `outage-${Date.now()}-${runs}` });
}

/** Appends `list` (at `perSecond`, 0: at once); resolves with each mail's append time by Message-ID. */
async function append(s: Stack, list: BenchMail[], perSecond = 0): Promise<Map<string, number>> {
  const at = new Map<string, number>();
  for (const m of list) {
    await s.dovecot.append(MAILBOX_USER, m.raw);
    at.set(m.messageId, Date.now());
    if (perSecond) await sleep(1000 / perSecond);
  }
  return at;
}

/** Waits until every mail has a reply; the longest append → first reply, and replies per mail. */
async function replies(s: Stack, appended: Map<string, number>, timeoutMs: number) {
  const answers = await s.replies.waitForAnswers(new Set(appended.keys()), Date.now() + timeoutMs, 200);
  const waits = [...answers].map(([id, a]) => a.first.at - appended.get(id)!);
  return {
    answered: answers.size,
    doubled: [...answers.values()].filter((a) => a.count > 1).length,
    maxReplyS: waits.length ? Math.max(...waits) / 1000 : NaN,
  };
}

async function startWorker(s: Stack, tag: string): Promise<WorkerProcess> {
  const w = await startWorkerProcess(ROOT, s.env, { logFile: join(s.dir, `worker-${tag}.log`) });
  await w.waitForLog('watching mailbox', 30_000);
  return w;
}

async function outage(s: Stack, w: WorkerProcess, service: 'imap' | 'postgresql' | 'redis'): Promise<string> {
  const server = service === 'imap' ? s.dovecot : service === 'postgresql' ? s.pg : s.redis;
  await sleep(2000);
  const from = w.logLength();
  const rss = new RssSampler(w.pid, 250);
  const cpu0 = processCpuSeconds(w.pid);
  const t0 = Date.now();
  await server.stop();
  await sleep(OUTAGE_S * 1000);
  const cpu = (processCpuSeconds(w.pid) - cpu0) / ((Date.now() - t0) / 1000);
  const lines = w.linesSince(from);
  const peak = rss.peak();
  rss.stop();
  await server.start();
  const r = await replies(s, await append(s, await mails(s, OUTAGE_MAILS)), 120_000);
  return `outage service=${service} down_s=${OUTAGE_S} cpu_pct=${fixed(cpu * 100)} log_lines=${lines} peak_rss_mb=${fixed(Math.max(peak.sampledMb, 0))} answered=${r.answered}/${OUTAGE_MAILS} doubled=${r.doubled} max_reply_s=${fixed(r.maxReplyS)}`;
}

async function sigterm(s: Stack, w: WorkerProcess, during: boolean): Promise<{ line: string; exitS: number }> {
  if (during) {
    await s.dovecot.stop();
    await sleep(10_000);
  }
  const t0 = Date.now();
  const code = await w.stop(60_000);
  const exitS = (Date.now() - t0) / 1000;
  if (during) await s.dovecot.start();
  return { line: `sigterm ${during ? 'during_imap_outage' : 'all_up'} exit_s=${fixed(exitS, 2)} code=${code}`, exitS };
}

async function sigkillBacklog(s: Stack): Promise<{ line: string; maxReplyS: number; lost: number; doubled: number }> {
  let w = await startWorker(s, 'backlog-a');
  const list = await mails(s, BACKLOG_N);
  const before = s.replies.count;
  const appending = append(s, list, 20);
  while (s.replies.count - before < BACKLOG_N / 3) await sleep(50);
  process.kill(w.pid, 'SIGKILL');
  await w.stop(1000);
  w = await startWorker(s, 'backlog-b');
  const r = await replies(s, await appending, 180_000);
  await sleep(3000); // time for a late duplicate to show
  const again = await replies(s, await appending, 1);
  await w.stop();
  const lost = BACKLOG_N - again.answered;
  return { line: `sigkill backlog=${BACKLOG_N} lost=${lost} doubled=${again.doubled} max_reply_s=${fixed(r.maxReplyS)}`, maxReplyS: r.maxReplyS, lost, doubled: again.doubled };
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(os.tmpdir(), 'sd-outage-'));
  const stack = await startPrivateStack();
  try {
    // The worker needs the schema and the registry; this process needs no connection afterwards.
    await (await openRegistryDb(stack.pg.url, ROOT, 2)).destroy();
    const s: Stack = { ...stack, env: stack.workerEnv({ WORKER_HTTP_PORT: '0' }), fx: loadFixtures(ROOT), dir };
    const out: string[] = [];
    const say = (line: string) => {
      out.push(line);
      process.stdout.write(`${line}\n`);
    };

    let w = await startWorker(s, 'outages');
    for (const service of ['imap', 'postgresql', 'redis'] as const) say(await outage(s, w, service));
    const during = await sigterm(s, w, true);
    say(during.line);
    w = await startWorker(s, 'sigterm');
    await sleep(2000);
    const up = await sigterm(s, w, false);
    say(up.line);
    const kill = await sigkillBacklog(s);
    say(kill.line);

    const num = (re: RegExp) => out.map((l) => Number(re.exec(l)?.[1])).filter((n) => Number.isFinite(n));
    say(
      `outage_max_cpu_pct=${fixed(Math.max(...num(/cpu_pct=([\d.]+)/)))} outage_max_log_lines=${Math.max(...num(/log_lines=(\d+)/))} ` +
        `outage_max_rss_mb=${fixed(Math.max(...num(/peak_rss_mb=([\d.]+)/)))} resume_max_reply_s=${fixed(Math.max(...num(/^outage .*max_reply_s=([\d.]+)/)))} ` +
        `sigterm_max_exit_s=${fixed(Math.max(during.exitS, up.exitS), 2)} sigkill_lost=${kill.lost} sigkill_doubled=${kill.doubled} sigkill_max_reply_s=${fixed(kill.maxReplyS)}`,
    );
  } finally {
    await stack.dispose();
    if (process.env.OUTAGE_KEEP === '1') process.stderr.write(`worker logs kept in ${dir}\n`);
    else rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  process.stderr.write(`outage: ${(err as Error).stack ?? err}\n`);
  process.exit(1);
});

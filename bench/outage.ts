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
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import { join, resolve } from 'node:path';
import { startDovecot, type DovecotHandle } from '../harness/dovecot';
import { startSmtpSink, type ReceivedHeaders, type SmtpSink } from '../harness/smtp-sink';
import { startPrivatePostgres, startPrivateRedis, type PrivateServer } from '../harness/private-services';
import { createDataSource } from '../src/db/data-source';
import { migrate } from '../src/db/open';
import { readCompaniesCsv, readContactsCsv } from '../src/contacts/csv';
import { importRegistry } from '../src/contacts/import';
import { buildLightLoad, loadFixtures, type BenchMail, type Fixtures } from './lib/corpus';
import { RssSampler } from './lib/proc';
import { startWorkerProcess, type WorkerProcess } from './lib/services';
import { fixed, sleep } from './lib/stats';

const ROOT = resolve(__dirname, '..', '..');
const OUTAGE_S = Number(process.env.OUTAGE_S ?? 45);
const OUTAGE_MAILS = Number(process.env.OUTAGE_MAILS ?? 10);
const BACKLOG_N = Number(process.env.OUTAGE_BACKLOG_N ?? 200);
const MAILBOX_USER = 'support@microbizz.dk';

interface Stack {
  dovecot: DovecotHandle;
  pg: PrivateServer;
  redis: PrivateServer;
  sink: SmtpSink<ReceivedHeaders>;
  env: Record<string, string>;
  fx: Fixtures;
  dir: string;
}

/** CPU seconds (user + system) of one process so far. */
function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(f[11]) + Number(f[12])) / 100; // USER_HZ is 100 on Linux
}

let runs = 0;
async function mails(s: Stack, n: number): Promise<BenchMail[]> {
  return buildLightLoad(n, s.fx, { seed: ++runs, runId: `outage-${Date.now()}-${runs}` });
}

/** Appends `list` (at `perSecond`, 0: at once); resolves with each mail's append time. */
async function append(s: Stack, list: BenchMail[], perSecond = 0): Promise<Map<string, number>> {
  const at = new Map<string, number>();
  for (const m of list) {
    await s.dovecot.append(MAILBOX_USER, m.raw);
    at.set(`<${m.messageId}>`, Date.now());
    if (perSecond) await sleep(1000 / perSecond);
  }
  return at;
}

/** Waits until every mail has a reply; the longest append → first reply, and replies per mail. */
async function replies(s: Stack, appended: Map<string, number>, timeoutMs: number) {
  const end = Date.now() + timeoutMs;
  const first = new Map<string, number>();
  const count = new Map<string, number>();
  for (;;) {
    first.clear();
    count.clear();
    for (const r of s.sink.messages) {
      const to = r.headers.get('in-reply-to');
      if (!to || !appended.has(to)) continue;
      count.set(to, (count.get(to) ?? 0) + 1);
      if (!first.has(to)) first.set(to, r.receivedAt.getTime());
    }
    if (first.size === appended.size || Date.now() > end) break;
    await sleep(200);
  }
  const waits = [...first].map(([id, t]) => t - appended.get(id)!);
  return {
    answered: first.size,
    doubled: [...count.values()].filter((n) => n > 1).length,
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
  const cpu0 = cpuSeconds(w.pid);
  const t0 = Date.now();
  await server.stop();
  await sleep(OUTAGE_S * 1000);
  const cpu = (cpuSeconds(w.pid) - cpu0) / ((Date.now() - t0) / 1000);
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
  const before = s.sink.messages.length;
  const appending = append(s, list, 20);
  while (s.sink.messages.length - before < BACKLOG_N / 3) await sleep(50);
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
  const [dovecot, pg, redis, sink] = await Promise.all([startDovecot(), startPrivatePostgres(), startPrivateRedis(), startSmtpSink({ parse: 'headers' })]);
  try {
    const ds = createDataSource({ url: pg.url, poolSize: 2 }); // migrate() holds one connection for its lock
    await ds.initialize();
    await migrate(ds);
    const reg = join(ROOT, 'test', 'fixtures', 'registry');
    await importRegistry(ds, readCompaniesCsv(readFileSync(join(reg, 'companies.csv'), 'utf8')), readContactsCsv(readFileSync(join(reg, 'contacts.csv'), 'utf8')));
    await ds.destroy();
    const user = dovecot.users[0]!;
    const env: Record<string, string> = {
      NODE_OPTIONS: '--max-old-space-size=256',
      DATABASE_URL: pg.url,
      REDIS_URL: redis.url,
      IMAP_HOST: dovecot.host,
      IMAP_PORT: String(dovecot.port),
      IMAP_SECURE: 'false',
      IMAP_USER: user.user,
      IMAP_PASSWORD: user.password,
      SMTP_HOST: sink.host,
      SMTP_PORT: String(sink.port),
      SMTP_SECURE: 'false',
      WORKER_HTTP_PORT: '0',
      REPLY_BUDGET_PER_HOUR: '1000000',
      REPLY_BUDGET_PER_DAY: '1000000',
    };
    const s: Stack = { dovecot, pg, redis, sink, env, fx: loadFixtures(ROOT), dir };
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
    await Promise.allSettled([dovecot.dispose(), pg.dispose(), redis.dispose(), sink.stop()]);
    if (process.env.OUTAGE_KEEP === '1') process.stderr.write(`worker logs kept in ${dir}\n`);
    else rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  process.stderr.write(`outage: ${(err as Error).stack ?? err}\n`);
  process.exit(1);
});

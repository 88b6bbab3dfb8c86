/**
 * `npm run hostile` (after `npm run build`): the two mails that used to take the service desk
 * down (harness/hostile-mail.ts: a 21 MB mail of one 15 MiB "word", and 280,000 nested tags)
 * among HOSTILE_ORDINARY (20) ordinary mails, appended to a private Dovecot for a worker run
 * as `npm start` runs it (256 MB heap). Measured: the worker's peak RSS, whether it stayed up,
 * when each hostile mail ended and how, the ordinary mails answered; then `servicedesk serve`
 * while an agent opens each hostile mail (page, frame, ticket): the slowest /healthz of serve
 * and of the worker meanwhile. Last stdout line: the summary.
 */
import 'reflect-metadata';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import { join, resolve } from 'node:path';
import type { DataSource } from 'typeorm';
import { freePort } from '../harness/ports';
import { supervise } from '../harness/supervisor';
import { deepHtmlMail, giantWordMail } from '../harness/hostile-mail';
import { createUser } from '../src/users/users';
import { createApiToken } from '../src/users/api-tokens';
import { buildLightLoad, loadFixtures } from './lib/corpus';
import { RssSampler } from './lib/proc';
import { startPrivateStack } from './lib/private-stack';
import { openRegistryDb } from './lib/registry';
import { totalReplies } from './lib/replies';
import { startWorkerProcess } from './lib/services';
import { fixed, sleep } from './lib/stats';
import { MAILBOX_USER } from './lib/worker-env';

const ROOT = resolve(__dirname, '..', '..');
const ORDINARY = Number(process.env.HOSTILE_ORDINARY ?? 20);

async function main(): Promise<void> {
  const dir = mkdtempSync(join(os.tmpdir(), 'sd-hostile-'));
  const stack = await startPrivateStack();
  const { dovecot, replies } = stack;
  let ds: DataSource | undefined;
  try {
    ds = await openRegistryDb(stack.pg.url, ROOT, 2);
    const workerPort = await freePort();
    // The hostile mails carry mx1.microbizz.dk's Authentication-Results: verified senders, so they go all the way through.
    const env = stack.workerEnv({ TRUSTED_AUTHSERV_IDS: 'mx1.microbizz.dk', WORKER_HTTP_PORT: String(workerPort) });
    const worker = await startWorkerProcess(ROOT, env, { logFile: join(dir, 'worker.log') });
    await worker.waitForLog('watching mailbox', 30_000);
    const rss = new RssSampler(worker.pid, 100);

    const ordinary = await buildLightLoad(ORDINARY, loadFixtures(ROOT), { seed: 7, runId: `hostile-${Date.now()}` });
    const t0 = Date.now();
    for (let i = 0; i < ordinary.length; i++) {
      await dovecot.append(MAILBOX_USER, ordinary[i]!.raw);
      if (i === Math.floor(ordinary.length / 3)) await dovecot.append(MAILBOX_USER, giantWordMail());
      if (i === Math.floor((2 * ordinary.length) / 3)) await dovecot.append(MAILBOX_USER, deepHtmlMail());
    }
    const ended = new Map<string, { state: string; s: number }>();
    while (Date.now() - t0 < 180_000 && ended.size < 2) {
      for (const r of await ds.query(`SELECT id::text AS id, state FROM inbound_mails WHERE size > 1000000 AND state <> 'received'`)) {
        if (!ended.has(r.id)) ended.set(r.id, { state: r.state, s: (Date.now() - t0) / 1000 });
      }
      await sleep(200);
    }
    const ids = new Set(ordinary.map((m) => m.messageId));
    const answered = totalReplies(await replies.waitForAnswers(ids, t0 + 180_000, 200, (a) => totalReplies(a) >= ordinary.length));
    const alive = !worker.exited();

    // An agent opens each hostile mail while both /healthz endpoints are asked every 50 ms.
    const servePort = await freePort();
    const serve = supervise(process.execPath, [join(ROOT, 'bin', 'servicedesk.js'), 'serve'], { cwd: ROOT, env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', ...env, HTTP_PORT: String(servePort) } });
    let out = '';
    serve.process.stdout?.on('data', (d) => (out += d));
    for (let i = 0; i < 300 && !/agent workspace on/.test(out); i++) await sleep(100);
    const agent = await createUser(ds, { email: 'agent@microbizz.dk', name: 'Agent', role: 'agent', password: 'a-long-enough-password' });
    const { token } = await createApiToken(ds, agent.id, 'bench');
    const slowest = { serve: 0, worker: 0 };
    let polling = true;
    const poll = async (name: 'serve' | 'worker', url: string) => {
      while (polling) {
        const t = Date.now();
        await fetch(url, { signal: AbortSignal.timeout(60_000) }).then((r) => r.arrayBuffer()).catch(() => undefined);
        slowest[name] = Math.max(slowest[name], Date.now() - t);
        await sleep(50);
      }
    };
    const polls = [poll('serve', `http://127.0.0.1:${servePort}/healthz`), poll('worker', `http://127.0.0.1:${workerPort}/healthz`)];
    const opened: number[] = [];
    for (const r of await ds.query(`SELECT m.id::text AS id, t.reference FROM inbound_mails m LEFT JOIN tickets t ON t.id = m.ticket_id WHERE m.size > 1000000`)) {
      for (const url of [`/mails/${r.id}`, `/mails/${r.id}/body`, ...(r.reference ? [`/tickets/${r.reference}`] : [])]) {
        const t = Date.now();
        await fetch(`http://127.0.0.1:${servePort}${url}`, { headers: { authorization: `Bearer ${token}` } }).then((res) => res.arrayBuffer());
        opened.push(Date.now() - t);
      }
    }
    polling = false;
    await Promise.all(polls);
    await serve.stop();
    const peak = rss.peak();
    rss.stop();
    await worker.stop();

    const states = [...ended.values()];
    process.stdout.write(`hostile mails: ${states.map((e) => `${e.state} after ${fixed(e.s)} s`).join(', ') || 'none ended'}\n`);
    process.stdout.write(`ordinary mails answered: ${answered}/${ordinary.length}; worker alive: ${alive}; pages opened in ${opened.map((ms) => `${ms} ms`).join(', ')}\n`);
    process.stdout.write(
      `worker_alive=${alive} peak_rss_mb=${fixed(Math.max(peak.sampledMb, peak.hwmMb))} hostile_ended=${states.length}/2 hostile_max_s=${fixed(Math.max(...states.map((e) => e.s)))} ` +
        `ordinary_answered=${answered}/${ordinary.length} open_max_ms=${Math.max(...opened)} healthz_serve_max_ms=${slowest.serve} healthz_worker_max_ms=${slowest.worker}\n`,
    );
  } finally {
    if (ds?.isInitialized) await ds.destroy();
    await stack.dispose();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  process.stderr.write(`hostile: ${(err as Error).stack ?? err}\n`);
  process.exit(1);
});

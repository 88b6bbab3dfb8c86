/**
 * `node dist/bench/query-census.js` (after `npm run build`): the round trips behind one mail.
 *
 * Runs the real worker in-process (startWorker) against a private Dovecot, an SMTP sink, a
 * scratch PostgreSQL database and a random Redis queue prefix, with node-postgres' and
 * ioredis' query functions wrapped to count every statement and command (and time each
 * round trip). Prints, per mail, how many times each SQL statement and each Redis command
 * ran — the numbers behind the "batch the DB writes" advice in docs/bench/RESULTS.md.
 * Nothing in src/ is changed; the wrappers live only in this process.
 *
 * Env: BENCH_CENSUS_N (300), BENCH_SEED (1), WORKER_CONCURRENCY.
 */
import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Client } from 'pg';
import Redis from 'ioredis';
import { startDovecot, type DovecotHandle } from '../harness/dovecot';
import { startSmtpSink } from '../harness/smtp-sink';
import { loadConfig } from '../src/config/load';
import { createLogger } from '../src/shared/logger';
import { startWorker, type RunningWorker } from '../src/main/worker';
import { buildCorpus, loadFixtures } from './lib/corpus';
import type { BenchSink } from './lib/replies';
import { createScratchDb, deleteQueueKeys, REDIS_URL, type ScratchDb } from './lib/services';
import { fixed, sleep, table } from './lib/stats';
import { MAILBOX_USER, workerEnv } from './lib/worker-env';

const ROOT = resolve(__dirname, '..', '..');
const N = Math.max(1, Number(process.env.BENCH_CENSUS_N ?? 300) || 300);
const SEED = Number(process.env.BENCH_SEED ?? 1) || 1;

interface Tally {
  n: number;
  ms: number;
}
const sql = new Map<string, Tally>();
const redisCmds = new Map<string, Tally>();
let counting = false;

function note(map: Map<string, Tally>, key: string, ms: number): void {
  if (!counting) return;
  const t = map.get(key) ?? { n: 0, ms: 0 };
  t.n++;
  t.ms += ms;
  map.set(key, t);
}

function normaliseSql(text: string): string {
  return text.replace(/\s+/g, ' ').trim().slice(0, 90);
}

/** Wraps pg's Client#query (promise and callback forms) and ioredis' sendCommand. */
function instrument(): void {
  const proto = Client.prototype as unknown as { query: (...a: unknown[]) => unknown };
  const orig = proto.query;
  proto.query = function (this: unknown, ...args: unknown[]) {
    const q = args[0] as string | { text?: string } | undefined;
    const text = typeof q === 'string' ? q : (q?.text ?? '(query object)');
    const key = normaliseSql(text);
    const t = performance.now();
    const cb = typeof args[args.length - 1] === 'function' ? (args[args.length - 1] as (...r: unknown[]) => void) : null;
    if (cb) {
      args[args.length - 1] = (...r: unknown[]) => {
        note(sql, key, performance.now() - t);
        cb(...r);
      };
      return orig.apply(this, args);
    }
    const res = orig.apply(this, args) as Promise<unknown> | unknown;
    if (res && typeof (res as Promise<unknown>).then === 'function') {
      return (res as Promise<unknown>).then(
        (v) => {
          note(sql, key, performance.now() - t);
          return v;
        },
        (e) => {
          note(sql, key, performance.now() - t);
          throw e;
        },
      );
    }
    return res;
  };
  const rproto = Redis.prototype as unknown as { sendCommand: (cmd: { name: string; args?: unknown[]; promise: Promise<unknown> }, ...r: unknown[]) => unknown };
  const rorig = rproto.sendCommand;
  rproto.sendCommand = function (this: unknown, cmd, ...rest) {
    const t = performance.now();
    let name = String(cmd.name).toLowerCase();
    // BullMQ runs Lua scripts registered as custom commands (e.g. moveToActive-11); keep the name.
    if (name === 'evalsha' || name === 'eval') name = `${name} (script)`;
    // Blocking waits (bzpopmin & co.) measure idle time, not work: count them, don't time them.
    const blocking = /^(bzpopmin|brpoplpush|blmove|bzpopmax|brpop|blpop)$/.test(name);
    cmd.promise?.then(
      () => note(redisCmds, name, blocking ? 0 : performance.now() - t),
      () => note(redisCmds, name, blocking ? 0 : performance.now() - t),
    );
    return rorig.call(this, cmd, ...rest);
  };
}

async function main(): Promise<void> {
  instrument();
  const runId = randomBytes(4).toString('hex');
  const prefix = `bench-census-${runId}`;
  const fx = loadFixtures(ROOT);
  const corpus = await buildCorpus(N, fx, { seed: SEED, runId });
  let db: ScratchDb | undefined;
  let dovecot: DovecotHandle | undefined;
  let sink: BenchSink | undefined;
  let worker: RunningWorker | undefined;
  try {
    [db, dovecot, sink] = await Promise.all([createScratchDb(ROOT), startDovecot(), startSmtpSink({ parse: 'headers' })]);
    for (const m of corpus) await dovecot.append(MAILBOX_USER, m.raw);
    const config = loadConfig(
      workerEnv(
        { databaseUrl: db.url, redisUrl: REDIS_URL, dovecot, sink },
        {
          QUEUE_PREFIX: prefix,
          IMAP_POLL_SECONDS: '10',
          ...(process.env.WORKER_CONCURRENCY ? { WORKER_CONCURRENCY: process.env.WORKER_CONCURRENCY } : {}),
        },
      ),
      { envFile: false },
    );
    counting = true;
    const t0 = performance.now();
    worker = await startWorker(config, createLogger('silent'));
    const deadline = Date.now() + Math.max(120_000, N * 400);
    let sent = 0;
    let atSink = 0;
    for (;;) {
      atSink += sink.messages.length;
      sink.clear();
      const [c] = await db.ds.query(`
        SELECT (SELECT count(*) FROM inbound_mails)::int AS total,
               (SELECT count(*) FROM inbound_mails WHERE state = 'received')::int AS received,
               (SELECT count(*) FROM outbox WHERE state IN ('pending','sending','failed'))::int AS open,
               (SELECT count(*) FROM outbox WHERE state = 'sent')::int AS sent`);
      sent = c.sent;
      if (c.total >= N && c.received === 0 && c.open === 0 && atSink >= c.sent) break;
      if (Date.now() > deadline) throw new Error(`census: not done in time (${JSON.stringify(c)})`);
      await sleep(250);
    }
    const seconds = (performance.now() - t0) / 1000;
    counting = false;
    // Our own progress polls went through pg too: drop them from the tally.
    for (const k of [...sql.keys()]) if (k.startsWith('SELECT (SELECT count(*) FROM inbound_mails)')) sql.delete(k);

    const rows = (m: Map<string, Tally>) =>
      [...m.entries()]
        .sort((a, b) => b[1].n - a[1].n)
        .map(([k, t]) => [fixed(t.n / N, 2), fixed(t.ms / t.n, 2), fixed(t.ms / N, 2), k]);
    const totalSql = [...sql.values()].reduce((a, t) => a + t.n, 0);
    const totalRedis = [...redisCmds.values()].reduce((a, t) => a + t.n, 0);
    process.stdout.write(`\nQuery census: ${N} mails (${sent} replies) through the in-process worker in ${fixed(seconds, 1)} s (includes start-up)\n`);
    process.stdout.write(`\nPostgreSQL: ${fixed(totalSql / N, 1)} statements per mail (each one round trip; BEGIN/COMMIT included)\n`);
    process.stdout.write(`${table(rows(sql), ['per mail', 'ms each', 'ms/mail', 'statement (first 90 chars)'])}\n`);
    process.stdout.write(`\nRedis: ${fixed(totalRedis / N, 1)} commands per mail (BullMQ scripts count once; blocking waits not timed)\n`);
    process.stdout.write(`${table(rows(redisCmds), ['per mail', 'ms each', 'ms/mail', 'command'])}\n`);
    process.stdout.write(`\nsql_per_mail=${fixed(totalSql / N, 2)} redis_per_mail=${fixed(totalRedis / N, 2)}\n`);
  } finally {
    counting = false;
    await worker?.stop().catch(() => undefined);
    await Promise.allSettled([sink?.stop(), dovecot?.dispose()]);
    await db?.drop().catch(() => undefined);
    await deleteQueueKeys(prefix).catch(() => undefined);
  }
}

main().then(
  () => process.exit(0),
  (err) => {
    process.stderr.write(`query census failed: ${(err as Error).stack ?? String(err)}\n`);
    process.exit(1);
  },
);

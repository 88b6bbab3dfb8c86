/**
 * The real parts the benchmark drives: a scratch PostgreSQL database, the worker as a child
 * process (`node bin/servicedesk.js worker`, so its memory can be read from /proc), and the
 * cleanup of the run's Redis keys.
 */
import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import Redis from 'ioredis';
import type { DataSource } from 'typeorm';
import { createDataSource } from '../../src/db/data-source';
import { supervise } from '../../harness/supervisor';
import { migrateWithRegistry } from './registry';

export const ADMIN_URL = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
export const REDIS_URL = process.env.BENCH_REDIS_URL ?? process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

export interface ScratchDb {
  url: string;
  name: string;
  ds: DataSource;
  drop(): Promise<void>;
}

/** A fresh, migrated database with the test registry imported; drop() removes it. */
export async function createScratchDb(root: string): Promise<ScratchDb> {
  const name = `sd_bench_${randomBytes(5).toString('hex')}`;
  const admin = new Client({ connectionString: ADMIN_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const u = new URL(ADMIN_URL);
  u.pathname = `/${name}`;
  const url = u.toString();
  const ds = createDataSource({ url, poolSize: 3 });
  const drop = async (): Promise<void> => {
    if (ds.isInitialized) await ds.destroy().catch(() => undefined);
    const c = new Client({ connectionString: ADMIN_URL });
    await c.connect();
    await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await c.end();
  };
  try {
    await ds.initialize();
    await migrateWithRegistry(ds, root);
  } catch (err) {
    await drop().catch(() => undefined);
    throw err;
  }
  return { url, name, ds, drop };
}

/** Deletes every key of the run's queue prefix (bounded SCAN loop). */
export async function deleteQueueKeys(prefix: string): Promise<number> {
  const redis = new Redis(REDIS_URL, { maxRetriesPerRequest: 2, lazyConnect: true });
  let n = 0;
  try {
    await redis.connect();
    let cursor = '0';
    for (let i = 0; i < 100_000; i++) {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
      if (keys.length) n += await redis.del(...keys);
      cursor = next;
      if (cursor === '0') break;
    }
  } finally {
    redis.disconnect();
  }
  return n;
}

export interface WorkerProcess {
  /** The worker's own pid (not the supervisor's). */
  pid: number;
  /** Resolves when `needle` appears in the worker's output at or after offset `from`. */
  waitForLog(needle: string, timeoutMs: number, from?: number): Promise<void>;
  /** Characters of output so far (an offset for waitForLog). */
  logLength(): number;
  /** Output lines written since offset `from` (a logLength()). */
  linesSince(from: number): number;
  /** SIGTERM (graceful: finishes jobs, writes the CPU profile), SIGKILL after `graceMs`. */
  stop(graceMs?: number): Promise<number | null>;
  exited(): boolean;
}

export async function startWorkerProcess(
  root: string,
  env: Record<string, string>,
  opts: { logFile: string; cpuProfDir?: string },
): Promise<WorkerProcess> {
  const nodeArgs = opts.cpuProfDir ? ['--cpu-prof', '--cpu-prof-dir', opts.cpuProfDir] : [];
  // Under the shared supervisor: if the benchmark dies for any reason (even SIGKILL) the worker
  // gets SIGTERM, and SIGKILL 20 s later.
  const supervised = supervise(process.execPath, [...nodeArgs, join(root, 'bin', 'servicedesk.js'), 'worker'], {
    cwd: root,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', ...env },
    graceMs: 20_000,
  });
  const sup = supervised.process;
  const log = createWriteStream(opts.logFile);
  // The whole log stays in memory too (a few MB for 5,000 mails) so waitForLog can search it.
  let text = '';
  const listeners = new Set<() => void>();
  const onData = (d: Buffer): void => {
    log.write(d);
    text += d.toString('utf8');
    for (const l of [...listeners]) l();
  };
  sup.stdout!.on('data', onData);
  sup.stderr!.on('data', onData);
  let exitCode: number | null | undefined;
  const exited = new Promise<number | null>((resolve) =>
    sup.once('exit', (code) => {
      exitCode = code;
      for (const l of [...listeners]) l();
      resolve(code);
    }),
  );
  const pid = await supervised.pid;
  return {
    pid,
    exited: () => exitCode !== undefined,
    logLength: () => text.length,
    linesSince(from) {
      let n = 0;
      for (let i = text.indexOf('\n', from); i >= 0; i = text.indexOf('\n', i + 1)) n++;
      return n;
    },
    waitForLog(needle, timeoutMs, from = 0) {
      return new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => finish(new Error(`worker did not log "${needle}" within ${timeoutMs} ms`)), timeoutMs);
        const finish = (err?: Error): void => {
          clearTimeout(timer);
          listeners.delete(check);
          if (err) reject(err);
          else resolve();
        };
        function check(): void {
          if (text.indexOf(needle, from) >= 0) finish();
          else if (exitCode !== undefined) finish(new Error(`worker exited (code ${exitCode}) before logging "${needle}":\n${text.slice(-2000)}`));
        }
        listeners.add(check);
        check();
      });
    },
    async stop(graceMs = 60_000) {
      if (exitCode !== undefined) return exitCode;
      sup.kill('SIGTERM');
      const t = setTimeout(() => {
        try {
          process.kill(pid, 'SIGKILL');
        } catch {
          /* gone */
        }
        sup.kill('SIGKILL');
      }, graceMs);
      const code = await exited;
      clearTimeout(t);
      await new Promise<void>((r) => log.end(() => r()));
      return code;
    },
  };
}

import type { ChildProcess } from 'node:child_process';
import { createTestDatabase } from '../support/db';
import { startDovecot, type DovecotHandle } from '../../harness/dovecot';
import { startPrivateRedis, type PrivateServer } from '../../harness/private-services';
import { freePort } from '../../harness/ports';
import { importTestRegistry, waitUntil, workerEnv } from '../support/env';
import { killHard, spawnCli } from '../support/cli';

jest.setTimeout(120_000);

/**
 * Shutdown always finishes: SIGTERM makes `servicedesk worker` and `servicedesk serve` exit
 * within SHUTDOWN_TIMEOUT_SECONDS whatever is down, and a second signal exits at once.
 */
describe('SIGTERM and SIGINT on the real processes', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let dovecot: DovecotHandle;
  let redis: PrivateServer;
  const children: ChildProcess[] = [];

  beforeAll(async () => {
    [db, dovecot, redis] = await Promise.all([createTestDatabase(), startDovecot(), startPrivateRedis()]);
    await importTestRegistry(db.dataSource);
  });
  afterAll(async () => {
    await Promise.all(children.map((c) => killHard(c)));
    await Promise.allSettled([dovecot?.dispose(), redis?.dispose()]);
    await db?.drop();
  });

  const exitOf = (child: ChildProcess) =>
    new Promise<{ code: number | null; at: number }>((resolve) => {
      if (child.exitCode !== null) return resolve({ code: child.exitCode, at: Date.now() });
      child.once('exit', (code) => resolve({ code, at: Date.now() }));
    });

  async function worker(extra: Record<string, string>) {
    const port = await freePort();
    const env = workerEnv({ databaseUrl: db.url, dovecot, extra: { REDIS_URL: redis.url, WORKER_HTTP_PORT: String(port), LOG_LEVEL: 'info', ...extra } });
    const child = spawnCli(['worker'], env);
    children.push(child);
    await waitUntil(async () => /watching mailbox/.test(child.output()), 20_000, 'the worker to watch the mailbox');
    return child;
  }

  it('worker: SIGTERM while the mailbox and Redis are down exits within SHUTDOWN_TIMEOUT_SECONDS', async () => {
    const child = await worker({ SHUTDOWN_TIMEOUT_SECONDS: '4' });
    await Promise.all([dovecot.stop(), redis.stop()]);
    await new Promise((r) => setTimeout(r, 2000));
    const exited = exitOf(child);
    const t0 = Date.now();
    child.kill('SIGTERM');
    const { code, at } = await exited;
    expect(at - t0).toBeLessThan(4_000 + 1_500);
    expect(code).not.toBeNull();
    expect(child.output()).toMatch(/shutting down/);
    await Promise.all([dovecot.start(), redis.start()]);
  });

  it('worker: SIGTERM with everything up stops cleanly and at once, exit code 0', async () => {
    const child = await worker({});
    const exited = exitOf(child);
    const t0 = Date.now();
    child.kill('SIGTERM');
    const { code, at } = await exited;
    expect(code).toBe(0);
    expect(at - t0).toBeLessThan(5_000);
    expect(child.output()).toMatch(/"msg":"stopped"/);
  });

  it('worker: a second signal exits at once', async () => {
    const child = await worker({ SHUTDOWN_TIMEOUT_SECONDS: '60' });
    await redis.stop(); // the queue workers cannot close: the first signal alone would wait
    const exited = exitOf(child);
    child.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 500));
    const t0 = Date.now();
    child.kill('SIGINT');
    const { code, at } = await exited;
    expect(at - t0).toBeLessThan(1_500);
    expect(code).toBe(130);
    await redis.start();
  });

  it('serve: SIGTERM exits within the deadline', async () => {
    const port = await freePort();
    const child = spawnCli(['serve'], { ...workerEnv({ databaseUrl: db.url }), REDIS_URL: redis.url, HTTP_PORT: String(port), SHUTDOWN_TIMEOUT_SECONDS: '3', LOG_LEVEL: 'info' });
    children.push(child);
    await waitUntil(async () => /agent workspace on/.test(child.output()), 20_000, 'serve to listen');
    await redis.stop();
    const exited = exitOf(child);
    const t0 = Date.now();
    child.kill('SIGTERM');
    const { at } = await exited;
    expect(at - t0).toBeLessThan(3_000 + 1_500);
    await redis.start();
  });
});

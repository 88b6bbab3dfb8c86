import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePort, isPortOpen, waitForPortClosed } from './ports';

const run = promisify(execFile);

/**
 * Private PostgreSQL and Redis servers for fault tests and the outage measurement: they can be
 * stopped, started and restarted under a running worker without touching the machine's shared
 * servers or other tests. Loopback only. Like the Dovecot harness: stop() takes the server
 * away (its data stays), start() brings it back on the same port, dispose() removes it all.
 */
export interface PrivateServer {
  url: string;
  stop(): Promise<void>;
  start(): Promise<void>;
  restart(): Promise<void>;
  dispose(): Promise<void>;
}

function pgBin(name: string): string {
  const versions = readdirSync('/usr/lib/postgresql').sort();
  return join('/usr/lib/postgresql', versions[versions.length - 1], 'bin', name);
}

/** initdb + pg_ctl as the `postgres` user when run as root (PostgreSQL refuses root). */
export async function startPrivatePostgres(): Promise<PrivateServer> {
  const dir = mkdtempSync(join(tmpdir(), 'sd-pg-'));
  chmodSync(dir, 0o777);
  const data = join(dir, 'data');
  const port = await freePort();
  const asPg = (cmd: string, args: string[]) => (process.getuid?.() === 0 ? run('runuser', ['-u', 'postgres', '--', cmd, ...args]) : run(cmd, args));
  await asPg(pgBin('initdb'), ['-D', data, '-A', 'trust', '-U', 'postgres', '--no-sync']);
  let running = false;
  const start = async () => {
    if (running) return;
    await asPg(pgBin('pg_ctl'), ['-D', data, '-l', join(dir, 'log'), '-w', '-o', `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off`, 'start']);
    running = true;
  };
  const stop = async (mode: 'fast' | 'immediate' = 'fast') => {
    if (!running) return;
    await asPg(pgBin('pg_ctl'), ['-D', data, '-m', mode, '-w', 'stop']).catch(() => undefined);
    running = false;
  };
  await start();
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    stop: () => stop(),
    start,
    async restart() {
      await stop();
      await start();
    },
    async dispose() {
      await stop('immediate');
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A Redis without persistence, like this machine's: stop() loses every key. */
export async function startPrivateRedis(): Promise<PrivateServer> {
  const port = await freePort();
  let child: ChildProcess | null = null;
  const start = async () => {
    if (child) return;
    child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
    for (let i = 0; i < 100 && !(await isPortOpen(port)); i++) await new Promise((r) => setTimeout(r, 50));
  };
  const stop = async () => {
    if (!child) return;
    child.kill('SIGKILL');
    child = null;
    await waitForPortClosed(port);
  };
  await start();
  return {
    url: `redis://127.0.0.1:${port}`,
    stop,
    start,
    async restart() {
      await stop();
      await start();
    },
    dispose: stop,
  };
}

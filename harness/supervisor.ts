/**
 * Runs a server or worker process for tests and the benchmark so that it can never outlive
 * the process that started it: a tiny Node supervisor sits in between, its stdin a pipe from
 * us. When we exit for any reason (even SIGKILL, or a Jest worker being torn down) the pipe
 * closes and the supervisor stops the child. `process.on('exit')` would not be enough: inside
 * Jest, `process` is a sandbox copy whose 'exit' event never fires.
 *
 * The child runs in its own process group. Stopping sends it SIGTERM and, after `graceMs`,
 * SIGKILLs the whole group (Dovecot's master, if killed hard, leaves its children running;
 * a worker that ignores SIGTERM is ended all the same). The supervisor reports the child's
 * pid on fd 3 and exits with the child's exit code.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import type net from 'node:net';

const SUPERVISOR_JS = `
'use strict';
const { spawn } = require('child_process');
const fs = require('fs');
const os = require('os');
const [graceArg, bin, ...args] = process.argv.slice(1);
const graceMs = Number(graceArg) || 250;
const child = spawn(bin, args, { stdio: ['ignore', 'inherit', 'inherit'], detached: true });
try { fs.writeSync(3, String(child.pid) + '\\n'); fs.closeSync(3); } catch (e) {}
const killGroup = (sig) => { try { process.kill(-child.pid, sig); } catch (e) {} };
let stopping = false;
function stop() {
  if (stopping) return;
  stopping = true;
  try { child.kill('SIGTERM'); } catch (e) {}
  setTimeout(() => killGroup('SIGKILL'), graceMs);
}
process.stdin.on('data', () => {});
process.stdin.on('end', stop);
process.stdin.on('close', stop);
process.stdin.on('error', stop);
for (const s of ['SIGTERM', 'SIGINT', 'SIGHUP']) process.on(s, stop);
for (const s of [process.stdout, process.stderr]) s.on('error', () => {});
child.on('error', (e) => { try { process.stderr.write('supervisor: ' + e.message + '\\n'); } catch (_) {} process.exit(127); });
child.on('exit', (code, signal) => {
  // Whatever of the group is left (a child that lingers after its parent) goes too.
  killGroup('SIGKILL');
  process.exit(code !== null ? code : 128 + ((signal && os.constants.signals[signal]) || 0));
});
`;

export interface Supervised {
  /** The supervisor process (its stdout/stderr carry the child's output). */
  process: ChildProcess;
  /** The supervised child's own pid. */
  pid: Promise<number>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  hasExited(): boolean;
  /** SIGTERM, the group SIGKILLed after the grace period; resolves when the supervisor is gone. */
  stop(): Promise<void>;
}

export interface SuperviseOptions {
  graceMs?: number;
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  /** Let this process exit while the child runs (its stdin pipe then stops the child). */
  unref?: boolean;
}

export function supervise(bin: string, args: string[], opts: SuperviseOptions = {}): Supervised {
  const sup = spawn(process.execPath, ['-e', SUPERVISOR_JS, String(opts.graceMs ?? 250), bin, ...args], {
    stdio: ['pipe', 'pipe', 'pipe', 'pipe'],
    env: opts.env ?? { ...process.env },
    cwd: opts.cwd,
  });
  sup.stdin?.on('error', () => undefined);
  let exitedFlag = false;
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    sup.once('exit', (code, signal) => {
      exitedFlag = true;
      resolve({ code, signal });
    });
    sup.once('error', () => {
      exitedFlag = true;
      resolve({ code: null, signal: null });
    });
  });
  const pid = new Promise<number>((resolve, reject) => {
    let buf = '';
    const fd3 = sup.stdio[3] as net.Socket | null;
    fd3?.on('data', (d: Buffer) => {
      buf += d.toString();
      if (buf.includes('\n')) resolve(Number(buf.trim()));
    });
    void exited.then(() => reject(new Error(`supervised ${bin} exited before reporting its pid`)));
  });
  pid.catch(() => undefined);
  if (opts.unref) {
    sup.unref();
    for (const s of [sup.stdin, sup.stdout, sup.stderr, sup.stdio[3]]) (s as unknown as net.Socket | null)?.unref?.();
  }
  return {
    process: sup,
    pid,
    exited,
    hasExited: () => exitedFlag,
    async stop() {
      if (exitedFlag) return;
      sup.ref();
      // Closing stdin makes the supervisor stop the child; the signal is a belt-and-braces for a
      // supervisor that does not read stdin for some reason.
      sup.stdin?.end();
      sup.kill('SIGTERM');
      const timer = setTimeout(() => {
        sup.kill('SIGKILL');
        void pid.then((p) => process.kill(-p, 'SIGKILL')).catch(() => undefined);
      }, 15_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

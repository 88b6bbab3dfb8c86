/**
 * Real IMAP server for integration/e2e tests and the benchmark: a private,
 * throwaway Dovecot 2.3 instance per call.
 *
 *   const dc = await startDovecot({ users: [{ user: 'support@microbizz.dk', password: 'pw' }] });
 *   await dc.append('support@microbizz.dk', rawMail);
 *   const imap = await dc.client('support@microbizz.dk');   // logged-in ImapFlow, caller logs out
 *   await dc.stop();      // the server goes away (mail is kept; clients see the connection drop)
 *   await dc.start();     // and comes back on the same port with the same mail
 *   await dc.restart();   // both
 *   await dc.dispose();   // stop and remove everything
 *
 * Each instance lives in its own temp dir (`baseDir`): rendered config (from
 * harness/dovecot.conf.template, see dovecot-config.ts), Dovecot's base_dir (`run/`) and
 * state_dir (`state/`), the log file (`dovecot.log`), the passwd-file and the Maildirs
 * (`mail/<user>/Maildir`). It listens on 127.0.0.1 only, on a port picked at runtime, and
 * never reads or touches /etc/dovecot or the system instance, so several instances can run
 * at once. Dovecot runs in the foreground (`dovecot -F -c <conf>`) under the shared
 * supervisor (supervisor.ts), so it never outlives the process that started it.
 *
 * If Dovecot is not installed, scripts/ensure-dovecot.sh installs it first.
 *
 * Env: DOVECOT_TEST_KEEP=1 keeps the temp dir after dispose() (for debugging);
 * DOVECOT_BIN overrides /usr/sbin/dovecot.
 */
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { ImapFlow } from 'imapflow';
import { freePort, waitForPortClosed } from './ports';
import { supervise, type Supervised } from './supervisor';
import { probeLogin } from './imap-probe';
import { DOVECOT_BIN, ensureDovecotInstalled, findUp, processIdentity, renderTemplate, validateUsers, type DovecotUser } from './dovecot-config';

export type { DovecotUser } from './dovecot-config';

export interface DovecotHandle {
  host: '127.0.0.1';
  port: number;
  users: DovecotUser[];
  /** The instance's temp dir (config, log, Dovecot base_dir in run/, Maildirs in mail/). */
  baseDir: string;
  /** Dovecot's log file (all log levels). */
  logFile: string;
  /** Append a raw RFC 822 message to `mailbox` (default INBOX; created if missing). */
  append(user: string, raw: Buffer | string, mailbox?: string, flags?: string[]): Promise<void>;
  /** A new, connected and logged-in ImapFlow for `user`. The caller must logout()/close() it. */
  client(user: string): Promise<ImapFlow>;
  /** Is the server running (between start and stop)? */
  isRunning(): boolean;
  /** Stop the server (its port closes, connected clients are dropped); the mail stays. */
  stop(): Promise<void>;
  /** Start a stopped server again, on the same port, with the same mail. */
  start(): Promise<void>;
  restart(): Promise<void>;
  /** Stop the server and remove its temp dir. Idempotent. */
  dispose(): Promise<void>;
}

export interface StartDovecotOptions {
  users?: DovecotUser[];
  /** How long to wait for the server to accept a login. Default 30 s. */
  startTimeoutMs?: number;
}

export const DEFAULT_DOVECOT_USERS: readonly DovecotUser[] = Object.freeze([
  Object.freeze({ user: 'support@microbizz.dk', password: 'support-secret' }),
]);

const HOST = '127.0.0.1' as const;
const TEMPLATE_REL = path.join('harness', 'dovecot.conf.template');
/** Grace period between SIGTERM and SIGKILL of Dovecot's process group on stop(). */
const STOP_GRACE_MS = 250;

async function readTail(file: string, lines = 40): Promise<string> {
  try {
    const text = await fsp.readFile(file, 'utf8');
    return text.split('\n').slice(-lines - 1).join('\n').trimEnd();
  } catch {
    return '(no log file)';
  }
}

function shortTmpRoot(): string {
  // Dovecot's unix sockets live in base_dir; keep paths well below the
  // 108-byte sun_path limit.
  const fromEnv = process.env.DOVECOT_TEST_TMPDIR;
  if (fromEnv) return fromEnv;
  const tmp = os.tmpdir();
  return tmp.length <= 40 ? tmp : '/tmp';
}

let instanceCounter = 0;
const TMP_PREFIX = 'mbz-dovecot-';

function pidAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function isDovecot(pid: number): boolean {
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('dovecot');
  } catch {
    return true; // can't tell: assume it is
  }
}

/**
 * Remove temp dirs left by instances whose owning process died without
 * stop() (e.g. SIGKILL; the supervisor still stopped Dovecot itself).
 */
async function sweepStaleDirs(root: string): Promise<void> {
  let names: string[];
  try {
    names = (await fsp.readdir(root)).filter((n) => n.startsWith(TMP_PREFIX));
  } catch {
    return;
  }
  for (const name of names) {
    const dir = path.join(root, name);
    try {
      const owner = Number((await fsp.readFile(path.join(dir, 'owner.pid'), 'utf8')).trim());
      if (!Number.isInteger(owner) || owner <= 0 || pidAlive(owner)) continue; // being created, or alive
      const master = Number(
        (await fsp.readFile(path.join(dir, 'run', 'master.pid'), 'utf8').catch(() => '')).trim(),
      );
      if (pidAlive(master) && isDovecot(master)) continue; // still shutting down (or orphaned): leave it alone
      await fsp.rm(dir, { recursive: true, force: true });
    } catch {
      /* not ours, or raced with another sweeper */
    }
  }
}

interface RunningServer {
  sup: Supervised;
  output: () => string;
}

function spawnDovecot(confFile: string): RunningServer {
  const sup = supervise(DOVECOT_BIN, ['-F', '-c', confFile], { graceMs: STOP_GRACE_MS, unref: true });
  let out = '';
  const collect = (d: Buffer): void => {
    out += d.toString('utf8');
    if (out.length > 64 * 1024) out = out.slice(-32 * 1024);
  };
  sup.process.stdout?.on('data', collect);
  sup.process.stderr?.on('data', collect);
  return { sup, output: () => out };
}

/** Waits until Dovecot accepts a login (true), exits, or the time is up (false). */
async function waitReady(srv: RunningServer, port: number, probeUser: DovecotUser | undefined, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (!srv.sup.hasExited() && Date.now() < deadline) {
    if (await probeLogin(HOST, port, probeUser, 2_000)) return true;
    await new Promise((r) => setTimeout(r, 20));
  }
  return false;
}

async function killServer(srv: RunningServer, port: number): Promise<void> {
  await srv.sup.stop();
  await waitForPortClosed(port, HOST, 10_000);
}

export async function startDovecot(opts: StartDovecotOptions = {}): Promise<DovecotHandle> {
  const users = (opts.users ?? DEFAULT_DOVECOT_USERS).map((u) => ({ user: u.user, password: u.password }));
  validateUsers(users);
  const startTimeoutMs = opts.startTimeoutMs ?? 30_000;

  await ensureDovecotInstalled();

  const id = processIdentity();
  const template = await fsp.readFile(findUp(TEMPLATE_REL), 'utf8');

  const tmpRoot = shortTmpRoot();
  await sweepStaleDirs(tmpRoot);
  const baseDir = await fsp.mkdtemp(path.join(tmpRoot, TMP_PREFIX));
  await fsp.chmod(baseDir, 0o755); // login/auth/mail processes run as other users
  const mailRoot = path.join(baseDir, 'mail');
  const passwdFile = path.join(baseDir, 'passwd');
  const logFile = path.join(baseDir, 'dovecot.log');
  const confFile = path.join(baseDir, 'dovecot.conf');
  await fsp.mkdir(mailRoot, { mode: 0o755 });
  if (process.getuid?.() === 0) await fsp.chown(mailRoot, id.mailUid, id.mailGid);
  await fsp.writeFile(passwdFile, users.map((u) => `${u.user}:{PLAIN}${u.password}::::::\n`).join(''), {
    mode: 0o644,
  });
  await fsp.writeFile(path.join(baseDir, 'owner.pid'), `${process.pid}\n`);

  const keep = process.env.DOVECOT_TEST_KEEP === '1';
  const removeDir = async (): Promise<void> => {
    if (!keep) await fsp.rm(baseDir, { recursive: true, force: true }).catch(() => undefined);
  };

  const probeUser = users[0];
  let server: RunningServer | undefined;
  let port = 0;
  const failure = async (srv: RunningServer, why: string): Promise<Error> =>
    new Error(`dovecot harness: ${why} (port ${port}).\n--- output ---\n${srv.output().trim()}\n--- ${logFile} (tail) ---\n${await readTail(logFile)}`);
  try {
    for (let attempt = 1; ; attempt++) {
      port = await freePort();
      const conf =
        renderTemplate(template, {
          INSTANCE_NAME: `mbz-test-${process.pid}-${++instanceCounter}`,
          BASE_DIR: path.join(baseDir, 'run'),
          STATE_DIR: path.join(baseDir, 'state'),
          LOG_PATH: logFile,
          INTERNAL_USER: id.internalUser,
          LOGIN_USER: id.loginUser,
          MAIL_UID: id.mailUid,
          MAIL_GID: id.mailGid,
          PASSWD_FILE: passwdFile,
          MAIL_ROOT: mailRoot,
          IMAP_PORT: port,
        }) + (id.extraConfig ? `\n${id.extraConfig}` : '');
      await fsp.writeFile(confFile, conf, { mode: 0o644 });

      const srv = spawnDovecot(confFile);
      server = srv;
      if (await waitReady(srv, port, probeUser, startTimeoutMs)) break;
      if (srv.sup.hasExited()) {
        if (/Address already in use/i.test(`${srv.output()}\n${await readTail(logFile)}`) && attempt < 5) {
          await fsp.rm(logFile, { force: true });
          continue; // lost the race for the port: try another one
        }
        throw await failure(srv, 'Dovecot exited during startup');
      }
      await killServer(srv, port).catch(() => undefined);
      throw await failure(srv, `Dovecot did not accept a login within ${startTimeoutMs} ms`);
    }
  } catch (err) {
    await removeDir();
    throw err;
  }
  if (process.env.DOVECOT_TEST_DEBUG === '1') process.stderr.write(`dovecot harness: started on ${HOST}:${port} (${baseDir})\n`);

  const userMap = new Map(users.map((u) => [u.user, u]));
  const credsFor = (user: string): DovecotUser => {
    const u = userMap.get(user);
    if (!u) throw new Error(`dovecot harness: unknown user ${user} (known: ${[...userMap.keys()].join(', ')})`);
    return u;
  };

  const newClient = async (user: string, extra: { disableAutoIdle?: boolean } = {}): Promise<ImapFlow> => {
    const { password } = credsFor(user);
    const client = new ImapFlow({
      host: HOST,
      port,
      secure: false,
      auth: { user, pass: password },
      logger: false,
      ...extra,
    });
    // An 'error' event without a listener would crash the test process.
    client.on('error', () => undefined);
    await client.connect();
    return client;
  };

  // One cached connection per user for append(), so bulk appends (benchmark
  // seeding) don't pay a login each.
  const appendClients = new Map<string, Promise<ImapFlow>>();
  const appendClient = (user: string): Promise<ImapFlow> => {
    let p = appendClients.get(user);
    if (!p) {
      p = newClient(user, { disableAutoIdle: true }).then((c) => {
        c.on('close', () => {
          if (appendClients.get(user) === p) appendClients.delete(user);
        });
        return c;
      });
      p.catch(() => appendClients.delete(user));
      appendClients.set(user, p);
    }
    return p;
  };

  let running: RunningServer | null = server;
  let disposed = false;
  let transition: Promise<void> = Promise.resolve();
  // start/stop/restart/dispose run one after another, never interleaved.
  const serially = (fn: () => Promise<void>): Promise<void> => (transition = transition.then(fn, fn));

  const closeAppendClients = async (): Promise<void> => {
    const clients = [...appendClients.values()];
    appendClients.clear();
    await Promise.all(clients.map(async (p) => (await p.catch(() => null))?.close()));
  };
  const stopServer = async (): Promise<void> => {
    await closeAppendClients();
    const srv = running;
    running = null;
    if (srv) await killServer(srv, port);
  };
  const startServer = async (): Promise<void> => {
    if (running) return;
    // The port was ours a moment ago; another process may have taken it meanwhile (unlikely
    // on loopback): then there is nothing to do but say so.
    for (let attempt = 1; ; attempt++) {
      const srv = spawnDovecot(confFile);
      if (await waitReady(srv, port, probeUser, startTimeoutMs)) {
        running = srv;
        return;
      }
      const exited = srv.sup.hasExited();
      if (!exited) await killServer(srv, port).catch(() => undefined);
      if (exited && /Address already in use/i.test(`${srv.output()}\n${await readTail(logFile)}`) && attempt < 20) {
        await new Promise((r) => setTimeout(r, 250));
        continue;
      }
      throw await failure(srv, exited ? 'Dovecot exited during restart' : `Dovecot did not accept a login within ${startTimeoutMs} ms after restart`);
    }
  };

  const handle: DovecotHandle = {
    host: HOST,
    port,
    users: users.map((u) => ({ ...u })),
    baseDir,
    logFile,

    async append(user, raw, mailbox = 'INBOX', flags = []) {
      if (!running) throw new Error('dovecot harness: append() while the server is stopped');
      credsFor(user);
      const client = await appendClient(user);
      // Strings are sent as UTF-8; pass a Buffer for exact bytes (e.g. ISO-8859-1 mail).
      const content = typeof raw === 'string' ? Buffer.from(raw, 'utf8') : raw;
      const tryAppend = async (): Promise<boolean> => {
        try {
          return (await client.append(mailbox, content, flags)) !== false;
        } catch (err) {
          if (mailbox.toUpperCase() === 'INBOX') throw err;
          return false;
        }
      };
      if (await tryAppend()) return;
      if (mailbox.toUpperCase() === 'INBOX') throw new Error(`dovecot harness: APPEND to INBOX for ${user} failed`);
      // Most likely the mailbox does not exist (TRYCREATE): create it and retry once.
      await client.mailboxCreate(mailbox);
      if (!(await tryAppend())) throw new Error(`dovecot harness: APPEND to ${mailbox} for ${user} failed`);
    },

    async client(user) {
      if (!running) throw new Error('dovecot harness: client() while the server is stopped');
      return newClient(user);
    },

    isRunning: () => running !== null,
    stop: () => serially(stopServer),
    start: () =>
      serially(async () => {
        if (disposed) throw new Error('dovecot harness: start() after dispose()');
        await startServer();
      }),
    restart: () =>
      serially(async () => {
        await stopServer();
        await startServer();
      }),
    dispose: () =>
      serially(async () => {
        if (disposed) return;
        disposed = true;
        await stopServer();
        await removeDir();
      }),
  };
  return handle;
}

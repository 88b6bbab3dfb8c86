/**
 * Real IMAP server for integration/e2e tests and the benchmark: a private,
 * throwaway Dovecot 2.3 instance per call.
 *
 *   const dc = await startDovecot({ users: [{ user: 'support@microbizz.dk', password: 'pw' }] });
 *   await dc.append('support@microbizz.dk', rawMail);
 *   const imap = await dc.client('support@microbizz.dk');   // logged-in ImapFlow, caller logs out
 *   ...
 *   await dc.stop();
 *
 * Each instance lives in its own temp dir (`baseDir`): rendered config
 * (from harness/dovecot.conf.template), Dovecot's base_dir (`run/`) and
 * state_dir (`state/`), the log file (`dovecot.log`), the passwd-file and the
 * Maildirs (`mail/<user>/Maildir`). It listens on 127.0.0.1 only, on a port
 * picked at runtime, and never reads or touches /etc/dovecot or the system
 * instance, so several instances can run at once.
 *
 * Dovecot runs in the foreground (`dovecot -F -c <conf>`) under a tiny Node
 * supervisor whose stdin is a pipe from this process: when this process
 * exits for any reason (even SIGKILL, or a Jest worker being torn down) the
 * pipe closes and the supervisor terminates Dovecot. `process.on('exit')`
 * would not be enough: inside Jest, `process` is a sandbox copy whose
 * 'exit' event never fires.
 *
 * As root, mail processes run as the `mail` user (Dovecot refuses uid 0),
 * login processes as `dovenull` and internal ones as `dovecot`, the users the
 * Debian package creates. Unprivileged, everything runs as the current user.
 *
 * If Dovecot is not installed, scripts/ensure-dovecot.sh installs it first.
 *
 * Env: DOVECOT_TEST_KEEP=1 keeps the temp dir after stop() (for debugging);
 * DOVECOT_BIN overrides /usr/sbin/dovecot.
 */
import { spawn, execFile, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { ImapFlow } from 'imapflow';
import { freePort, waitForPortClosed } from './ports';

export interface DovecotUser {
  user: string;
  password: string;
}

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
  /** Kill Dovecot, wait until it has exited and the port is closed, remove the temp dir. */
  stop(): Promise<void>;
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
const DOVECOT_BIN = process.env.DOVECOT_BIN ?? '/usr/sbin/dovecot';
const TEMPLATE_REL = path.join('harness', 'dovecot.conf.template');
const ENSURE_REL = path.join('scripts', 'ensure-dovecot.sh');

// --------------------------------------------------------------------------
// Locating repo files (works from harness/ under ts/Jest and from a
// compiled copy under dist/).

function findUp(rel: string): string {
  let dir = __dirname;
  for (;;) {
    const candidate = path.join(dir, rel);
    if (fs.existsSync(candidate)) return candidate;
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`dovecot harness: cannot find ${rel} above ${__dirname}`);
    dir = parent;
  }
}

// --------------------------------------------------------------------------
// Installing Dovecot on demand.

let ensurePromise: Promise<void> | undefined;

function ensureDovecotInstalled(): Promise<void> {
  if (fs.existsSync(DOVECOT_BIN)) return Promise.resolve();
  ensurePromise ??= new Promise<void>((resolve, reject) => {
    const script = findUp(ENSURE_REL);
    execFile('bash', [script], { timeout: 15 * 60_000, maxBuffer: 4 << 20 }, (err, _stdout, stderr) => {
      if (err) {
        reject(new Error(`dovecot harness: ${script} failed (${err.message.split('\n')[0]}):\n${stderr}`));
      } else if (!fs.existsSync(DOVECOT_BIN)) {
        reject(new Error(`dovecot harness: ${script} succeeded but ${DOVECOT_BIN} is still missing`));
      } else {
        resolve();
      }
    });
  }).finally(() => {
    ensurePromise = undefined;
  });
  return ensurePromise;
}

// --------------------------------------------------------------------------
// Users / ids.

interface PasswdEntry {
  name: string;
  uid: number;
  gid: number;
}

function lookupSystemUser(name: string): PasswdEntry | undefined {
  let text: string;
  try {
    text = fs.readFileSync('/etc/passwd', 'utf8');
  } catch {
    return undefined;
  }
  for (const line of text.split('\n')) {
    const f = line.split(':');
    if (f[0] === name && f.length >= 4) return { name, uid: Number(f[2]), gid: Number(f[3]) };
  }
  return undefined;
}

function lookupGroupName(gid: number): string | undefined {
  try {
    for (const line of fs.readFileSync('/etc/group', 'utf8').split('\n')) {
      const f = line.split(':');
      if (f.length >= 3 && Number(f[2]) === gid) return f[0];
    }
  } catch {
    /* no /etc/group */
  }
  return undefined;
}

interface ProcessIdentity {
  internalUser: string;
  loginUser: string;
  mailUid: number;
  mailGid: number;
  /** Extra config appended to the template (unprivileged mode). */
  extraConfig: string;
}

function processIdentity(): ProcessIdentity {
  const uid = process.getuid?.() ?? 0;
  if (uid === 0) {
    const mail = lookupSystemUser('mail') ?? lookupSystemUser('nobody');
    if (!mail) throw new Error('dovecot harness: neither a "mail" nor a "nobody" user exists');
    for (const u of ['dovecot', 'dovenull']) {
      if (!lookupSystemUser(u)) {
        throw new Error(`dovecot harness: system user "${u}" is missing (is dovecot-core installed properly?)`);
      }
    }
    return { internalUser: 'dovecot', loginUser: 'dovenull', mailUid: mail.uid, mailGid: mail.gid, extraConfig: '' };
  }
  // Unprivileged: every Dovecot process runs as us, no chroots.
  const me = os.userInfo();
  const group = lookupGroupName(me.gid);
  const extraConfig = [
    '# unprivileged mode (added by harness/dovecot.ts)',
    ...(group ? [`default_internal_group = ${group}`] : []),
    'service imap-login {\n  chroot =\n  user = $default_login_user\n}',
    'service anvil {\n  chroot =\n}',
    'service auth {\n  user = $default_internal_user\n}',
    'service auth-worker {\n  user = $default_internal_user\n}',
    '',
  ].join('\n');
  return { internalUser: me.username, loginUser: me.username, mailUid: me.uid, mailGid: me.gid, extraConfig };
}

function validateUsers(users: DovecotUser[]): void {
  const seen = new Set<string>();
  for (const { user, password } of users) {
    if (!/^[A-Za-z0-9._@+-]+$/.test(user)) {
      throw new Error(`dovecot harness: unsupported user name ${JSON.stringify(user)} (use [A-Za-z0-9._@+-])`);
    }
    if (/[:\r\n\0]/.test(password) || password.length === 0) {
      throw new Error(`dovecot harness: password for ${user} must be non-empty and contain no ':' or newlines`);
    }
    if (seen.has(user)) throw new Error(`dovecot harness: duplicate user ${user}`);
    seen.add(user);
  }
}

// --------------------------------------------------------------------------
// Config rendering.

function renderTemplate(template: string, vars: Record<string, string | number>): string {
  return template
    .split('\n')
    .map((line) =>
      line.trimStart().startsWith('#')
        ? line // comments may mention placeholders
        : line.replace(/\{\{([A-Z0-9_]+)\}\}/g, (_m, key: string) => {
            if (!(key in vars)) throw new Error(`dovecot harness: template placeholder {{${key}}} has no value`);
            return String(vars[key]);
          }),
    )
    .join('\n');
}

// --------------------------------------------------------------------------
// Supervisor: keeps Dovecot's lifetime tied to this process.

const SUPERVISOR_JS = `
'use strict';
// Runs Dovecot in the foreground in its own process group and ends that whole
// group when told to (stdin EOF, SIGTERM/SIGINT/SIGHUP) or when the master
// exits by itself. Dovecot's master sleeps a fixed 1 s while shutting down
// and, if killed hard, leaves its children (log, auth, imap-login...)
// running; killing the group after a short grace period avoids both.
const { spawn } = require('child_process');
const os = require('os');
const [bin, conf, graceArg] = process.argv.slice(1);
const graceMs = Number(graceArg) || 250;
const child = spawn(bin, ['-F', '-c', conf], { stdio: ['ignore', 'inherit', 'inherit'], detached: true });
const killGroup = (sig) => { try { process.kill(-child.pid, sig); } catch (e) {} };
let stopping = false;
function stop() {
  if (stopping) return;
  stopping = true;
  try { child.kill('SIGTERM'); } catch (e) {} // master stops its children, says BYE to clients
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
  // Whatever of the group is left (the master crashed, or shut down cleanly
  // but a child lingers) goes too.
  killGroup('SIGKILL');
  const rc = code !== null ? code : 128 + ((signal && os.constants.signals[signal]) || 0);
  process.exit(stopping ? 0 : rc);
});
`;

// --------------------------------------------------------------------------
// Readiness probe: a raw IMAP LOGIN (or just the greeting without users).

function imapQuote(s: string): string {
  return `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

function probeLogin(port: number, cred: DovecotUser | undefined, timeoutMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    const sock = net.connect({ host: HOST, port });
    let buf = '';
    let stage: 'greeting' | 'login' | 'logout' = 'greeting';
    let settled = false;
    const finish = (ok: boolean): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      sock.removeAllListeners('data');
      sock.on('error', () => undefined);
      sock.destroy();
      resolve(ok);
    };
    const timer = setTimeout(() => finish(false), timeoutMs);
    sock.setEncoding('latin1');
    sock.on('error', () => finish(false));
    sock.on('close', () => finish(false));
    sock.on('data', (chunk: string) => {
      buf += chunk;
      let nl: number;
      while ((nl = buf.indexOf('\r\n')) >= 0) {
        const line = buf.slice(0, nl);
        buf = buf.slice(nl + 2);
        if (stage === 'greeting') {
          if (!line.startsWith('* OK')) return finish(false);
          if (!cred) return finish(true);
          stage = 'login';
          sock.write(`p1 LOGIN ${imapQuote(cred.user)} ${imapQuote(cred.password)}\r\n`);
        } else if (stage === 'login' && line.startsWith('p1 ')) {
          if (!line.startsWith('p1 OK')) return finish(false);
          stage = 'logout';
          sock.write('p2 LOGOUT\r\n');
        } else if (stage === 'logout' && line.startsWith('p2 ')) {
          return finish(true);
        }
      }
    });
  });
}

// --------------------------------------------------------------------------

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
  child: ChildProcess;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  hasExited: () => boolean;
  output: () => string;
}

/** Grace period between SIGTERM and SIGKILL of Dovecot's process group on stop(). */
const STOP_GRACE_MS = 250;

function spawnSupervised(confFile: string): RunningServer {
  const child = spawn(process.execPath, ['-e', SUPERVISOR_JS, DOVECOT_BIN, confFile, String(STOP_GRACE_MS)], {
    stdio: ['pipe', 'pipe', 'pipe'],
    env: { ...process.env },
  });
  let out = '';
  const collect = (d: Buffer): void => {
    out += d.toString('utf8');
    if (out.length > 64 * 1024) out = out.slice(-32 * 1024);
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  child.stdin?.on('error', () => undefined);
  let exitedFlag = false;
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once('exit', (code, signal) => {
      exitedFlag = true;
      resolve({ code, signal });
    });
    child.once('error', (err) => {
      out += `\nspawn error: ${err.message}`;
      exitedFlag = true;
      resolve({ code: null, signal: null });
    });
  });
  // Don't keep the event loop alive just for Dovecot; if this process exits,
  // the stdin pipe closes and the supervisor stops Dovecot.
  child.unref();
  for (const s of [child.stdin, child.stdout, child.stderr]) {
    (s as unknown as net.Socket | null)?.unref?.();
  }
  return { child, exited, hasExited: () => exitedFlag, output: () => out };
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
  const t0 = Date.now();
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

      const srv = spawnSupervised(confFile);
      server = srv;
      const deadline = Date.now() + startTimeoutMs;
      let ready = false;
      while (!ready && !srv.hasExited() && Date.now() < deadline) {
        ready = await probeLogin(port, probeUser, 2_000);
        if (!ready) await new Promise((r) => setTimeout(r, 20));
      }
      if (ready) break;

      const log = await readTail(logFile);
      if (srv.hasExited()) {
        const both = `${srv.output()}\n${log}`;
        if (/Address already in use/i.test(both) && attempt < 5) {
          await fsp.rm(logFile, { force: true });
          continue; // lost the race for the port: try another one
        }
        throw new Error(
          `dovecot harness: Dovecot exited during startup (port ${port}).\n` +
            `--- output ---\n${srv.output().trim()}\n--- ${logFile} (tail) ---\n${log}`,
        );
      }
      await killServer(srv, port).catch(() => undefined);
      throw new Error(
        `dovecot harness: Dovecot did not accept a login on ${HOST}:${port} within ${startTimeoutMs} ms.\n` +
          `--- output ---\n${srv.output().trim()}\n--- ${logFile} (tail) ---\n${log}`,
      );
    }
  } catch (err) {
    await removeDir();
    throw err;
  }
  const running = server;
  const startupMs = Date.now() - t0;
  if (process.env.DOVECOT_TEST_DEBUG === '1') {
    process.stderr.write(`dovecot harness: started on ${HOST}:${port} in ${startupMs} ms (${baseDir})\n`);
  }

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

  let stopped = false;
  let stopping: Promise<void> | undefined;

  const handle: DovecotHandle = {
    host: HOST,
    port,
    users: users.map((u) => ({ ...u })),
    baseDir,
    logFile,

    async append(user, raw, mailbox = 'INBOX', flags = []) {
      if (stopped) throw new Error('dovecot harness: append() after stop()');
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
      if (stopped) throw new Error('dovecot harness: client() after stop()');
      return newClient(user);
    },

    stop() {
      stopping ??= (async () => {
        stopped = true;
        const clients = [...appendClients.values()];
        appendClients.clear();
        await Promise.all(
          clients.map(async (p) => {
            try {
              (await p).close();
            } catch {
              /* ignore */
            }
          }),
        );
        await killServer(running, port);
        await removeDir();
      })();
      return stopping;
    },
  };
  return handle;
}

async function killServer(srv: RunningServer, port: number): Promise<void> {
  if (!srv.hasExited()) {
    // The child was unref'd; hold the event loop open until it has exited.
    srv.child.ref();
    // Closing stdin makes the supervisor SIGTERM Dovecot; the signal is a
    // belt-and-braces for a supervisor that does not read stdin for some reason.
    srv.child.stdin?.end();
    srv.child.kill('SIGTERM');
    const timedOut = await Promise.race([
      srv.exited.then(() => false),
      new Promise<boolean>((r) => {
        const t = setTimeout(() => r(true), 15_000);
        void srv.exited.then(() => clearTimeout(t));
      }),
    ]);
    if (timedOut) {
      srv.child.kill('SIGKILL');
      await srv.exited;
    }
  }
  await waitForPortClosed(port, HOST, 10_000);
}

/**
 * The parts of the Dovecot harness that prepare an instance: installing Dovecot on demand,
 * the users and ids its processes run as, and the config rendered from
 * harness/dovecot.conf.template. No process is started here (see dovecot.ts).
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface DovecotUser {
  user: string;
  password: string;
}

export const DOVECOT_BIN = process.env.DOVECOT_BIN ?? '/usr/sbin/dovecot';
const ENSURE_REL = path.join('scripts', 'ensure-dovecot.sh');

// --------------------------------------------------------------------------
// Locating repo files (works from harness/ under ts/Jest and from a
// compiled copy under dist/).

export function findUp(rel: string): string {
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

export function ensureDovecotInstalled(): Promise<void> {
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

export interface ProcessIdentity {
  internalUser: string;
  loginUser: string;
  mailUid: number;
  mailGid: number;
  /** Extra config appended to the template (unprivileged mode). */
  extraConfig: string;
}

export function processIdentity(): ProcessIdentity {
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

export function validateUsers(users: DovecotUser[]): void {
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

export function renderTemplate(template: string, vars: Record<string, string | number>): string {
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


import type { DataSource } from 'typeorm';
import { sha256hex } from './secrets';

/**
 * Login limits: failed logins are counted per client address and per account over a window,
 * in PostgreSQL (table login_failures), so every `serve` process shares them and a restart
 * forgets none. Successful logins cost nothing.
 *
 * - Per client: after `perClient` failures in the window that address is refused (429) until
 *   the oldest of them leaves the window, whatever account it names and even with the right
 *   password — the limit is checked before the password is. One address can lock out itself,
 *   nobody else.
 * - Per account: after `perAccount` failures on one account in the window (from any number of
 *   addresses) the account is locked — but only for addresses that have themselves failed on
 *   it within the window. The real user, from an address that has not guessed wrong, still
 *   gets in with the right password: knowing an agent's e-mail is not enough to lock them out.
 *   The price: while an account is locked, an attacker gets one guess per fresh address per
 *   window, besides the `perAccount` that locked it. Against a botnet that is linear in its
 *   size; the 12-character minimum and scrypt are what make those guesses hopeless.
 *
 * The attempt is written as a failure before the password is checked, under advisory locks on
 * the client and the account, and deleted again if the password was right; so a burst of
 * parallel guesses is counted exactly, not all read the same count and slip through.
 */
export interface LoginLimits {
  perClient: number;
  perAccount: number;
  windowSeconds: number;
}

/** The failures that matter for one attempt: their ages in seconds, newest first. */
export interface FailureHistory {
  /** Of this client (any account), at most perClient of them. */
  client: number[];
  /** On this account (any client), at most perAccount of them. */
  account: number[];
  /** Of this client on this account, the newest (at most one). */
  pair: number[];
}

export type LoginDecision = { allowed: true } | { allowed: false; reason: 'client' | 'account'; retryAfterSeconds: number };

/** Pure: may this attempt be checked, and if not, for how long is it refused. */
export function decideLogin(h: FailureHistory, limits: LoginLimits): LoginDecision {
  const w = limits.windowSeconds;
  const blocks: Array<{ reason: 'client' | 'account'; until: number }> = [];
  // The count drops below the limit when the limit-th newest failure leaves the window.
  if (h.client.length >= limits.perClient) blocks.push({ reason: 'client', until: w - h.client[limits.perClient - 1] });
  if (h.account.length >= limits.perAccount && h.pair.length > 0) {
    // Lifted when the account's count drops, or when this client's own failures on it have aged out.
    blocks.push({ reason: 'account', until: Math.min(w - h.account[limits.perAccount - 1], w - h.pair[0]) });
  }
  if (!blocks.length) return { allowed: true };
  const longest = blocks.reduce((a, b) => (b.until > a.until ? b : a));
  return { allowed: false, reason: longest.reason, retryAfterSeconds: Math.max(1, Math.ceil(longest.until)) };
}

/** Lower-case, trimmed, NFC: the same account however it was typed (as checkLogin looks it up). */
export function normaliseAccount(email: string): string {
  return email.normalize('NFC').trim().toLowerCase();
}

export interface LoginAttempt {
  /** normaliseAccount() of the e-mail as typed (known user or not). */
  account: string;
  /** clientKey() of the address fastify resolved under TRUST_PROXY. */
  client: string;
}

/** Two-key advisory locks (a key space apart from the single-bigint locks used elsewhere); one class per kind of key. */
const LOCK_CLIENT = 72_701;
const LOCK_ACCOUNT = 72_702;

/**
 * Checks the limits and, when the attempt may go ahead, records it as a failure (settled by
 * settleLoginAttempt once the password is checked). Returns the row's id to settle.
 */
export async function reserveLoginAttempt(db: DataSource, a: LoginAttempt, limits: LoginLimits): Promise<(LoginDecision & { allowed: false }) | { allowed: true; id: string }> {
  const accountKey = sha256hex(a.account);
  return db.transaction(async (m) => {
    // Always the client's lock first, then the account's: no two attempts wait on each other in a circle.
    await m.query(`SELECT pg_advisory_xact_lock($1, hashtext($2))`, [LOCK_CLIENT, a.client]);
    await m.query(`SELECT pg_advisory_xact_lock($1, hashtext($2))`, [LOCK_ACCOUNT, accountKey]);
    const rows: Array<{ kind: keyof FailureHistory; age: number }> = await m.query(
      `WITH recent AS (SELECT * FROM login_failures WHERE at > now() - make_interval(secs => $3))
       (SELECT 'client' AS kind, extract(epoch FROM now() - at)::float8 AS age FROM recent WHERE client = $1 ORDER BY at DESC LIMIT $4)
       UNION ALL
       (SELECT 'account', extract(epoch FROM now() - at)::float8 FROM recent WHERE account_key = $2 ORDER BY at DESC LIMIT $5)
       UNION ALL
       (SELECT 'pair', extract(epoch FROM now() - at)::float8 FROM recent WHERE client = $1 AND account_key = $2 ORDER BY at DESC LIMIT 1)`,
      [a.client, accountKey, limits.windowSeconds, limits.perClient, limits.perAccount],
    );
    const history: FailureHistory = { client: [], account: [], pair: [] };
    for (const r of rows) history[r.kind].push(Math.max(0, r.age));
    for (const list of Object.values(history)) list.sort((x: number, y: number) => x - y);
    const decision = decideLogin(history, limits);
    if (!decision.allowed) return decision;
    const [row] = await m.query(`INSERT INTO login_failures (account_key, client) VALUES ($1, $2) RETURNING id`, [accountKey, a.client]);
    return { allowed: true as const, id: String(row.id) };
  });
}

/**
 * After the password check. Right: the reservation goes, and so do this client's earlier
 * failures on this account (the user's own typos; never failures on other accounts, or one
 * could reset the client budget by logging in to one's own account between guesses). Wrong:
 * the reservation stays as a failure, and failures older than the window are swept.
 */
export async function settleLoginAttempt(db: DataSource, id: string, a: LoginAttempt, succeeded: boolean, limits: LoginLimits): Promise<void> {
  if (succeeded) {
    await db.query(`DELETE FROM login_failures WHERE id = $1 OR (client = $2 AND account_key = $3)`, [id, a.client, sha256hex(a.account)]);
  } else {
    await db.query(`DELETE FROM login_failures WHERE at < now() - make_interval(secs => $1)`, [limits.windowSeconds]);
  }
}

/** Takes a reservation back without counting it (the check itself failed, e.g. the database hiccupped). */
export async function cancelLoginAttempt(db: DataSource, id: string): Promise<void> {
  await db.query(`DELETE FROM login_failures WHERE id = $1`, [id]);
}

import { ImapFlow } from 'imapflow';
import type { DataSource } from 'typeorm';
import type { Config } from '../../config/schema';
import type { Logger } from '../../shared/logger';
import { Backoff } from '../../shared/backoff';
import { errorMessage, OutageLog } from '../../shared/outage-log';
import { tokenProviderFor, TokenError, type TokenProvider } from '../../mail/oauth-token';
import { loadCursor, saveCursor } from './cursor';
import { fetchAndStore, StoreError, storing } from './fetch-batch';

/**
 * Watches the support mailbox: IMAP IDLE for new mail (imapflow's EXISTS event) plus a
 * periodic safety poll. Order per batch, so nothing is ever lost: fetch → store raw and
 * commit → enqueue → flag \Seen (or move) → advance the cursor. A crash anywhere repeats at
 * most the last batch, and the mail identity makes the repeat a no-op.
 *
 * The connection has ONE reconnect loop (imapflow leaves reconnecting to its caller):
 *  - `client` is set as soon as a client is created, so there is never a second one;
 *  - only the `close`/`error` of the *current* client counts (`lost`); a stale client's
 *    events are ignored, and every lost client is closed, half-open or not;
 *  - one timer owns the next attempt, with exponential backoff and jitter
 *    (IMAP_RECONNECT_MIN_SECONDS doubling to IMAP_RECONNECT_MAX_SECONDS), reset after a
 *    successful sync; a rejected login waits at least AUTH_RETRY_MIN_MS;
 *  - a silent server is found by imapflow's inactivity probe: after IMAP_SOCKET_TIMEOUT_SECONDS
 *    of silence (also during IDLE) it sends NOOP, and a NOOP unanswered by the next timeout
 *    closes the connection, so a dead IDLE is noticed within twice that time.
 * A sync that fails in the database (not the mailbox) is retried on the same connection with
 * its own backoff. Failures are logged quietly (OutageLog).
 */
export interface WatcherDeps {
  db: DataSource;
  config: Config;
  log: Logger;
  /** Called after each stored batch commits (e.g. enqueue BullMQ jobs). */
  onStored(mailIds: string[]): Promise<void>;
  /** Called for each reconnect the watcher schedules (metrics). */
  onReconnectAttempt?: () => void;
}

/** Why the mailbox cannot be read right now. */
export type MailboxProblem = 'auth' | 'token' | 'mailbox' | 'unreachable';

export interface MailboxStatus {
  /** Between start() and stop(): this worker is the one reading the mailbox. */
  running: boolean;
  connected: boolean;
  lastSyncAt: Date | null;
  /** Since when the mailbox could not be read (null while it can). */
  downSince: Date | null;
  problem: MailboxProblem | null;
  lastError: string | null;
}

const BATCH = 50;
/** A rejected login is not retried sooner than this (servers lock accounts that hammer them). */
export const AUTH_RETRY_MIN_MS = 30_000;
/** How long stop() lets a running sync finish, and waits for LOGOUT, before closing. */
const STOP_SYNC_GRACE_MS = 2_000;
const STOP_LOGOUT_MS = 1_000;

/** Pure: what kind of failure an error from connect/open/sync is. */
export function classifyImapError(err: unknown): MailboxProblem {
  const e = err as { authenticationFailed?: boolean; serverResponseCode?: string; responseText?: string; message?: string } | null;
  if (err instanceof TokenError) return 'token';
  if (e?.authenticationFailed || e?.serverResponseCode === 'AUTHENTICATIONFAILED') return 'auth';
  const text = `${e?.serverResponseCode ?? ''} ${e?.responseText ?? ''} ${e?.message ?? ''}`;
  if (/NONEXISTENT|doesn'?t exist|does not exist|mailbox not found|unknown mailbox/i.test(text)) return 'mailbox';
  return 'unreachable';
}

const PROBLEM_TEXT: Record<MailboxProblem, string> = {
  auth: 'login rejected (wrong password, or the access token was revoked)',
  token: 'no access token (the OAuth token provider failed)',
  mailbox: 'the watched folder does not exist (deleted or renamed?)',
  unreachable: 'the IMAP server cannot be reached',
};

export class ImapWatcher {
  private client: ImapFlow | null = null;
  private reconnectTimer: NodeJS.Timeout | null = null;
  private syncRetryTimer: NodeJS.Timeout | null = null;
  private pollTimer: NodeJS.Timeout | null = null;
  private syncing: Promise<void> | null = null;
  private again = false;
  private stopped = true;
  private forceNewToken = false;
  private problem: MailboxProblem | null = null;
  private lastError: string | null = null;
  lastSyncAt: Date | null = null;
  private readonly tokens: TokenProvider | null;
  private readonly connectBackoff: Backoff;
  private readonly syncBackoff: Backoff;
  private readonly mailboxOutage: OutageLog;
  private readonly storeOutage: OutageLog;

  constructor(private readonly deps: WatcherDeps) {
    const { config, log } = deps;
    this.tokens = tokenProviderFor(config, 'imap');
    const backoff = { initialMs: config.IMAP_RECONNECT_MIN_SECONDS * 1000, maxMs: config.IMAP_RECONNECT_MAX_SECONDS * 1000 };
    this.connectBackoff = new Backoff(backoff);
    this.syncBackoff = new Backoff({ initialMs: 1000, maxMs: config.SERVICE_RETRY_MAX_SECONDS * 1000 });
    this.mailboxOutage = new OutageLog(log, `IMAP mailbox ${config.IMAP_MAILBOX}`, { fields: { stage: 'fetch' } });
    this.storeOutage = new OutageLog(log, 'mailbox sync (storing mail)', { fields: { stage: 'fetch' } });
  }

  /** Cursor key: one row per account and mailbox. */
  get key(): string {
    const c = this.deps.config;
    return `${c.IMAP_USER}@${c.IMAP_HOST}/${c.IMAP_MAILBOX}`;
  }

  /** Starts watching; resolves after the first connection attempt (a failed one is retried). */
  async start(): Promise<void> {
    if (!this.stopped) return;
    this.stopped = false;
    this.pollTimer = setInterval(() => void this.requestSync('poll'), this.deps.config.IMAP_POLL_SECONDS * 1000);
    this.pollTimer.unref();
    await this.connect();
  }

  private async connect(): Promise<void> {
    if (this.stopped || this.client) return;
    const { config, log } = this.deps;
    let client: ImapFlow | null = null;
    try {
      // XOAUTH2 when a token provider is configured: a fresh token at every (re)connect, a
      // renewed one after a rejected login.
      const auth = this.tokens
        ? { user: config.IMAP_USER!, accessToken: await this.tokens.getToken(this.forceNewToken) }
        : { user: config.IMAP_USER!, pass: config.IMAP_PASSWORD! };
      if (this.stopped || this.client) return;
      client = new ImapFlow({
        host: config.IMAP_HOST!,
        port: config.IMAP_PORT,
        secure: config.IMAP_SECURE,
        auth,
        tls: { rejectUnauthorized: config.IMAP_TLS_VERIFY },
        logger: false,
        connectionTimeout: config.IMAP_CONNECT_TIMEOUT_SECONDS * 1000,
        greetingTimeout: config.IMAP_CONNECT_TIMEOUT_SECONDS * 1000,
        socketTimeout: config.IMAP_SOCKET_TIMEOUT_SECONDS * 1000,
        // Start IDLE soon after our own commands, so a new mail is announced within ~1 s.
        autoIdleDelay: 250,
        // Some servers drop IDLE silently after ~30 min (RFC 2177 says re-issue before 29).
        maxIdleTime: 5 * 60_000,
      });
      this.client = client;
      const c = client;
      c.on('exists', () => {
        if (this.client === c) void this.requestSync('idle');
      });
      c.on('error', (err: Error) => this.lost(c, err));
      c.on('close', () => this.lost(c, new Error('connection closed')));
      await c.connect();
      await c.mailboxOpen(config.IMAP_MAILBOX);
    } catch (err) {
      if (client) this.lost(client, err);
      else this.scheduleReconnect(err);
      return;
    }
    if (this.client !== client || this.stopped) return;
    this.forceNewToken = false;
    log.info({ mailbox: config.IMAP_MAILBOX, stage: 'fetch' }, 'watching mailbox (IDLE + poll)');
    await this.requestSync('connect');
  }

  /** The current client failed or closed: close it for good and schedule the next attempt. */
  private lost(client: ImapFlow, err: unknown): void {
    if (client !== this.client) return; // an old client's late event: not ours to act on
    this.client = null;
    client.removeAllListeners('exists');
    client.on('error', () => undefined); // a late error of a closed client must not throw
    try {
      client.close();
    } catch {
      /* already closed */
    }
    if (!this.stopped) this.scheduleReconnect(err);
  }

  private scheduleReconnect(err: unknown): void {
    if (this.stopped || this.reconnectTimer) return; // one timer owns the next attempt
    const problem = classifyImapError(err);
    let delay = this.connectBackoff.next();
    if (problem === 'auth' || problem === 'token') {
      this.forceNewToken = true;
      delay = Math.max(delay, AUTH_RETRY_MIN_MS);
    }
    this.problem = problem;
    this.lastError = `${PROBLEM_TEXT[problem]}: ${errorMessage(err)}`;
    this.deps.onReconnectAttempt?.();
    this.mailboxOutage.failure(this.lastError, delay);
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = null;
      void this.connect();
    }, delay);
  }

  /** Runs one sync; a request during a sync runs one more right after. */
  requestSync(reason: string): Promise<void> {
    if (this.syncing) {
      this.again = true;
      return this.syncing;
    }
    // While the database is failing, the retry timer owns the next sync.
    if (this.syncRetryTimer && reason !== 'retry') return Promise.resolve();
    const client = this.client;
    if (!client || this.stopped) return Promise.resolve();
    this.syncing = (async () => {
      try {
        let ran = false;
        do {
          this.again = false;
          ran = (await this.syncOnce(client, reason)) || ran;
        } while (this.again && !this.stopped && this.client === client);
        if (ran) this.synced();
      } catch (err) {
        if (err instanceof StoreError) this.scheduleSyncRetry(err.cause ?? err);
        else this.lost(client, err);
      } finally {
        this.syncing = null;
      }
    })();
    return this.syncing;
  }

  private synced(): void {
    this.lastSyncAt = new Date();
    this.connectBackoff.reset();
    this.syncBackoff.reset();
    this.problem = null;
    this.lastError = null;
    this.mailboxOutage.recovered();
    this.storeOutage.recovered();
  }

  private scheduleSyncRetry(err: unknown): void {
    if (this.stopped || this.syncRetryTimer) return;
    const delay = this.syncBackoff.next();
    this.storeOutage.failure(err, delay);
    this.syncRetryTimer = setTimeout(() => {
      this.syncRetryTimer = null;
      void this.requestSync('retry');
    }, delay);
  }

  /** One pass over the mailbox; false when there was no usable connection to sync on. */
  private async syncOnce(client: ImapFlow, reason: string): Promise<boolean> {
    if (this.stopped || this.client !== client || !client.usable) return false;
    const { db, config, log } = this.deps;
    const lock = await client.getMailboxLock(config.IMAP_MAILBOX);
    try {
      const mailbox = client.mailbox;
      if (!mailbox) throw new Error(`mailbox ${config.IMAP_MAILBOX} is not open`);
      const uidValidity = mailbox.uidValidity.toString();
      const cursor = await storing(() => loadCursor(db, this.key));
      let lastUid = 0;
      if (cursor && cursor.uidvalidity === uidValidity) lastUid = cursor.lastUid;
      else if (cursor) log.warn({ stage: 'fetch', was: cursor.uidvalidity, now: uidValidity }, 'UIDVALIDITY changed: re-reading the mailbox (stored mails are recognised and skipped)');
      if (mailbox.exists === 0) {
        await storing(() => saveCursor(db, this.key, uidValidity, lastUid));
        return true;
      }

      // Collect UIDs first; never issue IMAP commands inside a fetch() loop (imapflow #110).
      const found = (await client.search({ uid: `${lastUid + 1}:*` }, { uid: true })) || [];
      const uids = found.filter((u) => u > lastUid).sort((a, b) => a - b);
      if (uids.length) log.info({ stage: 'fetch', reason, count: uids.length }, 'new mail');
      for (let i = 0; i < uids.length && !this.stopped; i += BATCH) {
        const batch = uids.slice(i, i + BATCH);
        const ids = await fetchAndStore(client, db, { uids: batch, uidValidity, mailbox: config.IMAP_MAILBOX, maxMailBytes: config.MAX_MAIL_BYTES });
        await storing(() => this.deps.onStored(ids));
        if (config.IMAP_PROCESSED_MAILBOX) await client.messageMove(batch.join(','), config.IMAP_PROCESSED_MAILBOX, { uid: true });
        else await client.messageFlagsAdd(batch.join(','), ['\\Seen'], { uid: true });
        await storing(() => saveCursor(db, this.key, uidValidity, batch[batch.length - 1]));
      }
      if (!uids.length) await storing(() => saveCursor(db, this.key, uidValidity, lastUid));
      return true;
    } finally {
      lock.release();
    }
  }

  isConnected(): boolean {
    return !!this.client?.usable;
  }

  /** Between start() and stop(): this worker is the one reading the mailbox. */
  isRunning(): boolean {
    return !this.stopped;
  }

  status(): MailboxStatus {
    const outage = this.mailboxOutage.current ?? this.storeOutage.current;
    return {
      running: !this.stopped,
      connected: this.isConnected(),
      lastSyncAt: this.lastSyncAt,
      downSince: outage ? new Date(outage.since) : null,
      problem: this.problem,
      lastError: this.lastError ?? this.storeOutage.current?.lastError ?? null,
    };
  }

  /** Stops watching: bounded (a sync gets STOP_SYNC_GRACE_MS, LOGOUT STOP_LOGOUT_MS). */
  async stop(): Promise<void> {
    this.stopped = true;
    for (const t of [this.reconnectTimer, this.syncRetryTimer]) if (t) clearTimeout(t);
    if (this.pollTimer) clearInterval(this.pollTimer);
    this.reconnectTimer = this.syncRetryTimer = this.pollTimer = null;
    // A running sync commits what it has downloaded; one cut short is repeated by the next
    // start, and the mail identity makes the repeat a no-op.
    if (this.syncing) await within(this.syncing, STOP_SYNC_GRACE_MS);
    const c = this.client;
    this.client = null;
    if (c) {
      c.removeAllListeners('exists');
      c.on('error', () => undefined);
      await within(c.logout(), STOP_LOGOUT_MS);
      c.close();
    }
    if (this.syncing) await within(this.syncing, STOP_SYNC_GRACE_MS);
  }
}

/** Waits for `p` at most `ms` (never rejects). */
function within(p: Promise<unknown>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([p.then(() => undefined, () => undefined), new Promise<void>((r) => (timer = setTimeout(r, ms)))]).finally(() => clearTimeout(timer));
}

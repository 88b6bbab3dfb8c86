import { z } from 'zod';
import { parseTrustProxy } from './trust-proxy';

/**
 * Every setting of the service desk, in one place. Each key: env name, type, default,
 * one line of doc. Parsed once at start (load.ts); nothing else reads process.env.
 */
const bool = (def: boolean) =>
  z
    .string()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined || v === '') return def;
      const s = v.trim().toLowerCase();
      if (['1', 'true', 'yes', 'on'].includes(s)) return true;
      if (['0', 'false', 'no', 'off'].includes(s)) return false;
      ctx.addIssue({ code: 'custom', message: `expected true/false, got "${v}"` });
      return z.NEVER;
    });
const int = (def: number, min = 0) => z.coerce.number().int().min(min).default(def);
const num = (def: number, min = 0, max = Number.MAX_SAFE_INTEGER) => z.coerce.number().min(min).max(max).default(def);
const optStr = () =>
  z
    .string()
    .optional()
    .transform((v) => (v === undefined || v.trim() === '' ? undefined : v));
const list = () =>
  z
    .string()
    .optional()
    .transform((v) => (v ?? '').split(',').map((s) => s.trim()).filter(Boolean));

const isTimeZone = (tz: string): boolean => {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
};

export const configSchema = z
  .object({
    /** PostgreSQL URL. Unset: an embedded PostgreSQL (PGlite) kept under DATA_DIR. */
    DATABASE_URL: optStr().pipe(z.string().url().optional()),
    /** Folder for the embedded database and other local state. */
    DATA_DIR: z.string().default('./var'),
    /** Redis for the BullMQ queues (worker mode only; run-folder needs none). */
    REDIS_URL: z.string().url().default('redis://127.0.0.1:6379'),
    /** Prefix of every BullMQ key, so two installations can share one Redis. */
    QUEUE_PREFIX: z.string().regex(/^[A-Za-z0-9_.:-]+$/).default('servicedesk'),
    /** Batches of mail processed at once by one worker process (and SMTP connections is 3). */
    WORKER_CONCURRENCY: int(2, 1),
    /** Mails handled together: one registry read and one database transaction per batch. */
    WORKER_BATCH_SIZE: int(16, 1),
    /**
     * A reply left 'sending' by a worker that died is sent again after this many seconds. Must
     * exceed the longest a send can take (SMTP timeouts: 50 s), or slow sends would double.
     */
    OUTBOX_STALE_SECONDS: int(120, 60),
    /**
     * Each worker renews a lease this often × 3; work it holds (a job, a reply being sent) is
     * taken over this long after it dies. Also BullMQ's job lock (stalled after 1×, checked every ½×).
     */
    WORKER_LEASE_SECONDS: int(5, 2),
    /** SIGTERM/SIGINT: the worker and serve stop within this many seconds, whatever is pending. */
    SHUTDOWN_TIMEOUT_SECONDS: num(10, 1),
    /** Longest wait between retries against PostgreSQL, Redis and SMTP (exponential backoff with jitter). */
    SERVICE_RETRY_MAX_SECONDS: num(10, 1),
    /** The worker's /healthz and /metrics (Prometheus) port, on HTTP_HOST; 0: off. */
    WORKER_HTTP_PORT: int(9464, 0),

    /** IMAP server of the support mailbox. Unset: no mailbox (run-folder is the default job). */
    IMAP_HOST: optStr(),
    IMAP_PORT: int(993, 1),
    /** Implicit TLS (port 993). false: plain connection upgraded with STARTTLS when offered. */
    IMAP_SECURE: bool(true),
    IMAP_USER: optStr(),
    /** Password login. Use IMAP_ACCESS_TOKEN (XOAUTH2) for Microsoft 365 and Gmail. */
    IMAP_PASSWORD: optStr(),
    /** XOAUTH2 access token for IMAP (instead of a password). */
    IMAP_ACCESS_TOKEN: optStr(),
    /** Mailbox to watch. */
    IMAP_MAILBOX: z.string().default('INBOX'),
    /** Move each mail here once stored; unset: flag it \Seen and leave it. */
    IMAP_PROCESSED_MAILBOX: optStr(),
    /** Safety poll next to IDLE, in seconds. */
    IMAP_POLL_SECONDS: num(60, 1),
    /** Verify the server's TLS certificate (keep on outside tests). */
    IMAP_TLS_VERIFY: bool(true),
    /** Reconnecting to the mailbox: the first wait, doubling (with jitter) up to the second; reset after a good sync. */
    IMAP_RECONNECT_MIN_SECONDS: num(1, 0.05),
    IMAP_RECONNECT_MAX_SECONDS: num(60, 1),
    /** TCP, TLS and the server's greeting must complete within this. */
    IMAP_CONNECT_TIMEOUT_SECONDS: num(15, 1),
    /** After this much silence (also in IDLE) the connection is probed with NOOP; no answer by twice this closes it. */
    IMAP_SOCKET_TIMEOUT_SECONDS: num(30, 2),
    /** /healthz turns 503 when the mailbox has been unreachable longer than this (a rejected login: at once). */
    IMAP_UNHEALTHY_AFTER_SECONDS: num(60, 0),

    SMTP_HOST: optStr(),
    SMTP_PORT: int(587, 1),
    /** Implicit TLS (port 465). false: STARTTLS when the server offers it. */
    SMTP_SECURE: bool(false),
    SMTP_USER: optStr(),
    SMTP_PASSWORD: optStr(),
    /** XOAUTH2 access token for SMTP (instead of a password). */
    SMTP_ACCESS_TOKEN: optStr(),
    SMTP_TLS_VERIFY: bool(true),
    /**
     * XOAUTH2 token provider for IMAP and SMTP (Microsoft 365, Gmail): a command that prints a
     * current access token, or the OAuth2 client-credentials flow (OAUTH_TOKEN_URL + client).
     */
    OAUTH_TOKEN_COMMAND: optStr(),
    OAUTH_TOKEN_URL: optStr().pipe(z.string().url().optional()),
    OAUTH_CLIENT_ID: optStr(),
    OAUTH_CLIENT_SECRET: optStr(),
    /** e.g. https://outlook.office365.com/.default */
    OAUTH_SCOPE: optStr(),
    /** From of every reply; its domain is our Message-ID domain unless MESSAGE_ID_DOMAIN is set. */
    MAIL_FROM: z.string().default('Microbizz Servicedesk <support@microbizz.dk>'),
    MESSAGE_ID_DOMAIN: optStr(),

    /** Prefix of ticket references, e.g. MB → MB-000123. */
    TICKET_PREFIX: z.string().regex(/^[A-Z]{2,6}$/).default('MB'),
    /** authserv-ids of OUR receiving servers, whose Authentication-Results are trusted. */
    TRUSTED_AUTHSERV_IDS: list(),
    /** Below this confidence the ticket goes to "needs triage" with a neutral reply. */
    CLASSIFIER_ABSTAIN_BELOW: num(0.5, 0, 1),
    /**
     * Help-centre articles are offered (in the reply to a support question, and to agents) only
     * from this relevance score (minisearch's) on; tuned on training/kb-eval/tune.
     */
    HELP_MIN_SCORE: num(45, 0),
    /** Mails above this size are quarantined unread; the sender gets one notice. */
    MAX_MAIL_BYTES: int(25 * 1024 * 1024, 1024),
    /** Worker threads that parse mail (MIME, HTML, the agents' view), off the event loop. */
    PARSE_THREADS: int(1, 1),
    /** A mail whose parse takes longer is stopped (its thread is replaced) and counts as a failed attempt. */
    PARSE_TIMEOUT_SECONDS: num(30, 1),
    /** Heap of each parse thread; a mail that needs more fails alone. */
    PARSE_MAX_HEAP_MB: int(192, 32),
    /** Parses that fail or crash this often put the mail in quarantine (replayable) instead of retrying forever. */
    MAIL_MAX_FAILED_ATTEMPTS: int(3, 1),
    /**
     * The loop budget: automatic replies per recipient address (all kinds together) while the
     * mail looks like a loop (not a registered contact, automatic markers, an answer to our own
     * reply, or the same text again). See src/domain/reply-budget.ts.
     */
    REPLY_BUDGET_PER_HOUR: int(5, 0),
    REPLY_BUDGET_PER_DAY: int(20, 0),
    /** The contact budget: the same count, for a registered support contact's distinct new requests. */
    REPLY_BUDGET_CONTACT_PER_HOUR: int(30, 0),
    REPLY_BUDGET_CONTACT_PER_DAY: int(100, 0),
    /** A follow-up on a ticket closed longer ago than this opens a new linked ticket. */
    REOPEN_WITHIN_DAYS: int(30, 0),
    /** Copy a company's support contacts on replies to unregistered colleagues. */
    CC_CONTACTS_ON_NOT_REGISTERED: bool(true),

    /** When the training-offer report of the previous week is mailed (cron, BullMQ job scheduler): Monday 07:00. */
    REPORT_CRON: z.string().trim().regex(/^\S+(\s+\S+){4,5}$/, 'expected a cron pattern of 5 or 6 fields').default('0 7 * * 1'),
    /** Time zone of REPORT_CRON and of the reports' day boundaries. */
    REPORT_TZ: z.string().refine(isTimeZone, 'unknown IANA time zone').default('Europe/Copenhagen'),
    /** Managers who receive the training-offer report (comma list); empty: the scheduled report is off. */
    REPORT_RECIPIENTS: list(),
    /**
     * The course team's address: each booking a customer makes by answering a training offer is
     * announced there through the outbox. Unset: no notice (the booking is still in the workspace).
     */
    COURSE_TEAM_ADDRESS: z
      .string()
      .optional()
      .transform((v) => (v === undefined || v.trim() === '' ? undefined : v.trim().toLowerCase()))
      .refine((v) => v === undefined || /^[^\s@<>,;"]+@[^\s@<>,;"]+\.[a-z]{2,}$/i.test(v), 'expected one mail address, e.g. kursus@microbizz.dk'),

    /** Port of `servicedesk serve` (the agent workspace and /api). */
    HTTP_PORT: int(3000, 1),
    /** Address `servicedesk serve` listens on; 0.0.0.0 inside a container, loopback behind a local reverse proxy. */
    HTTP_HOST: z.string().default('127.0.0.1'),
    /** Mark session cookies Secure even when the request did not arrive over TLS (e.g. TLS ends at a proxy). */
    COOKIE_SECURE: bool(false),
    /**
     * Which reverse proxies may set X-Forwarded-For/-Proto (the client address for the login
     * limits; TLS for Secure cookies): false, a hop count, or their addresses/CIDR ranges.
     * `true` is refused (trust-proxy.ts says why).
     */
    TRUST_PROXY: z
      .string()
      .optional()
      .transform((v, ctx) => {
        const r = parseTrustProxy(v);
        if ('problem' in r) {
          ctx.addIssue({ code: 'custom', message: r.problem });
          return z.NEVER;
        }
        return r.value;
      }),
    /** A login lasts this long, then the agent logs in again. */
    SESSION_TTL_HOURS: int(12, 1),
    /** Failed logins allowed per client address (IPv6: per /64) within LOGIN_WINDOW_MINUTES; then that address waits. Successful logins cost nothing. */
    LOGIN_MAX_ATTEMPTS: int(10, 1),
    /**
     * Failed logins on one account (from all addresses) within the window, after which the
     * account is locked for every address that has itself failed on it; an address that has
     * not still gets in with the right password (users/login-limits.ts explains the trade-off).
     */
    LOGIN_MAX_ATTEMPTS_PER_ACCOUNT: int(10, 1),
    LOGIN_WINDOW_MINUTES: int(15, 1),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  });

/**
 * Rules that span keys. Checked on the raw strings next to the schema (not as a zod
 * refinement, which runs only once every key is valid), so one message names every problem.
 */
export function crossFieldProblems(env: Record<string, string | undefined>): string[] {
  const set = (k: string) => (env[k] ?? '').trim() !== '';
  const problems: string[] = [];
  if (set('IMAP_HOST')) {
    if (!set('IMAP_USER')) problems.push('IMAP_USER: required when IMAP_HOST is set');
    if (!set('IMAP_PASSWORD') && !set('IMAP_ACCESS_TOKEN') && !set('OAUTH_TOKEN_COMMAND') && !set('OAUTH_TOKEN_URL'))
      problems.push('IMAP_PASSWORD: IMAP_PASSWORD, IMAP_ACCESS_TOKEN or an OAuth token provider (OAUTH_TOKEN_COMMAND / OAUTH_TOKEN_URL) is required when IMAP_HOST is set');
  }
  if (set('OAUTH_TOKEN_URL') && (!set('OAUTH_CLIENT_ID') || !set('OAUTH_CLIENT_SECRET')))
    problems.push('OAUTH_CLIENT_ID: OAUTH_CLIENT_ID and OAUTH_CLIENT_SECRET are required with OAUTH_TOKEN_URL');
  if (set('OAUTH_TOKEN_URL') && set('OAUTH_TOKEN_COMMAND')) problems.push('OAUTH_TOKEN_COMMAND: set either OAUTH_TOKEN_COMMAND or OAUTH_TOKEN_URL, not both');
  if (Number(env.IMAP_RECONNECT_MAX_SECONDS ?? 60) < Number(env.IMAP_RECONNECT_MIN_SECONDS ?? 1))
    problems.push('IMAP_RECONNECT_MAX_SECONDS: must be at least IMAP_RECONNECT_MIN_SECONDS');
  const hour = Number(env.REPLY_BUDGET_PER_HOUR ?? 5);
  const day = Number(env.REPLY_BUDGET_PER_DAY ?? 20);
  if (day < hour) problems.push('REPLY_BUDGET_PER_DAY: must be at least REPLY_BUDGET_PER_HOUR');
  const contactHour = Number(env.REPLY_BUDGET_CONTACT_PER_HOUR ?? 30);
  const contactDay = Number(env.REPLY_BUDGET_CONTACT_PER_DAY ?? 100);
  if (contactDay < contactHour) problems.push('REPLY_BUDGET_CONTACT_PER_DAY: must be at least REPLY_BUDGET_CONTACT_PER_HOUR');
  if (set('MAIL_FROM') && !/@[^>\s]+/.test(env.MAIL_FROM!)) problems.push('MAIL_FROM: must contain an address');
  return problems;
}

export type Config = Readonly<z.output<typeof configSchema>>;

/**
 * The environment a measured worker runs with: where its database, Redis, mailbox and SMTP
 * server are. Each tool adds what it measures on top (a queue prefix, a heap limit, a port);
 * what they share is here, so the bench, `npm run outage`, `npm run hostile` and the query
 * census point the worker at their services the same way.
 */
import type { DovecotHandle } from '../../harness/dovecot';
import type { BenchSink } from './replies';

/** The support mailbox of the harness's Dovecot (its first user), where every tool appends. */
export const MAILBOX_USER = 'support@microbizz.dk';

/** The heap limit `npm start` gives the worker (package.json): measured as it runs in production. */
export const NPM_START_NODE_OPTIONS = '--max-old-space-size=256';

/**
 * The per-recipient reply budget, raised in every measurement: registered contacts write
 * hundreds of the mails, and a suppressed reply would leave no reply to time.
 */
export const NO_REPLY_BUDGET = { REPLY_BUDGET_PER_HOUR: '1000000', REPLY_BUDGET_PER_DAY: '1000000' } as const;

export interface WorkerServices {
  databaseUrl: string;
  redisUrl: string;
  dovecot: DovecotHandle;
  sink: BenchSink;
}

/** DATABASE_URL, REDIS_URL, IMAP_* (plain, the first Dovecot user), SMTP_* (plain), no reply budget; then `extra`. */
export function workerEnv(s: WorkerServices, extra: Record<string, string> = {}): Record<string, string> {
  const user = s.dovecot.users[0]!;
  return {
    DATABASE_URL: s.databaseUrl,
    REDIS_URL: s.redisUrl,
    IMAP_HOST: s.dovecot.host,
    IMAP_PORT: String(s.dovecot.port),
    IMAP_SECURE: 'false',
    IMAP_USER: user.user,
    IMAP_PASSWORD: user.password,
    SMTP_HOST: s.sink.host,
    SMTP_PORT: String(s.sink.port),
    SMTP_SECURE: 'false',
    ...NO_REPLY_BUDGET,
    ...extra,
  };
}

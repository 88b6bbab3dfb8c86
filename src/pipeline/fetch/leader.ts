import { createHash } from 'node:crypto';
import { Client } from 'pg';
import type { Logger } from '../../shared/logger';
import { Backoff } from '../../shared/backoff';
import { OutageLog } from '../../shared/outage-log';

/**
 * Only one process reads a mailbox at a time: the holder of a PostgreSQL advisory lock,
 * held on a connection of its own. Other workers wait as standby and take over when the
 * holder's connection ends (a killed worker's lock is freed by PostgreSQL at once).
 * Correctness does not depend on it — the mail identity and the row lock already keep two
 * readers from doubling anything — it saves the duplicate IMAP traffic.
 */
export interface MailboxLeaseOptions {
  /** How often a standby worker asks whether the lease is free (a poll, not a retry). */
  standbyPollMs?: number;
  /** Retry delay cap while the database cannot be reached. */
  retryMaxMs?: number;
}

export class MailboxLease {
  private client: Client | null = null;
  private stopped = false;
  private wake: (() => void) | null = null;
  private readonly backoff: Backoff;
  private readonly outage: OutageLog;

  constructor(
    private readonly databaseUrl: string,
    private readonly key: string,
    private readonly log: Logger,
    private readonly opts: MailboxLeaseOptions = {},
  ) {
    this.backoff = new Backoff({ initialMs: 1000, maxMs: opts.retryMaxMs ?? 10_000 });
    this.outage = new OutageLog(log, 'PostgreSQL (mailbox lease)', { fields: { stage: 'fetch' } });
  }

  private lockId(): string {
    // A signed 64-bit id from the key, as pg_try_advisory_lock(bigint) takes.
    return createHash('sha256').update(this.key).digest().readBigInt64BE(0).toString();
  }

  /**
   * Resolves once this process holds the lease (true), or when release() was called first
   * (false); `onLost` fires if the lock's connection drops.
   */
  async acquire(onLost: () => void): Promise<boolean> {
    let waiting = false;
    while (!this.stopped) {
      const client = new Client({ connectionString: this.databaseUrl, connectionTimeoutMillis: 10_000 });
      client.on('error', () => undefined);
      let delay = this.opts.standbyPollMs ?? 2000;
      try {
        await client.connect();
        const [{ ok }] = (await client.query('SELECT pg_try_advisory_lock($1::bigint) AS ok', [this.lockId()])).rows;
        this.backoff.reset();
        this.outage.recovered();
        if (ok && !this.stopped) {
          this.client = client;
          client.on('end', () => {
            if (this.client === client && !this.stopped) {
              this.client = null;
              onLost();
            }
          });
          this.log.info({ stage: 'fetch', mailbox: this.key }, 'holding the mailbox lease');
          return true;
        }
        if (!waiting && !this.stopped) this.log.info({ stage: 'fetch', mailbox: this.key }, 'another worker reads this mailbox: standing by');
        waiting = true;
      } catch (err) {
        delay = this.backoff.next();
        this.outage.failure(err, delay);
      }
      await client.end().catch(() => undefined);
      await this.sleep(delay);
    }
    return false;
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.wake = null;
        resolve();
      }, ms);
      this.wake = () => {
        clearTimeout(timer);
        this.wake = null;
        resolve();
      };
    });
  }

  async release(): Promise<void> {
    this.stopped = true;
    this.wake?.();
    const c = this.client;
    this.client = null;
    await c?.end().catch(() => undefined);
  }
}

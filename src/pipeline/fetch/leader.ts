import { createHash } from 'node:crypto';
import { Client } from 'pg';
import type { Logger } from '../../shared/logger';

/**
 * Only one process reads a mailbox at a time: the holder of a PostgreSQL advisory lock,
 * held on a connection of its own. Other workers wait as standby and take over when the
 * holder's connection ends (a killed worker's lock is freed by PostgreSQL at once).
 * Correctness does not depend on it — the mail identity and the row lock already keep two
 * readers from doubling anything — it saves the duplicate IMAP traffic.
 */
export class MailboxLease {
  private client: Client | null = null;
  private stopped = false;

  constructor(
    private readonly databaseUrl: string,
    private readonly key: string,
    private readonly log: Logger,
  ) {}

  private lockId(): string {
    // A signed 64-bit id from the key, as pg_try_advisory_lock(bigint) takes.
    return createHash('sha256').update(this.key).digest().readBigInt64BE(0).toString();
  }

  /** Resolves once this process holds the lease; `onLost` fires if the lock's connection drops. */
  async acquire(onLost: () => void, retryMs = 2000): Promise<void> {
    let waiting = false;
    while (!this.stopped) {
      const client = new Client({ connectionString: this.databaseUrl });
      try {
        await client.connect();
        const [{ ok }] = (await client.query('SELECT pg_try_advisory_lock($1::bigint) AS ok', [this.lockId()])).rows;
        if (ok) {
          this.client = client;
          client.on('error', () => undefined);
          client.on('end', () => {
            if (!this.stopped) onLost();
          });
          this.log.info({ stage: 'fetch', mailbox: this.key }, 'holding the mailbox lease');
          return;
        }
        if (!waiting) this.log.info({ stage: 'fetch', mailbox: this.key }, 'another worker reads this mailbox: standing by');
        waiting = true;
      } catch (err) {
        this.log.warn({ stage: 'fetch', err: (err as Error).message }, 'mailbox lease: database unavailable, retrying');
      }
      await client.end().catch(() => undefined);
      await new Promise((r) => setTimeout(r, retryMs));
    }
  }

  async release(): Promise<void> {
    this.stopped = true;
    const c = this.client;
    this.client = null;
    await c?.end().catch(() => undefined);
  }
}

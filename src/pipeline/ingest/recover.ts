import type { DataSource } from 'typeorm';
import { deadClaimSql } from '../../queue/worker-lease';

/**
 * PostgreSQL is the truth, the queue only a work list: whatever is `received` but not being
 * processed, and every reply still `pending`, left `sending` by a dead worker (its lease ran
 * out, or the claim is older than `staleSendingMs`) or failed transiently, is put back on the
 * queue. Runs at start and every few seconds, so a Redis restart loses nothing.
 */
export async function findUnfinishedWork(
  db: DataSource,
  opts: { olderThanMs?: number; staleSendingMs?: number; leaseTtlMs?: number } = {},
): Promise<{ mailIds: string[]; outboxIds: string[] }> {
  const olderThanMs = opts.olderThanMs ?? 0;
  const mails = await db.query(
    `SELECT id FROM inbound_mails WHERE state = 'received' AND received_at < now() - ($1::int * interval '1 millisecond') ORDER BY id LIMIT 1000`,
    [olderThanMs],
  );
  const replies = await db.query(
    `SELECT id FROM outbox
      WHERE (state = 'pending' AND created_at < now() - ($1::int * interval '1 millisecond'))
         OR (state = 'sending' AND (sent_at < now() - ($2::int * interval '1 millisecond')
                                    OR (claimed_by IS NOT NULL AND ${deadClaimSql('claimed_by', '$3')})))
         OR (state = 'failed' AND attempts < 8 AND reason NOT LIKE 'permanent:%')
      ORDER BY id LIMIT 1000`,
    [olderThanMs, opts.staleSendingMs ?? 120_000, opts.leaseTtlMs ?? 5_000],
  );
  return { mailIds: mails.map((r: { id: string }) => String(r.id)), outboxIds: replies.map((r: { id: string }) => String(r.id)) };
}

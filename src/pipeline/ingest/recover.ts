import type { DataSource } from 'typeorm';

/**
 * PostgreSQL is the truth, the queue only a work list: whatever is `received` but not being
 * processed, and every reply still `pending` (or left `sending` by a dead worker), is put
 * back on the queue. Runs at start and periodically, so a Redis restart loses nothing.
 */
export async function findUnfinishedWork(db: DataSource, olderThanMs = 0, staleSendingMs = 120_000): Promise<{ mailIds: string[]; outboxIds: string[] }> {
  const mails = await db.query(
    `SELECT id FROM inbound_mails WHERE state = 'received' AND received_at < now() - ($1::int * interval '1 millisecond') ORDER BY id LIMIT 1000`,
    [olderThanMs],
  );
  const replies = await db.query(
    `SELECT id FROM outbox
      WHERE (state = 'pending' AND created_at < now() - ($1::int * interval '1 millisecond'))
         OR (state = 'sending' AND sent_at < now() - ($2::int * interval '1 millisecond'))
         OR (state = 'failed' AND attempts < 8 AND reason NOT LIKE 'permanent:%')
      ORDER BY id LIMIT 1000`,
    [olderThanMs, staleSendingMs],
  );
  return { mailIds: mails.map((r: { id: string }) => String(r.id)), outboxIds: replies.map((r: { id: string }) => String(r.id)) };
}

import type { DataSource, EntityManager } from 'typeorm';
import type { Period } from './period';

/**
 * Exactly-once for scheduled reports. The claim (a report_runs row with a UNIQUE period key)
 * and the send happen in one transaction:
 *  - a second worker's INSERT … ON CONFLICT DO NOTHING waits on the first one's uncommitted
 *    row, then finds it committed and does nothing;
 *  - if the send fails, the transaction rolls back, the claim disappears, and the next
 *    attempt (BullMQ retry or the next tick) may send it;
 *  - a worker restarted after a successful run finds the row and does nothing.
 * The one gap left is a crash after the SMTP server accepted the mail but before COMMIT; the
 * report then goes out a second time with the same Message-ID (see mail.ts), which is the
 * better failure than a report that is never sent.
 */
export interface RunClaim {
  kind: string;
  period: Period;
  recipients: string[];
}

export type RunOutcome<T> = { state: 'sent'; periodKey: string; result: T } | { state: 'already-sent'; periodKey: string };

export function periodKey(kind: string, p: Period): string {
  return `${kind}:${p.from}..${p.to}`;
}

export async function runOnce<T extends { messageId: string | null }>(
  db: DataSource,
  claim: RunClaim,
  work: (tx: EntityManager) => Promise<T>,
): Promise<RunOutcome<T>> {
  const key = periodKey(claim.kind, claim.period);
  return db.transaction(async (tx) => {
    const claimed = await tx.query(
      `INSERT INTO report_runs (period_key, kind, period_from, period_to, recipients) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (period_key) DO NOTHING RETURNING id`,
      [key, claim.kind, claim.period.from, claim.period.to, claim.recipients],
    );
    if (!claimed.length) return { state: 'already-sent' as const, periodKey: key };
    const result = await work(tx);
    await tx.query(`UPDATE report_runs SET sent_at = now(), message_id = $2 WHERE id = $1`, [claimed[0].id, result.messageId]);
    return { state: 'sent' as const, periodKey: key, result };
  });
}

import type { DataSource } from 'typeorm';
import { PAGE_SIZE, type HeldQueue } from './tickets';

/**
 * Mail held back from the queues: quarantined (could not be processed) and filtered
 * (ignored as automatic mail or noise). Oldest first. Sender, subject and date come from the
 * view the pipeline stored (mail_views): nothing is parsed for the list.
 */
export interface HeldMailRow {
  id: string;
  from: string;
  subject: string;
  date: string | null;
  reason: string | null;
  size: number;
  receivedAt: string;
}

export async function listHeldMails(db: DataSource, state: HeldQueue, page: number): Promise<{ rows: HeldMailRow[]; total: number }> {
  const [{ n }] = await db.query(`SELECT count(*)::int AS n FROM inbound_mails WHERE state = $1`, [state]);
  const rows = await db.query(
    `SELECT m.id, m.last_error, m.size, m.received_at, v.inbound_mail_id IS NOT NULL AS prepared, v.from_name, v.from_address, v.subject, v.sent_at, v.parse_error
       FROM inbound_mails m LEFT JOIN mail_views v ON v.inbound_mail_id = m.id
      WHERE m.state = $1 ORDER BY m.received_at, m.id LIMIT ${PAGE_SIZE} OFFSET $2`,
    [state, (page - 1) * PAGE_SIZE],
  );
  return {
    total: n,
    rows: rows.map((r: Record<string, unknown>) => ({
      id: String(r.id),
      from: r.from_address ? (r.from_name ? `${r.from_name} <${r.from_address}>` : String(r.from_address)) : '',
      subject: !r.prepared ? '(forberedes)' : r.parse_error && !r.subject ? '(kunne ikke læses)' : String(r.subject ?? ''),
      date: r.sent_at ? new Date(r.sent_at as string).toISOString() : null,
      reason: (r.last_error as string | null) ?? null,
      size: Number(r.size),
      receivedAt: new Date(r.received_at as string).toISOString(),
    })),
  };
}

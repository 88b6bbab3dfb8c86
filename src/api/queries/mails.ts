import type { DataSource } from 'typeorm';
import { headerEnd } from '../../pipeline/ingest/identity';
import { parseMail } from '../../pipeline/parse/parse-mail';
import { PAGE_SIZE, type HeldQueue } from './tickets';

/**
 * Mail held back from the queues: quarantined (could not be processed) and filtered
 * (ignored as automatic mail or noise). Oldest first. Only the header block of each mail is
 * parsed for the list — a filtered newsletter can be megabytes.
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
    `SELECT id, last_error, size, received_at, substring(coalesce(raw, raw_headers) FROM 1 FOR 65536) AS head
       FROM inbound_mails WHERE state = $1 ORDER BY received_at, id LIMIT ${PAGE_SIZE} OFFSET $2`,
    [state, (page - 1) * PAGE_SIZE],
  );
  const out: HeldMailRow[] = [];
  for (const r of rows) {
    const head: Buffer | null = r.head;
    let from = '';
    let subject = '';
    let date: string | null = null;
    if (head) {
      try {
        const p = await parseMail(head.subarray(0, headerEnd(head)));
        from = p.from ? (p.from.name ? `${p.from.name} <${p.from.address}>` : p.from.address) : '';
        subject = p.subject;
        date = p.date && !isNaN(p.date.getTime()) ? p.date.toISOString() : null;
      } catch {
        subject = '(kunne ikke læses)';
      }
    }
    out.push({ id: String(r.id), from, subject, date, reason: r.last_error, size: r.size, receivedAt: new Date(r.received_at).toISOString() });
  }
  return { rows: out, total: n };
}

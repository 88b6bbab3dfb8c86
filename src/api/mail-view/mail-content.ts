import type { DataSource } from 'typeorm';
import { loadView, type StoredView } from '../../pipeline/view/store-view';

/**
 * A stored inbound mail as the agent sees it: its row and the view the pipeline prepared
 * (mail_views). Nothing here parses the mail: a hostile mail costs a page a database read.
 * A mail still waiting to be processed, or one from before views existed, has no view yet
 * (the worker's sweep prepares it).
 */
export interface StoredMail {
  id: string;
  state: string;
  lastError: string | null;
  ticketId: number | null;
  receivedAt: Date;
  size: number;
  /** Whether the raw bytes are stored (oversize mails keep only their headers). */
  hasRaw: boolean;
  view: StoredView | null;
}

export const isMailId = (v: string): boolean => /^\d{1,18}$/.test(v);

export async function loadMail(db: DataSource, id: string): Promise<StoredMail | null> {
  if (!isMailId(id)) return null;
  const [row] = await db.query(`SELECT id, state, last_error, ticket_id, received_at, size, raw IS NOT NULL AS has_raw FROM inbound_mails WHERE id = $1`, [id]);
  if (!row) return null;
  return {
    id: String(row.id),
    state: row.state,
    lastError: row.last_error,
    ticketId: row.ticket_id,
    receivedAt: new Date(row.received_at),
    size: row.size,
    hasRaw: row.has_raw,
    view: await loadView(db, id),
  };
}

/** The raw bytes, for an attachment download (read from the stored mail in the parse pool). */
export async function loadRaw(db: DataSource, id: string): Promise<Buffer | null> {
  if (!isMailId(id)) return null;
  const [row] = await db.query(`SELECT raw FROM inbound_mails WHERE id = $1`, [id]);
  return row?.raw ?? null;
}

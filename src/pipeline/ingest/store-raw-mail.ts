import type { DataSource, EntityManager } from 'typeorm';
import { computeIdentity, headerEnd } from './identity';

export interface RawMailSource {
  raw: Buffer;
  mailbox: string;
  uidvalidity?: number | bigint | string | null;
  uid?: number | null;
  /** Size the server reported; for an oversize mail `raw` holds only the headers. */
  size?: number;
  oversize?: boolean;
}

export interface StoredMail {
  id: string;
  messageId: string;
  duplicate: boolean;
  state: string;
}

/**
 * Commits the raw mail to PostgreSQL: the first thing that happens to any mail, before it
 * is queued or flagged in the mailbox. A second copy of the same mail (same Message-ID and
 * content) returns the stored row and changes nothing.
 */
export async function storeRawMail(db: DataSource | EntityManager, src: RawMailSource): Promise<StoredMail> {
  const id = computeIdentity(src.raw, { bodyIncluded: !src.oversize });
  const size = src.size ?? src.raw.length;
  const raw = src.oversize ? null : src.raw;
  const rawHeaders = src.oversize ? src.raw.subarray(0, headerEnd(src.raw)) : null;
  // An oversize mail is still `received`: processing sends its sender one notice and then
  // quarantines it (see processOversize).
  const state = 'received';
  const lastError = src.oversize ? `oversize: ${size} bytes` : null;
  const inserted: { id: string; state: string }[] = await db.query(
    `INSERT INTO inbound_mails (mailbox, uidvalidity, uid, message_id, message_id_synthetic, content_hash, raw, raw_headers, size, state, last_error)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
     ON CONFLICT ON CONSTRAINT uq_inbound_identity DO NOTHING
     RETURNING id, state`,
    [src.mailbox, src.uidvalidity?.toString() ?? null, src.uid ?? null, id.messageId, id.synthetic, id.contentHash, raw, rawHeaders, size, state, lastError],
  );
  if (inserted.length) return { id: String(inserted[0].id), messageId: id.messageId, duplicate: false, state: inserted[0].state };
  const [existing] = await db.query(`SELECT id, state FROM inbound_mails WHERE message_id = $1 AND content_hash = $2`, [id.messageId, id.contentHash]);
  return { id: String(existing.id), messageId: id.messageId, duplicate: true, state: existing.state };
}

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

const COLUMNS = 11;

/**
 * Commits the raw mail to PostgreSQL: the first thing that happens to any mail, before it
 * is queued or flagged in the mailbox. A second copy of the same mail (same Message-ID and
 * content) returns the stored row and changes nothing.
 */
export async function storeRawMail(db: DataSource | EntityManager, src: RawMailSource): Promise<StoredMail> {
  return (await storeRawMails(db, [src]))[0]!;
}

/**
 * Stores a fetch batch with one multi-row INSERT: one statement and one commit (one WAL
 * flush) for the whole batch instead of one per mail. Results come back in input order; a
 * mail already stored, or twice in the batch, is reported as a duplicate of the stored row.
 */
export async function storeRawMails(db: DataSource | EntityManager, sources: RawMailSource[]): Promise<StoredMail[]> {
  if (!sources.length) return [];
  const rows = sources.map((src) => {
    const id = computeIdentity(src.raw, { bodyIncluded: !src.oversize });
    const size = src.size ?? src.raw.length;
    return {
      identity: id,
      params: [
        src.mailbox,
        src.uidvalidity?.toString() ?? null,
        src.uid ?? null,
        id.messageId,
        id.synthetic,
        id.contentHash,
        src.oversize ? null : src.raw,
        src.oversize ? src.raw.subarray(0, headerEnd(src.raw)) : null,
        size,
        // An oversize mail is still `received`: processing sends its sender one notice and then
        // quarantines it (see recordOversizeInTransaction).
        'received',
        src.oversize ? `oversize: ${size} bytes` : null,
      ],
    };
  });
  const values = rows.map((_, r) => `(${Array.from({ length: COLUMNS }, (_, c) => `$${r * COLUMNS + c + 1}`).join(', ')})`).join(',\n');
  const inserted: { id: string; state: string; message_id: string; content_hash: string }[] = await db.query(
    `INSERT INTO inbound_mails (mailbox, uidvalidity, uid, message_id, message_id_synthetic, content_hash, raw, raw_headers, size, state, last_error)
     VALUES ${values}
     ON CONFLICT ON CONSTRAINT uq_inbound_identity DO NOTHING
     RETURNING id, state, message_id, content_hash`,
    rows.flatMap((r) => r.params),
  );
  const key = (messageId: string, hash: string) => `${hash} ${messageId}`;
  const fresh = new Map(inserted.map((r) => [key(r.message_id, r.content_hash), r]));
  const missing = rows.filter((r) => !fresh.has(key(r.identity.messageId, r.identity.contentHash)));
  const existing = new Map<string, { id: string; state: string }>();
  if (missing.length) {
    const found: { id: string; state: string; message_id: string; content_hash: string }[] = await db.query(
      `SELECT id, state, message_id, content_hash FROM inbound_mails
        WHERE (message_id, content_hash) IN (SELECT * FROM unnest($1::text[], $2::bpchar[]))`,
      [missing.map((r) => r.identity.messageId), missing.map((r) => r.identity.contentHash)],
    );
    for (const f of found) existing.set(key(f.message_id, f.content_hash), f);
  }
  const reported = new Set<string>();
  return rows.map((r) => {
    const k = key(r.identity.messageId, r.identity.contentHash);
    const row = fresh.get(k);
    // The first of two identical mails in one batch is the new one; the second a duplicate.
    if (row && !reported.has(k)) {
      reported.add(k);
      return { id: String(row.id), messageId: r.identity.messageId, duplicate: false, state: row.state };
    }
    const old = row ?? existing.get(k);
    if (!old) throw new Error(`stored mail ${r.identity.messageId} could not be found again`);
    return { id: String(old.id), messageId: r.identity.messageId, duplicate: true, state: old.state };
  });
}

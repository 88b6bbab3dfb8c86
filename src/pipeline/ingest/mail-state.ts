import type { DataSource, EntityManager } from 'typeorm';
import { returnedRows } from '../../db/sql';
import type { MailOutcome } from '../deps';

/** State changes of an inbound mail that end its processing without a ticket. */
export async function quarantine(db: DataSource, mailId: string, reason: string): Promise<MailOutcome> {
  await db.query(
    `UPDATE inbound_mails SET state = 'quarantined', last_error = $2, processed_at = now() WHERE id = $1 AND state = 'received'`,
    [mailId, reason.slice(0, 2000)],
  );
  return { state: 'quarantined', reason };
}

export async function ignore(db: DataSource, mailId: string, reason: string): Promise<MailOutcome> {
  await db.query(
    `UPDATE inbound_mails SET state = 'ignored', last_error = $2, processed_at = now() WHERE id = $1 AND state = 'received'`,
    [mailId, reason.slice(0, 2000)],
  );
  return { state: 'ignored', reason };
}

export interface LockedMail {
  state: string;
  messageId: string;
  messageIdSynthetic: boolean;
}

/** Locks mail rows for the rest of the transaction (in id order, so two lockers cannot deadlock). */
export async function lockMails(tx: EntityManager, ids: string[]): Promise<Map<string, LockedMail>> {
  const out = new Map<string, LockedMail>();
  if (!ids.length) return out;
  const rows: { id: string; state: string; message_id: string; message_id_synthetic: boolean }[] = await tx.query(
    `SELECT id, state, message_id, message_id_synthetic FROM inbound_mails WHERE id = ANY($1::bigint[]) ORDER BY id FOR UPDATE`,
    [ids],
  );
  for (const r of rows) out.set(String(r.id), { state: r.state, messageId: r.message_id, messageIdSynthetic: r.message_id_synthetic });
  return out;
}

export interface FinishedMail {
  id: string;
  state: 'processed' | 'ignored' | 'quarantined';
  ticketId: number | null;
  /** Why it was ignored or quarantined (kept in last_error); null for processed. */
  reason: string | null;
}

/** Ends the processing of locked mails, all in one statement. */
export async function finishMails(tx: EntityManager, mails: FinishedMail[]): Promise<void> {
  if (!mails.length) return;
  await tx.query(
    `UPDATE inbound_mails m
        SET state = u.state, ticket_id = u.ticket_id, last_error = u.reason, processed_at = now()
       FROM unnest($1::bigint[], $2::text[], $3::bigint[], $4::text[]) AS u(id, state, ticket_id, reason)
      WHERE m.id = u.id`,
    [mails.map((m) => m.id), mails.map((m) => m.state), mails.map((m) => m.ticketId), mails.map((m) => m.reason?.slice(0, 2000) ?? null)],
  );
}

/** Records a processing error without ending it (the queue retries). */
export async function noteAttempt(db: DataSource, mailId: string, error: string): Promise<void> {
  await db.query(`UPDATE inbound_mails SET attempts = attempts + 1, last_error = $2 WHERE id = $1`, [mailId, error.slice(0, 2000)]);
}

/** A quarantined mail goes back to `received`, to be processed again (agent action, CLI), with a clean slate of strikes. */
export async function replay(db: DataSource, mailId: string): Promise<boolean> {
  const res = await db.query(
    `UPDATE inbound_mails SET state = 'received', last_error = NULL, processed_at = NULL, strikes = 0, parse_started_at = NULL
      WHERE id = $1 AND state IN ('quarantined', 'ignored') AND raw IS NOT NULL RETURNING id`,
    [mailId],
  );
  return returnedRows(res).length > 0;
}

/**
 * A delivery-status report names the mail it returns (its Message-ID in the returned headers).
 * Each of our replies named there is marked bounced; nothing is sent in answer.
 */
export async function markBounced(db: DataSource | EntityManager, raw: Buffer, ownDomain: string): Promise<number> {
  const escaped = ownDomain.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const ids = [...new Set([...raw.toString('latin1').matchAll(new RegExp(`sd\\.[0-9a-f-]{36}@${escaped}`, 'gi'))].map((m) => m[0]))];
  if (!ids.length) return 0;
  const rows = await db.query(
    `UPDATE outbox SET state = 'bounced', reason = 'bounced: delivery-status report received' WHERE message_id = ANY($1) AND state = 'sent' RETURNING id`,
    [ids],
  );
  return returnedRows(rows).length;
}

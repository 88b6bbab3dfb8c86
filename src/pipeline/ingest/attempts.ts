import type { DataSource } from 'typeorm';
import { returnedRows } from '../../db/sql';

/**
 * Poison mail: a mail whose parse fails or crashes the process must end in quarantine, not in
 * a crash loop that stops every mail behind it. Every attempt is written down before the parse
 * starts (parse_started_at); an attempt that finds it still set knows the previous one never
 * finished — the process died in the middle — and counts a strike, as does a parse that fails
 * (timeout, out of memory). At MAIL_MAX_FAILED_ATTEMPTS strikes the mail is quarantined with
 * the reason and the others flow on; an agent can replay it. Only the parse counts: a worker
 * killed while it writes to the database costs no strike.
 */
export interface BegunMail {
  id: string;
  strikes: number;
  lastError: string | null;
  size: number;
  /** octet_length(raw); null for an oversize mail (headers only). */
  rawBytes: number | null;
  /** The raw bytes when at most `inlineBytes` (larger mails are read separately). */
  raw: Buffer | null;
  /** The header block of an oversize mail. */
  rawHeaders: Buffer | null;
}

/**
 * Reads the still-received mails among `ids` and marks the parse of those at most
 * `startUpTo` bytes large (and of oversize ones, whose headers are all there is) as started; a
 * mark left by an earlier attempt is a strike. Larger mails are only reported: their attempt
 * begins when their turn comes, so waiting costs no strike. Raw bytes are returned for mails
 * of at most `readUpTo` bytes (larger ones are read with COPY, load-raw.ts).
 */
export async function beginAttempts(db: DataSource, ids: string[], limits: { startUpTo: number; readUpTo: number }): Promise<BegunMail[]> {
  if (!ids.length) return [];
  const rows = returnedRows<{ id: string; strikes: number; last_error: string | null; size: number; raw_bytes: number | null; raw: Buffer | null; raw_headers: Buffer | null }>(
    await db.query(
    `WITH cur AS (
       SELECT id, parse_started_at IS NOT NULL AS crashed, (raw IS NULL OR octet_length(raw) <= $2::bigint) AS starts
         FROM inbound_mails WHERE id = ANY($1::bigint[]) AND state = 'received' ORDER BY id FOR UPDATE)
     UPDATE inbound_mails m
        SET strikes = m.strikes + (cur.crashed AND cur.starts)::int,
            parse_started_at = CASE WHEN cur.starts THEN now() ELSE m.parse_started_at END,
            last_error = CASE WHEN cur.crashed AND cur.starts THEN 'the previous attempt never finished (the process died while parsing this mail)' ELSE m.last_error END
       FROM cur WHERE m.id = cur.id
     RETURNING m.id::text AS id, m.strikes, m.last_error, m.size, octet_length(m.raw) AS raw_bytes,
               CASE WHEN octet_length(m.raw) <= $3::bigint THEN m.raw END AS raw,
               CASE WHEN m.raw IS NULL THEN m.raw_headers END AS raw_headers`,
    [ids, limits.startUpTo, limits.readUpTo],
    ),
  );
  return rows.map((r) => ({ id: r.id, strikes: r.strikes, lastError: r.last_error, size: r.size, rawBytes: r.raw_bytes, raw: r.raw, rawHeaders: r.raw_headers }));
}

/** The parses have ended: finished ones clear their mark, failed ones count a strike with the error. One statement. */
export async function endAttempts(db: DataSource, ended: { id: string; failed: string | null }[]): Promise<void> {
  if (!ended.length) return;
  await db.query(
    `UPDATE inbound_mails m
        SET parse_started_at = NULL,
            strikes = m.strikes + (e.failed IS NOT NULL)::int,
            last_error = coalesce(e.failed, m.last_error)
       FROM unnest($1::bigint[], $2::text[]) AS e(id, failed)
      WHERE m.id = e.id`,
    [ended.map((e) => e.id), ended.map((e) => e.failed?.slice(0, 2000) ?? null)],
  );
}

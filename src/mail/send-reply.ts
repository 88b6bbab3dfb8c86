import type { DataSource } from 'typeorm';
import type { Config } from '../config/schema';
import { returnedRows } from '../db/sql';
import { deadClaimSql } from '../queue/worker-lease';
import { backoffDelay } from '../shared/backoff';
import { buildReply, type ReplyRow } from './compose';
import type { MailTransport } from './transport';

export class PermanentSendError extends Error {
  readonly code = 'SEND_REJECTED';
}

/** The reply is being sent by a worker that is alive: try again later (it may be done by then). */
export class ClaimedElsewhereError extends Error {
  readonly code = 'REPLY_CLAIMED';
}

export interface SendOptions {
  /** A `sending` row older than this is sent again whoever claimed it (OUTBOX_STALE_SECONDS). */
  staleAfterMs?: number;
  /** This worker's lease (worker_leases.id), recorded as the claim. */
  leaseId?: string | null;
  /** The lease length: a claim whose lease ran out this long ago belongs to a dead worker. */
  leaseTtlMs?: number;
  /** How long recording `sent` is retried through a database outage. */
  recordForMs?: number;
}

/**
 * Sends one outbox row. The row is claimed (pending|failed → sending, claimed_by = this
 * worker's lease) before the SMTP conversation, so a second job for the same reply finds
 * nothing to do. A row left `sending` by a worker that died is taken over as soon as that
 * worker's lease has run out (seconds), and sent again with the same reserved Message-ID;
 * a row claimed by a live worker makes the job retry later (ClaimedElsewhereError). As a last
 * resort any claim older than `staleAfterMs` is taken over; it must exceed the longest a send
 * can take (the transport's connection, greeting and socket timeouts: 50 s). Marking the row
 * sent is retried through a database outage. What remains is the few milliseconds between the
 * server's 250 and our commit in a worker that is killed right then; a duplicate from that
 * window has the same Message-ID, which mail clients collapse.
 */
export async function sendReply(
  db: DataSource,
  transport: MailTransport,
  config: Config,
  outboxId: string,
  opts: SendOptions = {},
): Promise<'sent' | 'nothing-to-do'> {
  const claimed = returnedRows<OutboxRow>(
    await db.query(
      `UPDATE outbox SET state = 'sending', attempts = attempts + 1, sent_at = now(), claimed_by = $3
        WHERE id = $1 AND (state IN ('pending', 'failed')
          OR (state = 'sending' AND (sent_at < now() - ($2::int * interval '1 millisecond')
                                     OR (claimed_by IS NOT NULL AND ${deadClaimSql('claimed_by', '$4')}))))
        RETURNING id, kind, to_address, to_name, cc, subject, body_text, body_html, message_id, in_reply_to, "references"`,
      [outboxId, opts.staleAfterMs ?? 120_000, opts.leaseId ?? null, opts.leaseTtlMs ?? 5_000],
    ),
  );
  const row = claimed[0];
  if (!row) {
    const [current] = await db.query(`SELECT state FROM outbox WHERE id = $1`, [outboxId]);
    if (current?.state === 'sending') throw new ClaimedElsewhereError(`reply ${outboxId} is being sent by another worker`);
    return 'nothing-to-do';
  }
  let result: { accepted: string[]; rejected: string[] };
  try {
    // Built once into one buffer and sent raw: nodemailer would otherwise stream each MIME
    // part into the socket in many small writes. Same bytes, same envelope (see compose.ts).
    const reply = await buildReply(row, config);
    result = await transport.send({ envelope: reply.envelope, raw: reply.raw, messageId: reply.messageId });
    if (!result.accepted.length) throw new PermanentSendError(`rejected by the server: ${result.rejected.join(', ')}`);
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    const code = (err as { responseCode?: number }).responseCode;
    // A 5xx answer will not change on retry (RFC 5321 §4.2.1); anything else may.
    const permanent = err instanceof PermanentSendError || (!!code && code >= 500 && code < 600);
    await db.query(`UPDATE outbox SET state = 'failed', reason = $2 WHERE id = $1`, [outboxId, `${permanent ? 'permanent' : 'transient'}: ${message}`.slice(0, 2000)]);
    throw permanent && !(err instanceof PermanentSendError) ? new PermanentSendError(message) : err;
  }
  // The server has the mail. Recording that must not fail on a passing database outage (a
  // restart, a failover): a row left 'sending' would be sent again once stale.
  await untilDone(() => db.query(`UPDATE outbox SET state = 'sent', sent_at = now(), reason = NULL WHERE id = $1`, [outboxId]), opts.recordForMs ?? 60_000);
  return 'sent';
}

async function untilDone(fn: () => Promise<unknown>, forMs: number): Promise<void> {
  const end = Date.now() + forMs;
  for (let attempt = 1; ; attempt++) {
    try {
      await fn();
      return;
    } catch (err) {
      const delay = backoffDelay(attempt, { initialMs: 100, maxMs: 5_000 });
      if (Date.now() + delay > end) throw err;
      await new Promise((r) => setTimeout(r, delay));
    }
  }
}

interface OutboxRow extends ReplyRow {
  id: string;
}

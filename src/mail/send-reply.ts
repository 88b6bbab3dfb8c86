import type { DataSource } from 'typeorm';
import type { Config } from '../config/schema';
import { returnedRows } from '../db/sql';
import { buildReply, type ReplyRow } from './compose';
import type { MailTransport } from './transport';

export class PermanentSendError extends Error {
  readonly code = 'SEND_REJECTED';
}

/**
 * Sends one outbox row. The row is claimed (pending|failed → sending) before the SMTP
 * conversation, so a second job for the same reply finds nothing to do. A row left in
 * `sending` by a worker that died is reclaimed after `staleAfterMs` and sent again with the
 * same reserved Message-ID. `staleAfterMs` must exceed the longest a send can take (the
 * transport's connection, greeting and socket timeouts: 50 s), or a slow send would be
 * doubled. Marking the row sent is retried through a database outage. What remains is the
 * few milliseconds between the server's 250 and our commit in a worker that is killed right
 * then; a duplicate from that window has the same Message-ID, which mail clients collapse.
 */
export async function sendReply(
  db: DataSource,
  transport: MailTransport,
  config: Config,
  outboxId: string,
  opts: { staleAfterMs?: number; recordForMs?: number } = {},
): Promise<'sent' | 'nothing-to-do'> {
  const claimed = returnedRows<OutboxRow>(
    await db.query(
      `UPDATE outbox SET state = 'sending', attempts = attempts + 1, sent_at = now()
        WHERE id = $1 AND (state IN ('pending', 'failed') OR (state = 'sending' AND sent_at < now() - ($2::int * interval '1 millisecond')))
        RETURNING id, kind, to_address, to_name, cc, subject, body_text, body_html, message_id, in_reply_to, "references"`,
      [outboxId, opts.staleAfterMs ?? 120_000],
    ),
  );
  const row = claimed[0];
  if (!row) return 'nothing-to-do';
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
  for (let delay = 100; ; delay = Math.min(delay * 2, 5_000)) {
    try {
      await fn();
      return;
    } catch (err) {
      if (Date.now() + delay > end) throw err;
      await new Promise((r) => setTimeout(r, delay));
    }
  }
}

interface OutboxRow extends ReplyRow {
  id: string;
}

import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { reasonText } from '../../i18n/messages';
import { isReason, reason, type ReasonLike } from '../../shared/reasons';
import type { TemplateRenderer } from './render';
import type { ReplyContext } from './types';
import { isWellFormedMessageId, wellFormedMessageIds } from '../../shared/message-id';

/**
 * Writes a reply into the outbox, in the same transaction as its ticket. The Message-ID is
 * reserved here, before any send, so a retried or recovered send carries the same id and a
 * bounce can be traced back to this row.
 */
export interface ReplyBudget {
  perHour: number;
  perDay: number;
}

export interface QueuedReply {
  outboxId: string;
  messageId: string;
  state: 'pending' | 'suppressed';
  reason: string | null;
}

export function newMessageId(domain: string): string {
  return `sd.${randomUUID()}@${domain}`;
}

/** Our own replies carry Message-IDs of this shape: a mail that has one is our mail coming back. */
export function isOwnMessageId(id: string | null | undefined, domain: string): boolean {
  return !!id && id.startsWith('sd.') && id.toLowerCase().endsWith(`@${domain.toLowerCase()}`);
}

/**
 * How many automatic mails this address got recently, against the budget (one budget across
 * all automatic mail, so two auto-responders cannot ping-pong with us).
 */
export async function budgetExceeded(tx: EntityManager, address: string, budget: ReplyBudget, now: Date): Promise<ReasonLike | null> {
  const [r] = await tx.query(
    `SELECT count(*) FILTER (WHERE created_at > $2::timestamptz - interval '1 hour')::int AS hour,
            count(*)::int AS day
       FROM outbox
      WHERE to_address = $1 AND kind <> 'agent' AND state IN ('pending','sending','sent')
        AND created_at > $2::timestamptz - interval '1 day'`,
    [address, now.toISOString()],
  );
  if (r.hour >= budget.perHour) return reason('reply.budget_hour', { count: r.hour, address, limit: budget.perHour });
  if (r.day >= budget.perDay) return reason('reply.budget_day', { count: r.day, address, limit: budget.perDay });
  return null;
}

export async function queueReply(
  tx: EntityManager,
  r: {
    renderer: TemplateRenderer;
    context: ReplyContext;
    header: string;
    ticketId: number;
    inboundMailId: string | null;
    to: { address: string; name: string | null };
    cc: string[];
    inReplyTo: string | null;
    references: string[];
    messageIdDomain: string;
    /** Why the reply is not sent: outbox.reason gets the English words, reason_detail the code. */
    suppressReason: ReasonLike | null;
  },
): Promise<QueuedReply> {
  const rendered = r.renderer.render(r.context);
  const messageId = newMessageId(r.messageIdDomain);
  const state = r.suppressReason ? 'suppressed' : 'pending';
  // RFC 5322 §3.6.4: References = the parent's References plus the parent's Message-ID; only
  // well-formed ids are copied (a malformed one is dropped, never mangled into our header).
  const inReplyTo = isWellFormedMessageId(r.inReplyTo) ? r.inReplyTo : null;
  const references = wellFormedMessageIds([...r.references, ...(inReplyTo ? [inReplyTo] : [])]).slice(-20);
  const reasonWords = r.suppressReason ? reasonText(r.suppressReason) : null;
  const reasonDetail = isReason(r.suppressReason) ? JSON.stringify(r.suppressReason) : null;
  // The outbox row and, for a reply that will go out, its ticket message: one statement.
  const [row] = await tx.query(
    `WITH o AS (
       INSERT INTO outbox (ticket_id, inbound_mail_id, kind, to_address, to_name, cc, subject, body_text, body_html, message_id, in_reply_to, "references", state, reason, reason_detail)
       VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15)
       RETURNING id),
     m AS (
       INSERT INTO ticket_messages (ticket_id, direction, outbox_id, message_id, from_address, subject, new_text)
       SELECT $1, 'outbound', o.id, $10, NULL, $7, $8 FROM o WHERE $13::text = 'pending')
     SELECT id FROM o`,
    [r.ticketId, r.inboundMailId, r.header, r.to.address, r.to.name, r.cc, rendered.subject, rendered.text, rendered.html, messageId, inReplyTo, references, state, reasonWords, reasonDetail],
  );
  const outboxId = String(row.id);
  return { outboxId, messageId, state, reason: reasonWords };
}

import { createHash, randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { reasonText } from '../../i18n/messages';
import { isReason, type Reason, type ReasonLike } from '../../domain/reasons';
import type { TemplateRenderer } from './render';
import type { ReplyContext } from './types';
import { isWellFormedMessageId, wellFormedMessageIds } from '../../domain/message-id';
import type { SenderStatus } from '../../domain/vocabulary';
import { countNearDuplicates, decideBudget, type ReplyBudgets } from '../../domain/reply-budget';

/**
 * Writes a reply into the outbox, in the same transaction as its ticket. The Message-ID is
 * reserved here, before any send, so a retried or recovered send carries the same id and a
 * bounce can be traced back to this row.
 */

/** A help-centre article as an outbox row remembers it: what the reply listed, whatever happens to the article later. */
export interface OutboxHelpArticle {
  id: number;
  url: string;
  title: string;
  language: string;
  score: number;
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

/** The advisory-lock key that serialises reply-budget decisions for one recipient address. */
export function budgetLockKey(address: string): string {
  return createHash('sha256').update(`reply-budget:${address.toLowerCase()}`).digest().readBigInt64BE(0).toString();
}

/**
 * Takes the reply-budget locks of these addresses for the rest of the transaction, in one
 * fixed order (so two batches that share recipients cannot deadlock). Two workers deciding
 * replies to the same address at once would otherwise both count the same replies and both
 * answer: a loop would get one reply too many per concurrent batch.
 */
export async function lockReplyBudgets(tx: EntityManager, addresses: string[]): Promise<void> {
  const keys = [...new Set(addresses.map(budgetLockKey))].sort();
  if (!keys.length) return;
  await tx.query(`SELECT count(pg_advisory_xact_lock(k)) FROM (SELECT k FROM unnest($1::bigint[]) AS k ORDER BY k) AS s`, [keys]);
}

/**
 * The reply budget for one mail (the rule is in budget.ts): counts the automatic replies to
 * the address in the last hour and day (one count across all kinds, so two auto-responders
 * cannot ping-pong with us) and the earlier mails from the same address today that say the
 * same thing. Returns the suppression reason, or null when the reply may go out.
 */
export async function budgetExceeded(
  tx: EntityManager,
  mail: {
    address: string;
    senderStatus: SenderStatus;
    forged: boolean;
    automatic: boolean;
    answersOurReply: boolean;
    subject: string;
    newText: string;
    /** This mail's own inbound id, left out of the comparison. */
    inboundMailId: string | null;
  },
  budgets: ReplyBudgets,
  now: Date,
): Promise<Reason | null> {
  await lockReplyBudgets(tx, [mail.address]); // re-entrant: a batch has taken it already
  const [r] = await tx.query(
    `SELECT count(*) FILTER (WHERE created_at > $2::timestamptz - interval '1 hour')::int AS hour,
            count(*)::int AS day
       FROM outbox
      WHERE to_address = $1 AND kind <> 'agent' AND state IN ('pending','sending','sent')
        AND created_at > $2::timestamptz - interval '1 day'`,
    [mail.address, now.toISOString()],
  );
  // Under the loop budget every mail is answered (the contact budget is never lower), so the
  // earlier mails are read only above it, and only for a registered contact's mail, the one
  // kind that can earn the higher budget.
  if (r.hour < budgets.loop.perHour && r.day < budgets.loop.perDay) return null;
  let nearDuplicates = 0;
  if (mail.senderStatus === 'registered_contact' && !mail.forged && !mail.automatic && !mail.answersOurReply) {
    const earlier: { subject: string | null; newText: string | null }[] = await tx.query(
      `SELECT subject, new_text AS "newText" FROM ticket_messages
        WHERE direction = 'inbound' AND from_address = $1 AND created_at > $2::timestamptz - interval '1 day'
          AND inbound_mail_id IS DISTINCT FROM $3::bigint
        ORDER BY created_at DESC LIMIT 50`,
      [mail.address, now.toISOString(), mail.inboundMailId],
    );
    nearDuplicates = countNearDuplicates({ subject: mail.subject, newText: mail.newText }, earlier);
  }
  return decideBudget(
    { ...mail, nearDuplicates, repliesLastHour: r.hour, repliesLastDay: r.day },
    budgets,
  ).exceeded;
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
    /** The help-centre articles the reply lists (kept on the row, outbox.help_articles). */
    helpArticles?: OutboxHelpArticle[];
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
       INSERT INTO outbox (ticket_id, inbound_mail_id, kind, to_address, to_name, cc, subject, body_text, body_html, message_id, in_reply_to, "references", state, reason, reason_detail, help_articles)
       VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16)
       RETURNING id),
     m AS (
       INSERT INTO ticket_messages (ticket_id, direction, outbox_id, message_id, from_address, subject, new_text)
       SELECT $1, 'outbound', o.id, $10, NULL, $7, $8 FROM o WHERE $13::text = 'pending')
     SELECT id FROM o`,
    [r.ticketId, r.inboundMailId, r.header, r.to.address, r.to.name, r.cc, rendered.subject, rendered.text, rendered.html, messageId, inReplyTo, references, state, reasonWords, reasonDetail, JSON.stringify(r.helpArticles ?? [])],
  );
  const outboxId = String(row.id);
  return { outboxId, messageId, state, reason: reasonWords };
}

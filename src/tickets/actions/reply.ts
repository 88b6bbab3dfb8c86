import { messageIdDomain } from '../../config/load';
import { isWellFormedMessageId, wellFormedMessageIds } from '../../domain/message-id';
import { SERVICEDESK } from '../../domain/vocabulary';
import { newMessageId } from '../replies/outbox';
import { addMessage } from '../store';
import { ActionError, cleanText, lockTicket, type ActionDeps, type Actor } from './context';

const SUBJECT_PREFIX = /^\s*((re|sv|vs|aw|fw|fwd)\s*(\[\d+\])?\s*:\s*)+/i;

/** "SV: [MB-000123] Appen lukker ned": the reference in the subject threads the customer's answer back. */
export function agentReplySubject(subject: string, reference: string, language: 'da' | 'en'): string {
  const bare = subject.replace(SUBJECT_PREFIX, '').replace(`[${reference}]`, '').replace(/\s+/g, ' ').trim();
  return `${language === 'da' ? 'SV' : 'Re'}: [${reference}] ${bare}`.trim();
}

export function agentReplyBody(text: string, agentName: string, language: 'da' | 'en'): string {
  const greeting = language === 'da' ? 'Venlig hilsen' : 'Kind regards';
  return `${text}\n\n${greeting}\n${agentName}\nMicrobizz Servicedesk\n${SERVICEDESK.mail} · ${SERVICEDESK.phone}\n`;
}

/**
 * Writes the agent's reply to the outbox with a reserved Message-ID, threaded to the last
 * inbound mail (In-Reply-To, References), then puts it on the send queue. If Redis is down
 * the row stays pending and the worker's recovery sweep sends it.
 */
export async function replyToTicket(deps: ActionDeps, actor: Actor & { name?: string }, ticketId: number, text: unknown): Promise<{ outboxId: string; messageId: string; queued: boolean }> {
  const body = cleanText(text);
  const { outboxId, messageId } = await deps.tickets.db.transaction(async (tx) => {
    const t = await lockTicket(tx, ticketId);
    const thread: { id: string; direction: string; message_id: string | null; from_address: string | null; synthetic: boolean | null }[] = await tx.query(
      `SELECT m.id, m.direction, m.message_id, m.from_address, im.message_id_synthetic AS synthetic
         FROM ticket_messages m LEFT JOIN inbound_mails im ON im.id = m.inbound_mail_id
        WHERE m.ticket_id = $1 AND m.direction IN ('inbound', 'outbound') ORDER BY m.id`,
      [ticketId],
    );
    const lastInbound = thread.filter((m) => m.direction === 'inbound').pop();
    if (!lastInbound?.from_address) throw new ActionError('INVALID', 'the ticket has no customer mail to answer');
    // A synthesised Message-ID was never known to the customer's client: never refer to it.
    const known = (m: (typeof thread)[number]) => !!m.message_id && !m.synthetic;
    const inReplyTo = known(lastInbound) && isWellFormedMessageId(lastInbound.message_id) ? lastInbound.message_id : null;
    const references = wellFormedMessageIds(thread.filter((m) => known(m) && BigInt(m.id) <= BigInt(lastInbound.id)).map((m) => m.message_id!)).slice(-20);
    const messageId = newMessageId(messageIdDomain(deps.tickets.config));
    const subject = agentReplySubject(t.subject, t.reference, t.language);
    const text = agentReplyBody(body, actor.name || actor.email, t.language);
    const [row] = await tx.query(
      `INSERT INTO outbox (ticket_id, kind, to_address, subject, body_text, message_id, in_reply_to, "references", state)
       VALUES ($1, 'agent', $2, $3, $4, $5, $6, $7, 'pending') RETURNING id`,
      [ticketId, lastInbound.from_address, subject, text, messageId, inReplyTo, references],
    );
    const outboxId = String(row.id);
    await addMessage(tx, { ticketId, direction: 'outbound', outboxId, messageId, fromAddress: actor.email, subject, newText: text });
    await tx.query(`UPDATE tickets SET updated_at = now() WHERE id = $1`, [ticketId]);
    return { outboxId, messageId };
  });
  const queued = await deps.queues.enqueueReply(outboxId).then(
    () => true,
    (err: Error) => (deps.tickets.log.warn({ outboxId, err: err.message }, 'reply not queued; the recovery sweep sends it'), false),
  );
  return { outboxId, messageId, queued };
}

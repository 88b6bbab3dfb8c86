import { messageIdDomain } from '../config/load';
import { registryFactsFor } from '../contacts/registry';
import type { MailOutcome, PipelineDeps } from './deps';
import { quarantine } from './ingest/mail-state';
import { detectLanguage } from './classify/language';
import { matchSender } from './match/match-sender';
import { detectAutomatic } from './parse/automatic';
import { parseMail } from './parse/parse-mail';
import { budgetExceeded, queueReply } from './reply/outbox';
import { addMessage, openTicket } from '../tickets/ticket-service';

/**
 * A mail above MAX_MAIL_BYTES was stored with its headers only. Its sender gets one polite
 * notice (unless it is automatic mail), agents get a ticket in "needs triage" that points at
 * it, and the mail itself is quarantined: raise the limit and replay it to read it.
 */
export async function processOversize(deps: PipelineDeps, mailId: string, rawHeaders: Buffer | null, size: number): Promise<MailOutcome> {
  const { config } = deps;
  const parsed = rawHeaders ? await parseMail(Buffer.concat([rawHeaders, Buffer.from('\r\n')])) : null;
  const reason = `oversize: ${size} bytes (limit ${config.MAX_MAIL_BYTES})`;
  if (!parsed?.from?.address || detectAutomatic(parsed).automatic) return quarantine(deps.db, mailId, `${reason}; no notice (automatic or no sender)`);
  const from = parsed.from;
  const sender = matchSender(from.address, await registryFactsFor(deps.db, from.address), { forged: false, day: deps.now().toISOString().slice(0, 10) });
  const language = detectLanguage(parsed.subject, '');
  return deps.db.transaction(async (tx) => {
    const [locked] = await tx.query(`SELECT state, message_id, message_id_synthetic FROM inbound_mails WHERE id = $1 FOR UPDATE`, [mailId]);
    if (!locked || locked.state !== 'received') return { state: 'skipped', reason: `already ${locked?.state ?? 'gone'}` } as const;
    const ticket = await openTicket(
      tx,
      {
        subject: parsed.subject || '(uden emne)',
        category: 'support',
        confidence: 0,
        language,
        topic: null,
        explanation: [`Mailen var for stor til automatisk behandling (${size} bytes; grænsen er ${config.MAX_MAIL_BYTES}). Den ligger i karantæne; hæv grænsen og genbehandl den for at læse den.`, ...sender.reasons],
        senderStatus: sender.status,
        fromAddress: from.address,
        companyId: sender.company?.id ?? null,
        contactId: sender.contactId,
        agreementKind: sender.agreement,
        queue: 'needs_triage',
        linkedTicketId: null,
      },
      config.TICKET_PREFIX,
    );
    await addMessage(tx, { ticketId: ticket.id, direction: 'inbound', inboundMailId: mailId, messageId: locked.message_id, fromAddress: from.address, subject: parsed.subject, newText: '' });
    const suppressed = await budgetExceeded(tx, from.address, { perHour: config.REPLY_BUDGET_PER_HOUR, perDay: config.REPLY_BUDGET_PER_DAY }, deps.now());
    const queued = await queueReply(tx, {
      renderer: deps.renderer,
      context: {
        language,
        kind: 'oversize',
        variant: null,
        ticket: { reference: ticket.reference, subject: parsed.subject },
        recipient: { name: from.name || null, address: from.address },
        senderStatus: sender.status,
        company: sender.company ? { name: sender.company.name } : null,
        agreement: sender.agreement ? { kind: sender.agreement } : null,
        contacts: [],
        contactsCopied: false,
        topic: null,
        size: { received: size, limit: config.MAX_MAIL_BYTES },
      },
      header: 'oversize',
      ticketId: ticket.id,
      inboundMailId: mailId,
      to: { address: from.address, name: from.name || null },
      cc: [],
      inReplyTo: locked.message_id_synthetic ? null : locked.message_id,
      references: parsed.references,
      messageIdDomain: messageIdDomain(config),
      suppressReason: suppressed,
    });
    await tx.query(`UPDATE inbound_mails SET state = 'quarantined', ticket_id = $2, processed_at = now(), last_error = $3 WHERE id = $1`, [mailId, ticket.id, reason]);
    return {
      state: 'processed',
      ticketReference: ticket.reference,
      ticketId: ticket.id,
      created: true,
      outboxId: queued.state === 'pending' ? queued.outboxId : null,
      replyKind: 'oversize',
      suppressed,
    } as const;
  });
}

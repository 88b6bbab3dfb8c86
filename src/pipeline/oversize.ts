import { registryFactsFor } from '../contacts/registry';
import type { MailOutcome, PipelineDeps } from './deps';
import { finishMails, lockMails, quarantine } from './ingest/mail-state';
import { detectLanguage } from './classify/language';
import { matchSender } from './match/match-sender';
import { detectAutomatic } from './parse/automatic';
import { parseMail } from './parse/parse-mail';
import { queueAutomaticReply } from './record-ticket';
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
    const locked = (await lockMails(tx, [mailId])).get(mailId);
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
    await addMessage(tx, { ticketId: ticket.id, direction: 'inbound', inboundMailId: mailId, messageId: locked.messageId, fromAddress: from.address, subject: parsed.subject, newText: '' });
    const queued = await queueAutomaticReply(tx, deps, {
      ticket,
      mailId,
      locked,
      parsed: { ...parsed, from },
      header: 'oversize',
      cc: [],
      suppressed: null,
      budget: { senderStatus: sender.status, forged: sender.forged, automatic: false, answersOurReply: false, newText: '' },
      context: {
        language,
        kind: 'oversize',
        variant: null,
        senderStatus: sender.status,
        company: sender.company ? { name: sender.company.name } : null,
        agreement: sender.agreement ? { kind: sender.agreement } : null,
        contacts: [],
        contactsCopied: false,
        topic: null,
        size: { received: size, limit: config.MAX_MAIL_BYTES },
      },
    });
    await finishMails(tx, [{ id: mailId, state: 'quarantined', ticketId: ticket.id, reason }]);
    return {
      state: 'processed',
      ticketReference: ticket.reference,
      ticketId: ticket.id,
      created: true,
      outboxId: queued.outboxId,
      replyKind: 'oversize',
      suppressed: queued.suppressed,
    } as const;
  });
}

import { messageIdDomain } from '../config/load';
import { addMessage, findThread, openTicket, touchTicket } from '../tickets/ticket-service';
import type { Category } from '../shared/domain';
import type { Classification } from './classify/types';
import type { MailOutcome, PipelineDeps } from './deps';
import type { SenderMatch } from './match/match-sender';
import type { ParsedInbound } from './parse/types';
import { budgetExceeded, queueReply } from './reply/outbox';
import { planReply } from './reply/policy';
import type { ReplyContext } from './reply/types';

type HumanClassification = Classification & { category: Exclude<Category, 'noise'> };

/**
 * One transaction: the mail row is locked, the ticket opened or appended, the reply written
 * to the outbox and the mail marked processed — all or nothing. Two workers racing on the
 * same mail serialise on the row lock; the second finds it processed and stops.
 */
export async function recordTicketAndReply(
  deps: PipelineDeps,
  m: {
    mailId: string;
    parsed: ParsedInbound;
    sender: SenderMatch;
    classification: HumanClassification;
    doNotReply: string | null;
    /** The state the mail must be in: `received`, or `ignored` when an agent rescues a filtered mail. */
    expectState?: 'received' | 'ignored';
  },
): Promise<MailOutcome> {
  const { config } = deps;
  const { parsed, sender, classification: c } = m;
  const from = parsed.from!;
  const now = deps.now();
  return deps.db.transaction(async (tx) => {
    const [locked] = await tx.query(`SELECT state, message_id, message_id_synthetic FROM inbound_mails WHERE id = $1 FOR UPDATE`, [m.mailId]);
    if (!locked || locked.state !== (m.expectState ?? 'received')) return { state: 'skipped', reason: `already ${locked?.state ?? 'gone'}` } as const;

    const thread = await findThread(
      tx,
      { subject: parsed.subject, inReplyTo: parsed.inReplyTo, references: parsed.references },
      { address: from.address, companyId: sender.company?.id ?? null, forged: sender.forged },
      { prefix: config.TICKET_PREFIX, now, reopenWithinDays: config.REOPEN_WITHIN_DAYS },
    );
    const plan = planReply({
      category: c.category,
      confidence: c.confidence,
      abstainBelow: config.CLASSIFIER_ABSTAIN_BELOW,
      senderStatus: sender.status,
      forged: sender.forged,
      agreement: sender.agreement,
      companyContacts: sender.company?.contacts ?? [],
      followUp: thread.action === 'append',
      ccContactsOnNotRegistered: config.CC_CONTACTS_ON_NOT_REGISTERED,
      doNotReply: m.doNotReply,
    });

    const ticket =
      thread.action === 'append'
        ? await touchTicket(tx, thread.ticketId, from.address, thread.reopen)
        : await openTicket(
            tx,
            {
              subject: parsed.subject || '(uden emne)',
              category: c.category,
              confidence: c.confidence,
              language: c.language,
              topic: c.topic,
              explanation: [...c.explanation, ...sender.reasons, ...plan.reasons, thread.reason],
              senderStatus: sender.status,
              fromAddress: from.address,
              companyId: sender.company?.id ?? null,
              contactId: sender.contactId,
              agreementKind: sender.agreement,
              queue: plan.queue,
              linkedTicketId: thread.linkedTicketId,
            },
            config.TICKET_PREFIX,
          );
    await addMessage(tx, {
      ticketId: ticket.id,
      direction: 'inbound',
      inboundMailId: m.mailId,
      messageId: locked.message_id,
      fromAddress: from.address,
      subject: parsed.subject,
      newText: parsed.newText,
    });

    let outboxId: string | null = null;
    let suppressed = plan.suppressed;
    // A reply that must not go out (forged, no-reply sender) is recorded as suppressed; follow-ups get none.
    if (plan.reply || plan.suppressed) {
      const kind = plan.reply ?? { kind: 'needs-triage' as const, variant: null, header: 'needs-triage', cc: [] };
      suppressed ??= await budgetExceeded(tx, from.address, { perHour: config.REPLY_BUDGET_PER_HOUR, perDay: config.REPLY_BUDGET_PER_DAY }, now);
      const context: ReplyContext = {
        language: c.language,
        kind: kind.kind,
        variant: kind.variant,
        ticket: { reference: ticket.reference, subject: parsed.subject },
        recipient: { name: from.name || null, address: from.address },
        senderStatus: sender.status,
        company: sender.company ? { name: sender.company.name } : null,
        agreement: sender.agreement ? { kind: sender.agreement } : null,
        contacts: sender.company?.contacts ?? [],
        contactsCopied: kind.cc.length > 0,
        topic: c.topic,
      };
      const queued = await queueReply(tx, {
        renderer: deps.renderer,
        context,
        header: kind.header,
        ticketId: ticket.id,
        inboundMailId: m.mailId,
        to: { address: from.address, name: from.name || null },
        cc: kind.cc,
        // A synthesised id was never known to the sender's mail client: don't refer to it.
        inReplyTo: locked.message_id_synthetic ? null : locked.message_id,
        references: parsed.references,
        messageIdDomain: messageIdDomain(config),
        suppressReason: suppressed,
      });
      outboxId = queued.state === 'pending' ? queued.outboxId : null;
    }

    await tx.query(`UPDATE inbound_mails SET state = 'processed', ticket_id = $2, processed_at = now(), last_error = NULL WHERE id = $1`, [m.mailId, ticket.id]);
    return {
      state: 'processed',
      ticketReference: ticket.reference,
      ticketId: ticket.id,
      created: thread.action === 'new',
      outboxId,
      replyKind: plan.reply?.header ?? null,
      suppressed,
    } as const;
  });
}

import type { EntityManager } from 'typeorm';
import { messageIdDomain } from '../config/load';
import { addMessage, findThread, openTicket, touchTicket, type TicketJudgment, type TicketRow } from './store';
import type { SenderStatus } from '../domain/vocabulary';
import { reason, type ReasonLike } from '../domain/reasons';
import { reasonText } from '../i18n/messages';
import type { Config } from '../config/schema';
import type { SenderMatch } from '../contacts/facts';
import type { TemplateRenderer } from './replies/render';
import { budgetExceeded, queueReply, type OutboxHelpArticle } from './replies/outbox';
import { MAX_SELF_HELP_ARTICLES, selfHelpInReply } from '../domain/self-help';
import { isOwnMessageId } from '../domain/message-id';
import { planReply } from '../domain/reply-policy';
import type { ReplyContext } from './replies/types';
import { answerCourseOffer, courseOfferFor, rememberOffer } from './course-booking';

/**
 * The one ticket-writing path. The pipeline (and the agents' rescue of a filtered mail) decides
 * what a mail is and who sent it, and hands it over here; this opens or appends the ticket and
 * queues the reply the agreements prescribe, inside the caller's transaction.
 */

/** What the writing needs from the parsed mail. */
export interface MailFacts {
  subject: string;
  newText: string;
  inReplyTo: string[];
  references: string[];
  from: { address: string; name: string } | null;
}

/** The judgment of the mail (the classifier's, or an agent's), for a human category. */
export interface Judgment extends TicketJudgment {
  /** How much the mail looks like automatic, sales or fraudulent mail (decides whether a stranger is answered). */
  noiseSuspicion?: { textScore: number; pNoise: number; phrases: string[] } | null;
}

/** The mail's row as the caller locked it. */
export interface LockedMail {
  messageId: string;
  messageIdSynthetic: boolean;
}

/** What writing a ticket needs from the process: configuration, the templates, the clock. */
export interface RecordDeps {
  config: Config;
  renderer: TemplateRenderer;
  now: () => Date;
}

export interface TicketInput {
  mailId: string;
  parsed: MailFacts;
  sender: SenderMatch;
  classification: Judgment;
  doNotReply: ReasonLike | null;
  /** Reasons shown before the classifier's (e.g. who rescued a filtered mail, and why it was filtered). */
  notes?: ReasonLike[];
  /** Set when the ticket must go to needs triage whatever its category: why (e.g. a noise verdict kept for a customer). */
  triage?: ReasonLike | null;
  /** The mail carried automatic-mail markers (the reply budget treats it as loop-like). */
  automatic?: boolean;
  /**
   * Help-centre articles relevant to the mail, best first (the caller searched the catalogue,
   * src/help). Listed in the reply only when the policy allows it (src/domain/self-help.ts).
   */
  helpArticles?: OutboxHelpArticle[];
}

/** A ticket written for a mail: the caller marks the mail processed with it. */
export interface RecordedTicket {
  ticketReference: string;
  ticketId: number;
  created: boolean;
  outboxId: string | null;
  replyKind: string | null;
  suppressed: string | null;
}

/** What every reply's context says of its sender. */
const senderContext = (sender: SenderMatch): Pick<ReplyContext, 'senderStatus' | 'company' | 'agreement'> => ({
  senderStatus: sender.status,
  company: sender.company ? { name: sender.company.name } : null,
  agreement: sender.agreement ? { kind: sender.agreement } : null,
});

/** A ticket's subject (and our reply's): the mail's, bounded — a header may be 64 KiB long. */
const ticketSubject = (subject: string): string => (subject.trim() ? (subject.length > 300 ? `${subject.slice(0, 300)}…` : subject) : '(uden emne)');

/**
 * The ticket and reply for one mail, inside the caller's transaction, with the mail row
 * already locked by the caller. The caller marks the mail processed (a batch does that for
 * all its mails in one statement).
 */
export async function recordTicketInTransaction(tx: EntityManager, deps: RecordDeps, m: TicketInput, locked: LockedMail): Promise<RecordedTicket> {
  const { config } = deps;
  const { parsed, sender, classification: c } = m;
  const from = parsed.from!;
  const now = deps.now();
  const thread = await findThread(
    tx,
    { subject: parsed.subject, inReplyTo: parsed.inReplyTo, references: parsed.references },
    { address: from.address, companyId: sender.company?.id ?? null, forged: sender.forged, unverified: sender.unverified },
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
    noiseSuspicion: c.noiseSuspicion ?? null,
    triage: m.triage ?? null,
  });

  const ticket =
    thread.action === 'append'
      ? await touchTicket(tx, thread.ticketId, from.address, thread.reopen)
      : await openTicket(
          tx,
          {
            subject: ticketSubject(parsed.subject),
            category: c.category,
            confidence: c.confidence,
            language: c.language,
            topic: c.topic,
            explanation: [...(m.notes ?? []), ...c.explanation, ...sender.reasons, ...plan.reasons, thread.reason],
            trainingEvidence: c.category === 'training' ? (c.trainingEvidence ?? []) : [],
            senderStatus: sender.status,
            senderForged: sender.forged,
            senderUnverified: sender.unverified,
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
    messageId: locked.messageId,
    fromAddress: from.address,
    subject: parsed.subject,
    newText: parsed.newText,
  });

  let outboxId: string | null = null;
  let suppressed = plan.suppressed === null ? null : reasonText(plan.suppressed);
  const budget = {
    senderStatus: sender.status,
    forged: sender.forged || sender.unverified,
    automatic: m.automatic ?? false,
    answersOurReply: [...parsed.inReplyTo, ...parsed.references].some((id) => isOwnMessageId(id, messageIdDomain(config))),
    newText: parsed.newText ?? '',
  };

  // An answer in the thread of a training offer with dates: a booking, or why not (course-booking.ts).
  // Never for mail that must not be answered (automatic, several authors, forged).
  const answer = thread.action === 'append' && !plan.suppressed && !m.doNotReply && !sender.forged
    ? await answerCourseOffer(tx, deps, { ticket, mailId: m.mailId, newText: parsed.newText ?? '', from, now })
    : null;
  if (answer) {
    let replyKind: string | null = null;
    if (answer.reply) {
      const queued = await queueAutomaticReply(tx, deps, {
        ticket,
        mailId: m.mailId,
        locked,
        parsed: { subject: parsed.subject, references: parsed.references, from },
        header: answer.reply.kind,
        cc: [],
        suppressed: null,
        budget,
        context: {
          language: answer.reply.language,
          kind: answer.reply.kind,
          variant: null,
          ...senderContext(sender),
          contacts: sender.company?.contacts ?? [],
          contactsCopied: false,
          topic: c.topic,
          course: answer.reply.course,
        },
      });
      outboxId = queued.outboxId;
      suppressed = queued.suppressed;
      replyKind = answer.reply.kind;
    }
    await answer.afterReply(outboxId);
    return { ticketReference: ticket.reference, ticketId: ticket.id, created: false, outboxId, replyKind, suppressed };
  }

  // A reply that must not go out (forged, no-reply sender) is recorded as suppressed; follow-ups get none.
  if (plan.reply || plan.suppressed) {
    const kind = plan.reply ?? { kind: 'needs-triage' as const, variant: null, header: 'needs-triage', cc: [] };
    const articles = plan.reply && selfHelpInReply({ category: c.category, senderStatus: sender.status, replyKind: plan.reply.kind }) ? (m.helpArticles ?? []).slice(0, MAX_SELF_HELP_ARTICLES) : [];
    // A training offer names the course for the topic with its next dates, when there is one.
    const offer = plan.reply?.kind === 'training-offer' ? await courseOfferFor(tx, { topic: c.topic, language: c.language, agreement: sender.agreement, now }) : null;
    const queued = await queueAutomaticReply(tx, deps, {
      ticket,
      mailId: m.mailId,
      locked,
      parsed: { subject: parsed.subject, references: parsed.references, from },
      header: kind.header,
      cc: kind.cc,
      suppressed: plan.suppressed,
      budget,
      context: {
        language: c.language,
        kind: kind.kind,
        variant: kind.variant,
        ...senderContext(sender),
        contacts: sender.company?.contacts ?? [],
        contactsCopied: kind.cc.length > 0,
        topic: c.topic,
        articles: articles.map((a) => ({ title: a.title, url: a.url })),
        course: offer?.context ?? null,
      },
      helpArticles: articles,
    });
    outboxId = queued.outboxId;
    suppressed = queued.suppressed;
    if (offer) await rememberOffer(tx, ticket.id, queued.outboxId, offer.pick);
  }
  return {
    ticketReference: ticket.reference,
    ticketId: ticket.id,
    created: thread.action === 'new',
    outboxId,
    replyKind: plan.reply?.header ?? null,
    suppressed,
  };
}

/**
 * A mail above MAX_MAIL_BYTES, stored with its headers only: its sender (identified like any
 * other, DMARC and all) gets one polite notice, agents get a ticket in "needs triage" that
 * points at it, and the mail itself is quarantined — raise the limit and replay it to read it.
 * Inside the caller's transaction, like recordTicketInTransaction; the caller marks the mail
 * quarantined with the returned ticket.
 */
export async function recordOversizeInTransaction(
  tx: EntityManager,
  deps: RecordDeps,
  m: TicketInput,
  locked: LockedMail,
  o: { size: number },
): Promise<RecordedTicket> {
  const { config } = deps;
  const { parsed, sender } = m;
  const from = parsed.from!;
  const language = m.classification.language;
  const ticket = await openTicket(
    tx,
    {
      subject: ticketSubject(parsed.subject),
      category: 'support',
      confidence: 0,
      language,
      topic: null,
      explanation: [reason('mail.oversize', { size: o.size, limit: config.MAX_MAIL_BYTES }), ...sender.reasons],
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
  await addMessage(tx, { ticketId: ticket.id, direction: 'inbound', inboundMailId: m.mailId, messageId: locked.messageId, fromAddress: from.address, subject: parsed.subject, newText: '' });
  const queued = await queueAutomaticReply(tx, deps, {
    ticket,
    mailId: m.mailId,
    locked,
    parsed: { subject: parsed.subject, references: parsed.references, from },
    header: 'oversize',
    cc: [],
    // A forged sender gets no notice either: it would go to whoever the From names.
    suppressed: sender.forged ? reason('policy.forged') : null,
    budget: { senderStatus: sender.status, forged: sender.forged || sender.unverified, automatic: false, answersOurReply: false, newText: '' },
    context: {
      language,
      kind: 'oversize',
      variant: null,
      ...senderContext(sender),
      contacts: [],
      contactsCopied: false,
      topic: null,
      size: { received: o.size, limit: config.MAX_MAIL_BYTES },
    },
  });
  return { ticketReference: ticket.reference, ticketId: ticket.id, created: true, outboxId: queued.outboxId, replyKind: queued.outboxId ? 'oversize' : null, suppressed: queued.suppressed };
}

/**
 * Writes an automatic reply to the outbox, suppressed when the policy says so or when the
 * sender's reply budget is used up. The one place automatic replies are queued (tickets and
 * the oversize notice).
 */
export async function queueAutomaticReply(
  tx: EntityManager,
  deps: RecordDeps,
  r: {
    ticket: TicketRow;
    mailId: string;
    locked: LockedMail;
    parsed: Pick<MailFacts, 'subject' | 'references'> & { from: { address: string; name: string } };
    header: string;
    cc: string[];
    /** Set when the reply policy already decided not to send. */
    suppressed: ReasonLike | null;
    /** What the reply budget needs to know about the mail (budget.ts). */
    budget: { senderStatus: SenderStatus; forged: boolean; automatic: boolean; answersOurReply: boolean; newText: string };
    context: Omit<ReplyContext, 'ticket' | 'recipient'>;
    /** The help-centre articles the context lists, remembered on the outbox row. */
    helpArticles?: OutboxHelpArticle[];
  },
): Promise<{ outboxId: string | null; suppressed: string | null }> {
  const { config } = deps;
  const from = r.parsed.from;
  const suppressed: ReasonLike | null =
    r.suppressed ??
    (await budgetExceeded(
      tx,
      { ...r.budget, address: from.address, subject: r.parsed.subject, inboundMailId: r.mailId },
      {
        loop: { perHour: config.REPLY_BUDGET_PER_HOUR, perDay: config.REPLY_BUDGET_PER_DAY },
        contact: { perHour: config.REPLY_BUDGET_CONTACT_PER_HOUR, perDay: config.REPLY_BUDGET_CONTACT_PER_DAY },
      },
      deps.now(),
    ));
  const queued = await queueReply(tx, {
    renderer: deps.renderer,
    context: { ...r.context, ticket: { reference: r.ticket.reference, subject: ticketSubject(r.parsed.subject) }, recipient: { name: from.name ? from.name.slice(0, 200) : null, address: from.address } },
    header: r.header,
    ticketId: r.ticket.id,
    inboundMailId: r.mailId,
    to: { address: from.address, name: from.name || null },
    cc: r.cc,
    // A synthesised id was never known to the sender's mail client: don't refer to it.
    inReplyTo: r.locked.messageIdSynthetic ? null : r.locked.messageId,
    references: r.parsed.references,
    messageIdDomain: messageIdDomain(config),
    suppressReason: suppressed,
    helpArticles: r.helpArticles ?? [],
  });
  return { outboxId: queued.state === 'pending' ? queued.outboxId : null, suppressed: suppressed === null ? null : reasonText(suppressed) };
}

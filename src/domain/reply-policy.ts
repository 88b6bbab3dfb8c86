import { SERVICE_REQUESTS_INCLUDED, type AgreementKind, type Category, type ReplyKind, type SenderStatus, type TicketQueue } from './vocabulary';
import { reason, type Reason, type ReasonLike } from './reasons';
import { FALLBACK_AGREEMENT } from './agreements';

export { FALLBACK_AGREEMENT } from './agreements';

/**
 * What the customer is told and where the ticket goes: category × agreement × sender, per
 * supportaftaler.txt. Pure; the caller applies the reply budget (budget.ts) afterwards.
 *
 * Unknown senders: only a confident human request is answered (they may be customers
 * writing from a new address). A low-confidence mail, or one that looks like sales,
 * automatic or fraudulent mail (STRANGER_NOISE_*), goes to the needs-triage queue silently:
 * answering spam confirms the address and is backscatter. The suppression reason is
 * recorded on the ticket, and an agent can still answer.
 */
export interface ReplyPolicyInput {
  category: Exclude<Category, 'noise'>;
  confidence: number;
  abstainBelow: number;
  senderStatus: SenderStatus;
  forged: boolean;
  agreement: AgreementKind | null;
  /** Registered support contacts of the sender's company (for not-registered replies). */
  companyContacts: { name: string; address: string }[];
  /** The mail joined an existing ticket (a reply to our reply): no new acknowledgement. */
  followUp: boolean;
  ccContactsOnNotRegistered: boolean;
  /** Set when the sender must not be answered (e.g. a no-reply address): the reason. */
  doNotReply?: ReasonLike | null;
  /**
   * How much the mail looks like automatic, bulk, sales or fraudulent mail (the classifier's
   * noiseSuspicion). Decides whether an unknown sender is answered.
   */
  noiseSuspicion?: { textScore: number; pNoise: number; phrases: string[] } | null;
  /** Set when the ticket must go to needs triage whatever the category (e.g. a noise verdict kept for a customer): why. */
  triage?: ReasonLike | null;
}

/**
 * An unknown sender's mail is suspect of being sales, automatic or fraudulent mail when the
 * model gives noise at least this probability, or the text has at least this much noise
 * wording (rules.ts), even though the final category is a human one.
 */
export const STRANGER_NOISE_P = 0.2;
export const STRANGER_NOISE_TEXT = 2;

/** Why an unknown sender's mail gets no automatic reply, or null when it may be answered. */
export function strangerSilence(p: Pick<ReplyPolicyInput, 'confidence' | 'abstainBelow' | 'noiseSuspicion'>): Reason | null {
  const n = p.noiseSuspicion;
  if (n && (n.pNoise >= STRANGER_NOISE_P || n.textScore >= STRANGER_NOISE_TEXT)) {
    return reason('policy.stranger_suspect', { pNoise: n.pNoise, textScore: n.textScore, phrases: n.phrases.slice(0, 3).map((w) => `"${w}"`).join(', ') });
  }
  if (p.confidence < p.abstainBelow) return reason('policy.stranger_uncertain', { confidence: p.confidence, threshold: p.abstainBelow });
  return null;
}

export interface ReplyPlan {
  queue: TicketQueue;
  /** null: no reply (follow-up, or suppressed: see `suppressed`). */
  reply: { kind: ReplyKind; variant: string | null; header: string; cc: string[] } | null;
  /** Why a reply that would otherwise go out must not. */
  suppressed: ReasonLike | null;
  /** Codes with parameters (src/domain/reasons.ts), put into words where they are shown. */
  reasons: ReasonLike[];
}

/**
 * The queue a ticket belongs in: needs triage when the judgment is uncertain (or must be
 * checked, or the mail is a stranger's that we do not answer); errors in the error queue
 * whoever reports them; other mail from unknown senders in "unknown sender"; the rest by
 * category. The one rule for the pipeline and for an agent's reclassification.
 */
export function ticketQueue(p: { category: Exclude<Category, 'noise'>; senderStatus: SenderStatus; uncertain: boolean }): TicketQueue {
  if (p.uncertain) return 'needs_triage';
  if (p.category === 'error') return 'error'; // faults are handled whoever reports them
  if (p.senderStatus === 'unknown_domain') return 'unknown_sender';
  return p.category;
}

export function planReply(p: ReplyPolicyInput): ReplyPlan {
  const reasons: ReasonLike[] = [];
  const agreement = p.agreement ?? FALLBACK_AGREEMENT;
  if (!p.agreement && p.senderStatus !== 'unknown_domain') reasons.push(reason('policy.no_agreement', { fallback: FALLBACK_AGREEMENT }));
  const lowConfidence = p.confidence < p.abstainBelow;
  const stranger = p.senderStatus === 'unknown_domain' ? strangerSilence(p) : null;
  const queue = ticketQueue({ category: p.category, senderStatus: p.senderStatus, uncertain: lowConfidence || !!p.triage || !!stranger });
  if (p.triage) reasons.push(p.triage);
  if (lowConfidence) reasons.push(reason('policy.low_confidence', { confidence: p.confidence, threshold: p.abstainBelow }));

  if (p.forged) return { queue, reply: null, suppressed: reason('policy.forged'), reasons };
  if (p.doNotReply) return { queue, reply: null, suppressed: p.doNotReply, reasons };
  if (p.followUp) return { queue, reply: null, suppressed: null, reasons: [...reasons, reason('policy.follow_up')] };
  if (stranger) return { queue, reply: null, suppressed: stranger, reasons: [...reasons, stranger] };

  const cc = p.senderStatus === 'same_domain_unregistered' && p.ccContactsOnNotRegistered ? p.companyContacts.map((c) => c.address) : [];
  const reply = (kind: ReplyKind, variant: string | null, withCc = false) => ({
    kind,
    variant,
    header: variant ? `${kind}/${variant}` : kind,
    cc: withCc ? cc : [],
  });

  if (lowConfidence || p.triage) return { queue, reply: reply('needs-triage', null), suppressed: null, reasons };
  if (p.category === 'error') {
    const variant = p.senderStatus === 'registered_contact' ? null : p.senderStatus === 'unknown_domain' ? 'unknown-sender' : 'not-registered';
    return { queue, reply: reply('error', variant, variant === 'not-registered'), suppressed: null, reasons };
  }
  if (p.senderStatus === 'unknown_domain') return { queue, reply: reply('unknown-sender', null), suppressed: null, reasons };
  if (p.senderStatus === 'same_domain_unregistered') return { queue, reply: reply('not-registered', null, true), suppressed: null, reasons };
  switch (p.category) {
    case 'support':
      return { queue, reply: reply('support', agreement), suppressed: null, reasons };
    case 'training':
      return { queue, reply: reply('training-offer', null), suppressed: null, reasons };
    case 'service_request':
      return { queue, reply: reply('service-request', SERVICE_REQUESTS_INCLUDED.has(agreement) ? 'included' : 'billable'), suppressed: null, reasons };
  }
}

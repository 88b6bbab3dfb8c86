import type { TicketQueue } from '../../db/entities/ticket';
import { SERVICE_REQUESTS_INCLUDED, type AgreementKind, type Category, type SenderStatus } from '../../shared/domain';
import { reason, type Reason, type ReasonLike } from '../../shared/reasons';
import type { Classification } from '../classify/types';
import type { SenderMatch } from '../match/match-sender';
import type { ReplyKind } from './types';

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
  /** Codes with parameters (src/shared/reasons.ts), put into words where they are shown. */
  reasons: ReasonLike[];
}

/** A company without a valid agreement is treated as basis: the free, mail-only default. */
export const FALLBACK_AGREEMENT: AgreementKind = 'basis';

export function planReply(p: ReplyPolicyInput): ReplyPlan {
  const reasons: ReasonLike[] = [];
  const agreement = p.agreement ?? FALLBACK_AGREEMENT;
  if (!p.agreement && p.senderStatus !== 'unknown_domain') reasons.push(reason('policy.no_agreement', { fallback: FALLBACK_AGREEMENT }));
  const lowConfidence = p.confidence < p.abstainBelow;
  const categoryQueue: TicketQueue = p.category;
  const stranger = p.senderStatus === 'unknown_domain' ? strangerSilence(p) : null;

  let queue: TicketQueue;
  if (lowConfidence || p.triage || stranger) queue = 'needs_triage';
  else if (p.category === 'error') queue = 'error'; // faults are handled whoever reports them
  else if (p.senderStatus === 'unknown_domain') queue = 'unknown_sender';
  else queue = categoryQueue;
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

const CUSTOMER_STATUSES: ReadonlySet<SenderStatus> = new Set(['registered_contact', 'same_domain_unregistered']);

/**
 * Mail from a customer is never silenced by the text-based noise rules: when the model (not
 * the spam filter's verdict, not automatic-mail headers) calls a mail from a registered
 * contact or a colleague at a customer's domain noise, it becomes a ticket in needs triage
 * under its best human category, and the agent decides. Returns that classification, or
 * null when the verdict stands (or was not noise).
 */
export function keepForCustomer(c: Classification, sender: Pick<SenderMatch, 'status' | 'forged'>): Classification & { category: Exclude<Category, 'noise'> } | null {
  if (c.category !== 'noise' || c.method !== 'model' || sender.forged || !CUSTOMER_STATUSES.has(sender.status)) return null;
  const best = (Object.keys(c.scores) as Category[]).filter((k) => k !== 'noise').sort((a, b) => c.scores[b] - c.scores[a])[0] as Exclude<Category, 'noise'>;
  return {
    ...c,
    category: best,
    confidence: c.scores[best],
    topic: c.topic,
    trainingEvidence: [],
    explanation: [
      ...c.explanation.slice(0, 3),
      `Teksten ligner automatisk mail eller salg (støj), men afsenderen er ${sender.status === 'registered_contact' ? 'registreret supportkontakt' : 'kollega hos en kunde'}; mailen bliver en sag i "Kræver vurdering" (bedste bud: ${best}).`,
    ],
  };
}

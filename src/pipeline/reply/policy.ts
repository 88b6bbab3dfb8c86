import type { TicketQueue } from '../../db/entities/ticket';
import { SERVICE_REQUESTS_INCLUDED, type AgreementKind, type Category, type SenderStatus } from '../../shared/domain';
import { reason, type ReasonLike } from '../../shared/reasons';
import type { ReplyKind } from './types';

/**
 * What the customer is told and where the ticket goes: category × agreement × sender, per
 * supportaftaler.txt. Pure; the caller applies the per-recipient budget afterwards.
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

  let queue: TicketQueue;
  if (lowConfidence) queue = 'needs_triage';
  else if (p.category === 'error') queue = 'error'; // faults are handled whoever reports them
  else if (p.senderStatus === 'unknown_domain') queue = 'unknown_sender';
  else queue = categoryQueue;
  if (lowConfidence) reasons.push(reason('policy.low_confidence', { confidence: p.confidence, threshold: p.abstainBelow }));

  if (p.forged) return { queue, reply: null, suppressed: reason('policy.forged'), reasons };
  if (p.doNotReply) return { queue, reply: null, suppressed: p.doNotReply, reasons };
  if (p.followUp) return { queue, reply: null, suppressed: null, reasons: [...reasons, reason('policy.follow_up')] };

  const cc = p.senderStatus === 'same_domain_unregistered' && p.ccContactsOnNotRegistered ? p.companyContacts.map((c) => c.address) : [];
  const reply = (kind: ReplyKind, variant: string | null, withCc = false) => ({
    kind,
    variant,
    header: variant ? `${kind}/${variant}` : kind,
    cc: withCc ? cc : [],
  });

  if (lowConfidence) return { queue, reply: reply('needs-triage', null), suppressed: null, reasons };
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

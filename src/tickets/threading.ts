import { reason, type Reason } from '../domain/reasons';

/**
 * Which ticket a mail belongs to. Pure: the caller looks up the candidate tickets (by the
 * reference in the subject, then by In-Reply-To/References against stored Message-IDs) and
 * this decides, so the anti-hijack rule lives in one tested place.
 */
export interface ThreadCandidate {
  ticketId: number;
  via: 'subject-reference' | 'in-reply-to' | 'references';
  participants: string[];
  companyId: number | null;
  status: 'open' | 'closed';
  closedAt: Date | null;
}

export interface ThreadSender {
  address: string;
  companyId: number | null;
  /** DMARC failed at our server: never joins an existing ticket. */
  forged: boolean;
  /** The From could not be verified (e.g. several authors): never joins one either. */
  unverified?: boolean;
}

export type ThreadDecision =
  | { action: 'append'; ticketId: number; reopen: boolean; reason: Reason }
  | { action: 'new'; linkedTicketId: number | null; reason: Reason };

const ORDER: Record<ThreadCandidate['via'], number> = { 'subject-reference': 0, 'in-reply-to': 1, references: 2 };

export function decideThread(candidates: ThreadCandidate[], sender: ThreadSender, opts: { now: Date; reopenWithinDays: number }): ThreadDecision {
  if (!candidates.length) return { action: 'new', linkedTicketId: null, reason: reason('thread.none') };
  if (sender.forged) return { action: 'new', linkedTicketId: null, reason: reason('thread.forged') };
  // Being a participant is what lets a mail join: an address that cannot be verified could
  // be anyone's (a second From address may name the customer).
  if (sender.unverified) return { action: 'new', linkedTicketId: null, reason: reason('thread.unverified') };
  const sorted = [...candidates].sort((a, b) => ORDER[a.via] - ORDER[b.via]);
  // Anti-hijack (as osTicket does): knowing a reference is not enough; the sender must be a
  // participant of the ticket or belong to its company.
  const allowed = sorted.find(
    (c) => c.participants.includes(sender.address) || (c.companyId !== null && c.companyId === sender.companyId),
  );
  if (!allowed) {
    return { action: 'new', linkedTicketId: null, reason: reason('thread.not_participant', { ticket: sorted[0].ticketId }) };
  }
  if (allowed.status === 'open') return { action: 'append', ticketId: allowed.ticketId, reopen: false, reason: reason('thread.joins', { via: allowed.via }) };
  const ageDays = allowed.closedAt ? (opts.now.getTime() - allowed.closedAt.getTime()) / 86_400_000 : 0;
  if (ageDays <= opts.reopenWithinDays) {
    return { action: 'append', ticketId: allowed.ticketId, reopen: true, reason: reason('thread.reopens', { via: allowed.via }) };
  }
  return {
    action: 'new',
    linkedTicketId: allowed.ticketId,
    reason: reason('thread.closed_too_long', { days: Math.floor(ageDays), limit: opts.reopenWithinDays }),
  };
}

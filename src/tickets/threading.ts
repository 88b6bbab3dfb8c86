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
}

export type ThreadDecision =
  | { action: 'append'; ticketId: number; reopen: boolean; reason: string }
  | { action: 'new'; linkedTicketId: number | null; reason: string };

const ORDER: Record<ThreadCandidate['via'], number> = { 'subject-reference': 0, 'in-reply-to': 1, references: 2 };

export function decideThread(candidates: ThreadCandidate[], sender: ThreadSender, opts: { now: Date; reopenWithinDays: number }): ThreadDecision {
  if (!candidates.length) return { action: 'new', linkedTicketId: null, reason: 'no ticket reference or known Message-ID' };
  if (sender.forged) return { action: 'new', linkedTicketId: null, reason: 'DMARC failed: a forged sender never joins an existing ticket' };
  const sorted = [...candidates].sort((a, b) => ORDER[a.via] - ORDER[b.via]);
  // Anti-hijack (as osTicket does): knowing a reference is not enough; the sender must be a
  // participant of the ticket or belong to its company.
  const allowed = sorted.find(
    (c) => c.participants.includes(sender.address) || (c.companyId !== null && c.companyId === sender.companyId),
  );
  if (!allowed) {
    return { action: 'new', linkedTicketId: null, reason: `sender is neither a participant nor of the company of ticket ${sorted[0].ticketId}` };
  }
  if (allowed.status === 'open') return { action: 'append', ticketId: allowed.ticketId, reopen: false, reason: `joins via ${allowed.via}` };
  const ageDays = allowed.closedAt ? (opts.now.getTime() - allowed.closedAt.getTime()) / 86_400_000 : 0;
  if (ageDays <= opts.reopenWithinDays) {
    return { action: 'append', ticketId: allowed.ticketId, reopen: true, reason: `reopens the closed ticket (via ${allowed.via})` };
  }
  return {
    action: 'new',
    linkedTicketId: allowed.ticketId,
    reason: `the ticket was closed ${Math.floor(ageDays)} days ago (more than ${opts.reopenWithinDays}): new linked ticket`,
  };
}

/**
 * Reasons shown to the people at the desk — why a sender was matched as it was, why a reply
 * went out or did not, why a mail joined a ticket — as data: a code and its parameters. The
 * pure stages produce them; they are stored as they are (tickets.explanation,
 * outbox.reason_detail) and put into words only when shown, in the reader's language, by the
 * message catalogue in src/i18n/messages.ts. Pure: no I/O.
 *
 * A plain string is still a reason: rows written before reasons had codes, and text from
 * stages that write their own sentences (the classifier's explanation is Danish already).
 */
export const REASON_CODES = [
  // sender matching (src/pipeline/match/match-sender.ts)
  'sender.forged',
  'sender.registered_contact',
  'sender.public_domain',
  'sender.colleague',
  'sender.ambiguous_domain',
  'sender.unknown_domain',
  'sender.unverified',
  'sender.unverified_contact',
  // whether the From can be believed (src/pipeline/match/sender-trust.ts)
  'trust.several_from_headers',
  'trust.several_authors',
  'trust.not_configured',
  'trust.no_results',
  'trust.other_domain',
  'trust.dmarc_fail',
  'trust.dmarc_pass',
  'trust.no_domain',
  'trust.dkim_aligned',
  'trust.spf_aligned',
  'trust.not_aligned',
  // reply policy (src/domain/reply-policy.ts)
  'policy.no_agreement',
  'policy.low_confidence',
  'policy.forged',
  'policy.follow_up',
  'policy.stranger_suspect',
  'policy.stranger_uncertain',
  'policy.kept_for_customer',
  // replies that were not sent (outbox.reason_detail)
  'reply.automatic',
  'reply.several_authors',
  'reply.rescued',
  'reply.budget_hour',
  'reply.budget_day',
  // threading (src/tickets/threading.ts)
  'thread.none',
  'thread.forged',
  'thread.unverified',
  'thread.not_participant',
  'thread.joins',
  'thread.reopens',
  'thread.closed_too_long',
  // agents' actions and the oversize path
  'rescue.by',
  'rescue.filtered_because',
  'mail.oversize',
  // booking a course by answering a training offer (src/tickets/course-booking.ts)
  'course.booked',
  'course.full',
  'course.unclear',
  'course.already_booked',
  'course.not_an_answer',
] as const;
export type ReasonCode = (typeof REASON_CODES)[number];

export type ReasonParams = Record<string, string | number>;

export interface Reason {
  code: ReasonCode;
  params?: ReasonParams;
}

/** A reason as stored: structured, or free text (older rows, stages that write sentences). */
export type ReasonLike = string | Reason;

export function reason(code: ReasonCode, params?: ReasonParams): Reason {
  return params ? { code, params } : { code };
}

export function isReason(v: unknown): v is Reason {
  return !!v && typeof v === 'object' && typeof (v as Reason).code === 'string';
}

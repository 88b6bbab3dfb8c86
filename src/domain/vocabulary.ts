/**
 * The service desk's vocabulary: categories, agreements, sender statuses, queues, reply
 * kinds. Pure types and constants, part of the domain core (src/domain), which imports
 * nothing: every other part may import it, it imports none of them.
 */

/** What a mail asks for, as an experienced Servicedesk agent would sort it. */
export const CATEGORIES = ['error', 'support', 'training', 'service_request', 'noise'] as const;
export type Category = (typeof CATEGORIES)[number];

/** The four support agreements of supportaftaler.txt. */
export const AGREEMENT_KINDS = ['hypercare', 'udvidet', 'basis', 'timefakturering'] as const;
export type AgreementKind = (typeof AGREEMENT_KINDS)[number];

/** Agreements whose phone line is included (hypercare, udvidet); others pay for phone time. */
export const PHONE_INCLUDED: ReadonlySet<AgreementKind> = new Set(['hypercare', 'udvidet']);
/** Agreements under which service requests are handled by the Servicedesk rather than billed. */
export const SERVICE_REQUESTS_INCLUDED: ReadonlySet<AgreementKind> = new Set(['hypercare', 'udvidet']);

/** The languages mail is answered in and staff read the workspace in. */
export const LANGUAGES = ['da', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];

/** How the From address relates to the registry (see match/). */
export type SenderStatus = 'registered_contact' | 'same_domain_unregistered' | 'unknown_domain';

/** Microbizz areas, for routing and the managers' training reports. */
export const TOPICS = [
  'forms',
  'invoicing',
  'integrations',
  'app',
  'planning',
  'time_registration',
  'users_rights',
  'reports',
  'stock',
  'customers',
  'tasks',
  'agreement',
  'other',
] as const;
export type Topic = (typeof TOPICS)[number];

/** Constants of the vendor's support offer (supportaftaler.txt). Prices excl. VAT. */
export const SERVICEDESK = {
  mail: 'support@microbizz.dk',
  phone: '+45 7023 5323',
  phoneOption: '2',
  extranet: 'ekstranet.microbizz.dk',
  website: 'servicedesk.microbizz.dk',
  /** Phone time outside hypercare/udvidet, per hour, rounded up to the nearest 30 minutes. */
  hourlyRateDkk: 950,
  /** The extended agreement (udvidet), per month. */
  extendedMonthlyDkk: 1850,
} as const;

/** The queues an agent works from (a ticket is in exactly one). */
export const TICKET_QUEUES = ['error', 'support', 'training', 'service_request', 'unknown_sender', 'needs_triage'] as const;
export type TicketQueue = (typeof TICKET_QUEUES)[number];
export const TICKET_STATUSES = ['open', 'closed'] as const;
export type TicketStatus = (typeof TICKET_STATUSES)[number];

/**
 * The kinds of automatic reply, one template folder each under templates/. The value of the
 * X-Servicedesk-Reply header is `<kind>` or `<kind>/<variant>` (e.g. "support/basis",
 * "error/unknown-sender").
 */
export const REPLY_KINDS = [
  'error',
  'support',
  'training-offer',
  'service-request',
  'unknown-sender',
  'not-registered',
  'needs-triage',
  'oversize',
  // Booking a course by answering a training offer with dates (src/tickets/course-booking.ts).
  'course-booked',
  'course-full',
  'course-unclear',
  /** Not to the customer: the notice of a booking to COURSE_TEAM_ADDRESS. */
  'course-notice',
] as const;
export type ReplyKind = (typeof REPLY_KINDS)[number];

/**
 * Vocabulary shared by every stage of the pipeline. Pure types and constants:
 * nothing here does I/O, so the pure stages (parse rules, match, classify,
 * reply policy, reports) can import it freely.
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

export type Language = 'da' | 'en';

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

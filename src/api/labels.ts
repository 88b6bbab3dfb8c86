import { topicLabel as topicName } from '../tickets/replies/format';
import { formatDkk } from '../i18n/money';
import type { Topic } from '../domain/vocabulary';
import { renderReason, uiText } from '../i18n/messages';
import { AGREEMENT_LABELS, CATEGORY_LABELS, PAGE_WORDS, PRESET_LABELS, TOPIC_LABELS, WORDS, describePeriod, formatDay, formatDelta, formatPercent, formatShare } from '../reports/labels';
import { REPORT_CATEGORIES } from '../reports/training-report';
import type { AnyQueue } from './queries/tickets';

/** Danish words for the workspace (the agents are Danish). Pure. */
export const QUEUE_LABELS: Record<AnyQueue, string> = {
  error: 'Fejl',
  support: 'Support',
  training: 'Undervisning',
  service_request: 'Serviceanmodninger',
  unknown_sender: 'Ukendt afsender',
  needs_triage: 'Kræver vurdering',
  quarantined: 'Karantæne',
  ignored: 'Filtreret',
};
export const QUEUE_ORDER: AnyQueue[] = ['error', 'support', 'training', 'service_request', 'unknown_sender', 'needs_triage', 'quarantined', 'ignored'];

const CATEGORY: Record<string, string> = { error: 'Fejl', support: 'Support', training: 'Undervisning', service_request: 'Serviceanmodning', noise: 'Støj' };
const SENDER: Record<string, string> = {
  registered_contact: 'Registreret supportkontakt',
  same_domain_unregistered: 'Kollega hos kunden (ikke supportkontakt)',
  unknown_domain: 'Ukendt afsender',
};
const AGREEMENT: Record<string, string> = { hypercare: 'Hypercare', udvidet: 'Udvidet', basis: 'Basis', timefakturering: 'Timefakturering' };
const STATUS: Record<string, string> = { open: 'Åben', closed: 'Lukket' };
const OUTBOX: Record<string, string> = { pending: 'i kø', sending: 'sendes', sent: 'sendt', failed: 'fejlet', suppressed: 'ikke sendt', bounced: 'afvist' };
const ROLE: Record<string, string> = { agent: 'Agent', manager: 'Leder', admin: 'Administrator' };

const pick = (table: Record<string, string>) => (v: string | null | undefined) => (v ? table[v] ?? v : '–');
export const categoryLabel = pick(CATEGORY);
export const senderLabel = pick(SENDER);
export const agreementLabel = pick(AGREEMENT);
export const statusLabel = pick(STATUS);
export const outboxLabel = pick(OUTBOX);
export const roleLabel = pick(ROLE);

const DATE_TIME = new Intl.DateTimeFormat('da-DK', { timeZone: 'Europe/Copenhagen', dateStyle: 'short', timeStyle: 'short' });
export const formatDateTime = (iso: string | Date | null | undefined): string => (iso ? DATE_TIME.format(new Date(iso)) : '–');

/** "12 min", "5 t", "3 d": how long a ticket has waited, at a glance. */
export function age(iso: string, now: Date = new Date()): string {
  const minutes = Math.max(0, Math.floor((now.getTime() - new Date(iso).getTime()) / 60_000));
  if (minutes < 60) return `${minutes} min`;
  if (minutes < 48 * 60) return `${Math.floor(minutes / 60)} t`;
  return `${Math.floor(minutes / 1440)} d`;
}

export const topicLabel = (t: string | null): string => topicName((t as Topic) ?? null, 'da');

export const percent = (n: number): string => `${Math.round(n * 100)} %`;

/** The report's words (da/en) and formats, for the report page (src/api/views/report.eta). */
const REPORT_HELPERS = { WORDS, PAGE_WORDS, PRESET_LABELS, CATEGORY_LABELS, AGREEMENT_LABELS, TOPIC_LABELS, REPORT_CATEGORIES, describePeriod, formatDay, formatDelta, formatPercent, formatShare };

/** Kroner as the workspace shows them: "2.500 kr.". */
const kr = (n: number): string => formatDkk(n, 'da');

export const HELPERS = { kr, topicLabel, categoryLabel, senderLabel, agreementLabel, statusLabel, outboxLabel, roleLabel, formatDateTime, age, percent, QUEUE_LABELS, QUEUE_ORDER, reason: renderReason, text: uiText, report: REPORT_HELPERS };

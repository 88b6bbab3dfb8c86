/**
 * Pure formatting helpers for the reply templates (and anything else that shows amounts,
 * topics or agreements to a human). No I/O; safe to import from pure stages and reports.
 */
import type { AgreementKind, Language, Topic } from '../../domain/vocabulary';

const NUMBER_LOCALE: Record<Language, string> = { da: 'da-DK', en: 'en-GB' };

function formatNumber(n: number, lang: Language, maxFractionDigits: number): string {
  return new Intl.NumberFormat(NUMBER_LOCALE[lang], {
    minimumFractionDigits: 0,
    maximumFractionDigits: maxFractionDigits,
  }).format(n);
}

/** Two forms of each topic name: a stand-alone label, and the form used inside a sentence. */
const TOPIC_NAMES: Record<Topic, Record<Language, { label: string; inline: string }>> = {
  forms: { da: { label: 'Skemaer', inline: 'skemaer' }, en: { label: 'Forms', inline: 'forms' } },
  invoicing: {
    da: { label: 'Fakturering', inline: 'fakturering' },
    en: { label: 'Invoicing', inline: 'invoicing' },
  },
  integrations: {
    da: { label: 'Integrationer', inline: 'integrationer' },
    en: { label: 'Integrations', inline: 'integrations' },
  },
  app: {
    da: { label: 'Microbizz-appen', inline: 'Microbizz-appen' },
    en: { label: 'The Microbizz app', inline: 'the Microbizz app' },
  },
  planning: {
    da: { label: 'Planlægning', inline: 'planlægning' },
    en: { label: 'Planning', inline: 'planning' },
  },
  time_registration: {
    da: { label: 'Tidsregistrering', inline: 'tidsregistrering' },
    en: { label: 'Time registration', inline: 'time registration' },
  },
  users_rights: {
    da: { label: 'Brugere og rettigheder', inline: 'brugere og rettigheder' },
    en: { label: 'Users and permissions', inline: 'users and permissions' },
  },
  reports: { da: { label: 'Rapporter', inline: 'rapporter' }, en: { label: 'Reports', inline: 'reports' } },
  stock: { da: { label: 'Lager', inline: 'lagerstyring' }, en: { label: 'Stock', inline: 'stock management' } },
  customers: { da: { label: 'Kunder', inline: 'kunder' }, en: { label: 'Customers', inline: 'customers' } },
  tasks: { da: { label: 'Opgaver', inline: 'opgaver' }, en: { label: 'Tasks', inline: 'tasks' } },
  agreement: {
    da: { label: 'Aftaler', inline: 'aftaler' },
    en: { label: 'Agreements', inline: 'agreements' },
  },
  other: {
    da: { label: 'Microbizz generelt', inline: 'Microbizz' },
    en: { label: 'Microbizz in general', inline: 'Microbizz' },
  },
};

/**
 * A readable name for a Microbizz area. `form: 'label'` (default) is capitalised for lists and
 * reports ("Brugere og rettigheder"); `form: 'inline'` reads inside a sentence
 * ("undervisning i brugere og rettigheder", "training in the Microbizz app").
 * A null topic reads as Microbizz in general.
 */
export function topicLabel(topic: Topic | null, lang: Language, form: 'label' | 'inline' = 'label'): string {
  const names = TOPIC_NAMES[topic ?? 'other'];
  if (!names) throw new Error(`topicLabel: unknown topic "${String(topic)}"`);
  return names[lang][form];
}

const AGREEMENT_NAMES: Record<AgreementKind, Record<Language, string>> = {
  basis: { da: 'Basis supportaftale', en: 'Basic support agreement' },
  udvidet: { da: 'Udvidet supportaftale', en: 'Extended support agreement' },
  hypercare: { da: 'Hypercare', en: 'Hypercare' },
  timefakturering: { da: 'Timefakturering', en: 'Billed by the hour' },
};

/** The agreement's name as supportaftaler.txt writes it ("Basis supportaftale", "Hypercare", ...). */
export function agreementLabel(kind: AgreementKind, lang: Language): string {
  const names = AGREEMENT_NAMES[kind];
  if (!names) throw new Error(`agreementLabel: unknown agreement kind "${String(kind)}"`);
  return names[lang];
}

const KB = 1024;
const MB = 1024 * 1024;
const GB = 1024 * 1024 * 1024;

/**
 * A size for humans, binary units as mail clients show them: "25 MB", "32,4 MB" (da) /
 * "32.4 MB" (en), "512 KB", "900 bytes". One decimal at most; a trailing ",0" is dropped.
 */
export function formatBytes(n: number, lang: Language): string {
  if (!Number.isFinite(n) || n < 0) throw new Error(`formatBytes: not a size: ${n}`);
  if (n >= GB) return `${formatNumber(n / GB, lang, 1)} GB`;
  if (n >= MB) return `${formatNumber(n / MB, lang, 1)} MB`;
  if (n >= KB) return `${formatNumber(n / KB, lang, 1)} KB`;
  return `${formatNumber(n, lang, 0)} ${lang === 'da' ? 'byte' : n === 1 ? 'byte' : 'bytes'}`;
}

/** Names joined the way a person writes them: "A", "A og B", "A, B og C" / "A and B", "A, B and C". */
export function joinNames(names: readonly string[], lang: Language): string {
  const and = lang === 'da' ? 'og' : 'and';
  if (names.length <= 1) return names.join('');
  return `${names.slice(0, -1).join(', ')} ${and} ${names[names.length - 1]}`;
}

const REPLY_PREFIX = /^\s*((re|sv|vs|aw|wg|fw|fwd|videresend|videresendt)\s*(\[\d+\])?\s*:\s*)+/i;

/**
 * The original subject as it goes into a reply subject: whitespace (and header folding)
 * collapsed, leading "Re:"/"SV:"/"Fwd:" prefixes dropped, cut at a word boundary to at most
 * `max` characters with "…" appended when cut.
 */
export function shortSubject(subject: string, max = 50): string {
  const s = subject.replace(/\s+/g, ' ').replace(REPLY_PREFIX, '').trim();
  if (s.length <= max) return s;
  const cut = s.slice(0, max - 1);
  const space = cut.lastIndexOf(' ');
  const head = space >= max * 0.6 ? cut.slice(0, space) : cut;
  return `${head.replace(/[\s,.;:–-]+$/, '')}…`;
}

import type { AgreementKind, Topic } from '../domain/vocabulary';
import { isoWeek, monthOf, weekOf, type Period, type PeriodPreset } from './period';
import type { ReportCategory } from './training-report';

/** Words of the reports in Danish (the managers' language) and English. */
export type ReportLanguage = 'da' | 'en';

type Words = Record<ReportLanguage, string>;

export const CATEGORY_LABELS: Record<ReportCategory, Words> = {
  error: { da: 'Fejl', en: 'Errors' },
  support: { da: 'Support', en: 'Support' },
  training: { da: 'Undervisning', en: 'Training' },
  service_request: { da: 'Serviceanmodning', en: 'Service requests' },
};

export const AGREEMENT_LABELS: Record<AgreementKind | 'none', Words> = {
  hypercare: { da: 'Hypercare', en: 'Hypercare' },
  udvidet: { da: 'Udvidet supportaftale', en: 'Extended agreement' },
  basis: { da: 'Basis supportaftale', en: 'Basic agreement' },
  timefakturering: { da: 'Timefakturering', en: 'Hourly billing' },
  none: { da: 'Ingen aftale', en: 'No agreement' },
};

export const TOPIC_LABELS: Record<Topic, Words> = {
  forms: { da: 'Skemaer', en: 'Forms' },
  invoicing: { da: 'Fakturering', en: 'Invoicing' },
  integrations: { da: 'Integrationer', en: 'Integrations' },
  app: { da: 'App', en: 'App' },
  planning: { da: 'Planlægning', en: 'Planning' },
  time_registration: { da: 'Timeregistrering', en: 'Time registration' },
  users_rights: { da: 'Brugere og rettigheder', en: 'Users and permissions' },
  reports: { da: 'Rapporter', en: 'Reports' },
  stock: { da: 'Lager', en: 'Stock' },
  customers: { da: 'Kunder', en: 'Customers' },
  tasks: { da: 'Opgaver', en: 'Tasks' },
  agreement: { da: 'Supportaftale', en: 'Support agreement' },
  other: { da: 'Andet', en: 'Other' },
};

export const WORDS = {
  title: { da: 'Undervisningstilbud', en: 'Training offers' },
  period: { da: 'Periode', en: 'Period' },
  previousPeriod: { da: 'Forrige periode', en: 'Previous period' },
  thisPeriod: { da: 'Denne periode', en: 'This period' },
  change: { da: 'Ændring', en: 'Change' },
  company: { da: 'Firma', en: 'Company' },
  agreement: { da: 'Aftale', en: 'Agreement' },
  tickets: { da: 'Henvendelser', en: 'Tickets' },
  trainingTickets: { da: 'Undervisningsbehov', en: 'Training needs' },
  offersSent: { da: 'Tilbud sendt', en: 'Offers sent' },
  courseOffers: { da: 'Tilbud med datoer', en: 'Offers with dates' },
  courseBookings: { da: 'Kursusbookinger', en: 'Course bookings' },
  conversion: { da: 'Konvertering', en: 'Conversion' },
  coursesHeading: { da: 'Kursustilbud med datoer og bookinger', en: 'Course offers with dates and bookings' },
  perCourse: { da: 'Pr. kursus', en: 'Per course' },
  course: { da: 'Kursus', en: 'Course' },
  fillingUp: { da: 'Hold der er ved at blive fyldt (mindst 75 % booket eller højst 2 ledige pladser)', en: 'Dates filling up (at least 75 % booked or 2 seats or fewer left)' },
  startsAt: { da: 'Starter', en: 'Starts' },
  seats: { da: 'Pladser', en: 'Seats' },
  booked: { da: 'Booket', en: 'Booked' },
  seatsLeft: { da: 'Ledige', en: 'Left' },
  noCompany: { da: 'Uden kendt firma', en: 'No known company' },
  repeatedTopics: { da: 'Gentagne emner', en: 'Repeated topics' },
  companies: { da: 'Firmaer med henvendelser', en: 'Companies with tickets' },
  unmatchedTickets: { da: 'Uden kendt firma', en: 'No known company' },
  recommended: { da: 'Anbefalet kursus', en: 'Recommended course' },
  topic: { da: 'Emne', en: 'Topic' },
  date: { da: 'Dato', en: 'Date' },
  reference: { da: 'Sag', en: 'Ticket' },
  subject: { da: 'Emnelinje', en: 'Subject' },
  times: { da: 'gange', en: 'times' },
  chart: { da: 'Henvendelser pr. firma', en: 'Tickets per company' },
  chartPrevious: { da: 'grå: forrige periode', en: 'grey: previous period' },
  noActivity: { da: 'Ingen henvendelser fra kendte firmaer i perioden.', en: 'No tickets from known companies in the period.' },
  why: { da: 'Hvorfor', en: 'Why' },
  evidence: { da: 'Tegn på undervisningsbehov', en: 'Signs of a training need' },
  unmatchedTraining: { da: 'Undervisningsbehov fra afsendere uden kendt firma', en: 'Training needs from senders with no known company' },
  sender: { da: 'Afsender', en: 'Sender' },
  requested: { da: 'bedt om undervisning', en: 'asked for training' },
  questions: { da: 'spørgsmål', en: 'questions' },
  footer: {
    da: 'Sendt automatisk af Microbizz Servicedesk (support@microbizz.dk). Undervisning er ikke support (supportaftalerne): gentagne spørgsmål om samme emne følges op med et kursustilbud.',
    en: 'Sent automatically by Microbizz Servicedesk (support@microbizz.dk). Training is not support (the support agreements): repeated questions about one topic are followed up with a course offer.',
  },
} satisfies Record<string, Words>;

/** The period picker of the report page in the workspace. */
export const PRESET_LABELS: Record<PeriodPreset, Words> = {
  'this-week': { da: 'Denne uge', en: 'This week' },
  'last-week': { da: 'Sidste uge', en: 'Last week' },
  'this-month': { da: 'Denne måned', en: 'This month' },
  'last-month': { da: 'Sidste måned', en: 'Last month' },
};

export const PAGE_WORDS = {
  custom: { da: 'Valgfri periode', en: 'Custom range' },
  from: { da: 'Fra', en: 'From' },
  to: { da: 'Til', en: 'To' },
  show: { da: 'Vis', en: 'Show' },
  showing: { da: 'Viser', en: 'Showing' },
  comparedWith: { da: 'sammenlignet med', en: 'compared with' },
  autoChosen: {
    da: 'Valgt automatisk: den seneste periode med henvendelser. Vælg en anden ovenfor.',
    en: 'Chosen automatically: the most recent period with tickets. Pick another above.',
  },
  empty: {
    da: 'Ingen undervisningstilbud i perioden {period}: der kom ingen henvendelser, og der blev ikke sendt tilbud.',
    en: 'No training offers in the period {period}: no tickets came in and no offers were sent.',
  },
  emptyNothingYet: { da: 'Der er endnu ingen henvendelser i systemet.', en: 'There are no tickets in the system yet.' },
  lastWithData: { da: 'Seneste periode med henvendelser:', en: 'Most recent period with tickets:' },
  noCompanies: { da: 'Henvendelserne i perioden kom ikke fra kendte firmaer.', en: 'The tickets in the period came from no known company.' },
  companiesHeading: { da: 'Firmaer', en: 'Companies' },
  companyTickets: { da: 'Se firmaets sager i perioden', en: "See the company's tickets in the period" },
  trainingHeading: { da: 'Undervisningsbehov i perioden', en: 'Training needs in the period' },
  noTraining: { da: 'Ingen henvendelser om undervisning i perioden.', en: 'No tickets about training in the period.' },
  downloads: { da: 'Hent', en: 'Download' },
  mailVersion: { da: 'Mailversion', en: 'Mail version' },
  week: { da: 'uge', en: 'week' },
} satisfies Record<string, Words>;

/** "2. nov. 2026" / "2 Nov 2026": calendar days are formatted in UTC, where they were made. */
export function formatDay(day: string, lang: ReportLanguage): string {
  return new Intl.DateTimeFormat(lang === 'da' ? 'da-DK' : 'en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' }).format(new Date(`${day}T00:00:00Z`));
}

/** "+12,5 %" in Danish, "+12.5 %" in English; "–" when there was nothing to compare with. */
export function formatPercent(p: number | null, lang: ReportLanguage): string {
  if (p === null) return '–';
  const s = new Intl.NumberFormat(lang === 'da' ? 'da-DK' : 'en-GB', { maximumFractionDigits: 1, minimumFractionDigits: 0 }).format(Math.abs(p));
  return `${p > 0 ? '+' : p < 0 ? '−' : '±'}${s} %`;
}

/** A share 0–1 as a percentage without sign: "100 %", "66,7 %" (da) / "66.7 %" (en); "–" for none. */
export function formatShare(share: number | null, lang: ReportLanguage): string {
  if (share === null) return '–';
  return `${new Intl.NumberFormat(lang === 'da' ? 'da-DK' : 'en-GB', { maximumFractionDigits: 1, minimumFractionDigits: 0 }).format(share * 100)} %`;
}

export function formatDelta(d: number): string {
  return d > 0 ? `+${d}` : d < 0 ? `−${-d}` : '0';
}

/**
 * A period as a manager reads it: "uge 48 2026 (23. nov. 2026 – 29. nov. 2026)", "november 2026
 * (1. nov. 2026 – 30. nov. 2026)", or just the two days.
 */
export function describePeriod(p: Period, lang: ReportLanguage): string {
  const span = `${formatDay(p.from, lang)} – ${formatDay(p.to, lang)}`;
  const week = weekOf(p.from);
  if (week.from === p.from && week.to === p.to) {
    const { week: n, year } = isoWeek(p.from);
    return `${PAGE_WORDS.week[lang]} ${n} ${year} (${span})`;
  }
  const month = monthOf(p.from);
  if (month.from === p.from && month.to === p.to) {
    const name = new Intl.DateTimeFormat(lang === 'da' ? 'da-DK' : 'en-GB', { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(new Date(`${p.from}T00:00:00Z`));
    return `${name} (${span})`;
  }
  return span;
}

import { AGREEMENT_KINDS, LANGUAGES, TOPICS, type AgreementKind, type Language, type Topic } from '../domain/vocabulary';

/**
 * A course of the calendar and its dates, and the one validation for every way in (the CSV
 * import, the workspace forms). Pure.
 */
export const ONLINE = 'online';

export interface CourseInput {
  /** The key the CSV import upserts on ("skemaer-da"). */
  code: string;
  topic: Topic;
  language: Language;
  title: string;
  /** An address, or "online". */
  place: string;
  /** Whole kroner excl. VAT. */
  priceDkk: number;
  /** Prices that differ per agreement (e.g. { udvidet: 0 }). */
  agreementPrices: Partial<Record<AgreementKind, number>>;
}

export interface Course extends CourseInput {
  id: number;
}

export interface CourseDateInput {
  startsAt: Date;
  seatsTotal: number;
}

export interface CourseDate extends CourseDateInput {
  id: number;
  courseId: number;
  seatsLeft: number;
}

const noControl = (s: string) => !/[\u0000-\u001f\u007f]/.test(s);

/** The price a customer on this agreement pays (no agreement known: the course's price). */
export function priceFor(course: Pick<CourseInput, 'priceDkk' | 'agreementPrices'>, agreement: AgreementKind | null): number {
  const own = agreement ? course.agreementPrices[agreement] : undefined;
  return own ?? course.priceDkk;
}

/** "udvidet=0;hypercare=0" → { udvidet: 0, hypercare: 0 }; the problems as sentences. */
export function parseAgreementPrices(cell: string): { prices: Partial<Record<AgreementKind, number>>; problems: string[] } {
  const prices: Partial<Record<AgreementKind, number>> = {};
  const problems: string[] = [];
  for (const item of cell.split(';').map((s) => s.trim()).filter(Boolean)) {
    const m = /^([a-z]+)\s*[=:]\s*(\d+)$/i.exec(item);
    const kind = m?.[1]?.toLowerCase();
    if (!m || !kind) problems.push(`agreement price "${item}" is not agreement=kroner (e.g. udvidet=0)`);
    else if (!(AGREEMENT_KINDS as readonly string[]).includes(kind)) problems.push(`agreement "${kind}" is not one of ${AGREEMENT_KINDS.join(', ')}`);
    else if (kind in prices) problems.push(`agreement "${kind}" has two prices`);
    else prices[kind as AgreementKind] = Number(m[2]);
  }
  return { prices, problems };
}

export function formatAgreementPrices(prices: Partial<Record<AgreementKind, number>>): string {
  return AGREEMENT_KINDS.filter((k) => prices[k] !== undefined).map((k) => `${k}=${prices[k]}`).join(';');
}

/** Raw course fields (from a CSV row or a form). */
export interface CourseFields {
  code: string;
  topic: string;
  language: string;
  title: string;
  place: string;
  price: string;
  agreementPrices: string;
}

export function validateCourse(f: CourseFields): { course: CourseInput | null; problems: string[] } {
  const problems: string[] = [];
  const code = f.code.trim();
  const topic = f.topic.trim().toLowerCase();
  const language = f.language.trim().toLowerCase();
  const title = f.title.trim();
  const place = f.place.trim();
  if (!/^[a-z0-9][a-z0-9._-]{0,59}$/i.test(code)) problems.push('code must be 1–60 letters, digits, ".", "_" or "-"');
  if (!(TOPICS as readonly string[]).includes(topic)) problems.push(`topic "${f.topic.trim()}" is not one of ${TOPICS.join(', ')}`);
  if (!(LANGUAGES as readonly string[]).includes(language)) problems.push(`language must be one of ${LANGUAGES.join(', ')}`);
  if (!title) problems.push('title is empty');
  else if (title.length > 200 || !noControl(title)) problems.push('title is longer than 200 characters or has control characters');
  if (!place) problems.push('place is empty (write "online" for an online course)');
  else if (place.length > 200 || !noControl(place)) problems.push('place is longer than 200 characters or has control characters');
  const price = f.price.trim().replace(/[.\s]/g, '');
  if (!/^\d{1,7}$/.test(price)) problems.push(`price "${f.price.trim()}" is not whole kroner (excl. VAT)`);
  const ap = parseAgreementPrices(f.agreementPrices);
  problems.push(...ap.problems);
  if (problems.length) return { course: null, problems };
  return {
    course: { code, topic: topic as Topic, language: language as Language, title, place: place.toLowerCase() === ONLINE ? ONLINE : place, priceDkk: Number(price), agreementPrices: ap.prices },
    problems: [],
  };
}

export function sameCourse(a: CourseInput, b: CourseInput): boolean {
  return (
    a.code === b.code && a.topic === b.topic && a.language === b.language && a.title === b.title && a.place === b.place && a.priceDkk === b.priceDkk &&
    formatAgreementPrices(a.agreementPrices) === formatAgreementPrices(b.agreementPrices)
  );
}

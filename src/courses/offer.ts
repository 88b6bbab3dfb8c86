import type { AgreementKind, Language, Topic } from '../domain/vocabulary';
import type { OfferedOption } from '../domain/course-choice';
import { ONLINE, priceFor, type Course, type CourseDate } from './course';
import { COURSE_TZ, localParts } from './time';
import { formatDkk } from '../i18n/money';

/**
 * Which course and dates a training offer names, and how the reply writes them. Pure.
 */
export const MAX_OFFERED_DATES = 3;

export interface OfferPick {
  course: Course;
  dates: CourseDate[];
}

/**
 * The course for the mail's topic in the mail's language with its next dates that have seats
 * left (at most three, soonest first). Several such courses: the one with the soonest date.
 * None with a free seat ahead: null (the reply keeps its generic text).
 */
export function pickOffer(candidates: { course: Course; dates: CourseDate[] }[], topic: Topic | null, language: Language, now: Date): OfferPick | null {
  let best: OfferPick | null = null;
  for (const c of candidates) {
    if (c.course.topic !== (topic ?? 'other') || c.course.language !== language) continue;
    const dates = c.dates
      .filter((d) => d.seatsLeft > 0 && d.startsAt.getTime() > now.getTime())
      .sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime() || a.id - b.id)
      .slice(0, MAX_OFFERED_DATES);
    if (!dates.length) continue;
    if (!best || dates[0]!.startsAt.getTime() < best.dates[0]!.startsAt.getTime()) best = { course: c.course, dates };
  }
  return best;
}

/** One offered date as the reply shows it. */
export interface OfferLine {
  n: number;
  dateId: number;
  /** "torsdag 12. marts 2027 kl. 9.00" / "Thursday 12 March 2027 at 09:00" (Danish time). */
  when: string;
  /** The place, or "online" in the reply's language. */
  place: string;
  seatsLeft: number;
  /** "4 ledige pladser" / "4 seats left". */
  seats: string;
  /** "2.500 kr. ekskl. moms" / "DKK 2,500 excl. VAT"; "gratis"/"free" at 0. */
  price: string;
  /** The whole line: "1. torsdag 12. marts 2027 kl. 9.00 — Aarhus — 4 ledige pladser — 2.500 kr. ekskl. moms". */
  text: string;
}

export function formatPrice(amount: number, lang: Language): string {
  if (amount === 0) return lang === 'da' ? 'gratis med jeres aftale' : 'free with your agreement';
  return lang === 'da' ? `${formatDkk(amount, lang)} ekskl. moms` : `${formatDkk(amount, lang)} excl. VAT`;
}

/** The date and time in Danish time: "torsdag 12. marts 2027 kl. 9.00" / "Thursday 12 March 2027 at 09:00". */
export function formatWhen(d: Date, lang: Language): string {
  if (lang === 'da') {
    const day = new Intl.DateTimeFormat('da-DK', { timeZone: COURSE_TZ, weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' }).format(d);
    const p = localParts(d);
    return `${day} kl. ${p.hour}.${String(p.minute).padStart(2, '0')}`;
  }
  const day = new Intl.DateTimeFormat('en-GB', { timeZone: COURSE_TZ, weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' }).format(d).replace(',', '');
  const time = new Intl.DateTimeFormat('en-GB', { timeZone: COURSE_TZ, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(d);
  return `${day} at ${time}`;
}

/** The place as the reply writes it ("online" is the same word in Danish and English). */
export function formatPlace(place: string): string {
  return place === ONLINE ? 'online' : place;
}

export function formatSeats(n: number, lang: Language): string {
  if (lang === 'da') return n === 1 ? '1 ledig plads' : `${n} ledige pladser`;
  return n === 1 ? '1 seat left' : `${n} seats left`;
}

/**
 * The numbered lines of an offer (or of the remaining dates after a full one), for the reply's
 * language and the customer's agreement. A date removed since the offer (null) keeps its number
 * free, so the other dates keep the numbers the customer was shown.
 */
export function offerLines(pick: { course: Course; dates: (CourseDate | null)[] }, lang: Language, agreement: AgreementKind | null): OfferLine[] {
  const price = formatPrice(priceFor(pick.course, agreement), lang);
  const place = formatPlace(pick.course.place);
  return pick.dates.flatMap((d, i) => {
    if (!d) return [];
    const n = i + 1;
    const when = formatWhen(d.startsAt, lang);
    const seats = formatSeats(d.seatsLeft, lang);
    return [{ n, dateId: d.id, when, place, seatsLeft: d.seatsLeft, seats, price, text: `${n}. ${when} — ${place} — ${seats} — ${price}` }];
  });
}

/** "1, 2 eller 3" / "1, 2 or 3" (for "Svar på denne mail med …"). */
export function choiceNumbers(count: number, lang: Language): string {
  const ns = Array.from({ length: count }, (_, i) => String(i + 1));
  if (ns.length <= 1) return ns.join('');
  return `${ns.slice(0, -1).join(', ')} ${lang === 'da' ? 'eller' : 'or'} ${ns[ns.length - 1]}`;
}

/** The offered dates as the choice parser compares them: number, and local day and month (a removed date, null, is left out). */
export function offeredOptions(dates: ({ startsAt: Date } | null)[]): OfferedOption[] {
  return dates.flatMap((d, i) => {
    if (!d) return [];
    const p = localParts(d.startsAt);
    return [{ n: i + 1, day: p.day, month: p.month }];
  });
}

import { inPeriod, type Period } from './period';

/**
 * The course part of the training-offer report: training offers that listed course dates, the
 * bookings customers made by answering them, the conversion per company and per course, and
 * the dates that are filling up. Built from plain rows (training-queries.ts). Pure.
 */

/** A date is filling up when this share of its seats is booked, or this few are left. */
export const FILLING_BOOKED_SHARE = 0.75;
export const FILLING_SEATS_LEFT = 2;

/** One training-offer reply that listed course dates and went out (course_offers × outbox sent). */
export interface CourseOfferRow {
  ticketId: number;
  companyId: number | null;
  companyName: string | null;
  courseId: number | null;
  courseTitle: string;
  /** Local calendar day it was sent. */
  day: string;
}

/** A booking made by answering an offer. */
export interface CourseBookingRow {
  ticketId: number;
  courseId: number;
}

/** A course date ahead with its seats. */
export interface CourseDateRow {
  dateId: number;
  courseId: number;
  courseTitle: string;
  /** ISO instant. */
  startsAt: string;
  /** Local day and time, "2027-03-12 09:00". */
  local: string;
  seatsTotal: number;
  seatsLeft: number;
}

export interface CourseReportRows {
  offers: CourseOfferRow[];
  bookings: CourseBookingRow[];
  dates: CourseDateRow[];
}

export interface Conversion {
  /** Tickets that got an offer with dates in the period. */
  offers: number;
  /** Of those, the tickets that booked a seat by answering. */
  bookings: number;
  /** bookings / offers, 0–1; null without offers. */
  conversion: number | null;
}

export interface CourseReport extends Conversion {
  byCompany: (Conversion & { companyId: number | null; name: string | null })[];
  byCourse: (Conversion & { courseId: number | null; title: string })[];
  fillingUp: (CourseDateRow & { booked: number; bookedShare: number })[];
}

const conv = (offers: number, bookings: number): Conversion => ({ offers, bookings, conversion: offers ? Math.round((bookings / offers) * 1000) / 1000 : null });

export function isFillingUp(d: Pick<CourseDateRow, 'seatsTotal' | 'seatsLeft'>): boolean {
  if (d.seatsTotal <= 0) return false;
  return (d.seatsTotal - d.seatsLeft) / d.seatsTotal >= FILLING_BOOKED_SHARE || d.seatsLeft <= FILLING_SEATS_LEFT;
}

export function buildCourseReport(rows: CourseReportRows, period: Period): CourseReport {
  // Per ticket, its first offer in the period: a ticket offered twice (a full date, new dates) counts once.
  const firstOffer = new Map<number, CourseOfferRow>();
  for (const o of [...rows.offers].sort((a, b) => a.day.localeCompare(b.day))) if (inPeriod(o.day, period) && !firstOffer.has(o.ticketId)) firstOffer.set(o.ticketId, o);
  const booked = new Set(rows.bookings.map((b) => b.ticketId));
  const offers = [...firstOffer.values()];

  const group = <K>(key: (o: CourseOfferRow) => K) => {
    const m = new Map<K, CourseOfferRow[]>();
    for (const o of offers) m.set(key(o), [...(m.get(key(o)) ?? []), o]);
    return m;
  };
  const count = (list: CourseOfferRow[]) => conv(list.length, list.filter((o) => booked.has(o.ticketId)).length);

  const byCompany = [...group((o) => o.companyId)].map(([companyId, list]) => ({ companyId, name: list[0]!.companyName, ...count(list) }));
  byCompany.sort((a, b) => b.offers - a.offers || (a.name ?? '\uffff').localeCompare(b.name ?? '\uffff', 'da'));
  const byCourse = [...group((o) => o.courseId)].map(([courseId, list]) => ({ courseId, title: list[0]!.courseTitle, ...count(list) }));
  byCourse.sort((a, b) => b.offers - a.offers || a.title.localeCompare(b.title, 'da'));
  const fillingUp = rows.dates
    .filter(isFillingUp)
    .map((d) => ({ ...d, booked: d.seatsTotal - d.seatsLeft, bookedShare: Math.round(((d.seatsTotal - d.seatsLeft) / d.seatsTotal) * 1000) / 1000 }))
    .sort((a, b) => a.startsAt.localeCompare(b.startsAt));
  return { ...count(offers), byCompany, byCourse, fillingUp };
}

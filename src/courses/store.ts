import type { DataSource, EntityManager } from 'typeorm';
import { ActionError } from '../shared/errors';
import { returnedRows } from '../db/sql';
import type { AgreementKind, Language, Topic } from '../domain/vocabulary';
import { sameCourse, validateCourse, type Course, type CourseDate, type CourseFields, type CourseInput } from './course';
import { CsvError } from '../shared/csv';
import type { CourseCsvCourse } from './csv';
import { formatLocal, parseLocal } from './time';

/**
 * The course calendar in PostgreSQL: courses, course_dates, the offers a reply listed and the
 * bookings customers made (course_offers, course_bookings). Reads, the managers' edits, the
 * CSV import, and the two writes the mail path makes inside its transaction: remember an offer,
 * book a seat.
 */
type Db = DataSource | EntityManager;

interface CourseRow {
  id: number;
  code: string;
  topic: Topic;
  language: Language;
  title: string;
  place: string;
  price_dkk: number;
  agreement_prices: Partial<Record<AgreementKind, number>>;
}
const COURSE_COLUMNS = `id, code, topic, language, title, place, price_dkk, agreement_prices`;
const toCourse = (r: CourseRow): Course => ({ id: r.id, code: r.code, topic: r.topic, language: r.language, title: r.title, place: r.place, priceDkk: r.price_dkk, agreementPrices: r.agreement_prices ?? {} });

interface DateRow {
  id: number;
  course_id: number;
  starts_at: Date;
  seats_total: number;
  seats_left: number;
}
const DATE_COLUMNS = `id, course_id, starts_at, seats_total, seats_left`;
const toDate = (r: DateRow): CourseDate => ({ id: r.id, courseId: r.course_id, startsAt: new Date(r.starts_at), seatsTotal: r.seats_total, seatsLeft: r.seats_left });

export interface CourseWithDates extends Course {
  dates: (CourseDate & { booked: number })[];
}

export async function countCourses(db: Db): Promise<number> {
  const [{ n }] = await db.query(`SELECT count(*)::int AS n FROM courses`);
  return n;
}

/** Every course with its dates (all of them, past included) and the bookings on each. */
export async function listCourses(db: Db): Promise<CourseWithDates[]> {
  const courses: CourseRow[] = await db.query(`SELECT ${COURSE_COLUMNS} FROM courses ORDER BY topic, language, lower(title), id`);
  const dates: (DateRow & { booked: number })[] = await db.query(
    `SELECT d.id, d.course_id, d.starts_at, d.seats_total, d.seats_left, (SELECT count(*)::int FROM course_bookings b WHERE b.course_date_id = d.id) AS booked
       FROM course_dates d ORDER BY d.starts_at, d.id`,
  );
  return courses.map((c) => ({ ...toCourse(c), dates: dates.filter((d) => d.course_id === c.id).map((d) => ({ ...toDate(d), booked: d.booked })) }));
}

export async function getCourse(db: Db, id: number): Promise<CourseWithDates | null> {
  return (await listCourses(db)).find((c) => c.id === id) ?? null;
}

/** The courses of a topic in a language with their dates ahead that have seats left (for pickOffer). */
export async function offerCandidates(db: Db, topic: Topic | null, language: Language, now: Date): Promise<{ course: Course; dates: CourseDate[] }[]> {
  const courses: CourseRow[] = await db.query(`SELECT ${COURSE_COLUMNS} FROM courses WHERE topic = $1 AND language = $2 ORDER BY id`, [topic ?? 'other', language]);
  if (!courses.length) return [];
  const dates: DateRow[] = await db.query(
    `SELECT ${DATE_COLUMNS} FROM course_dates WHERE course_id = ANY($1) AND starts_at > $2 AND seats_left > 0 ORDER BY starts_at, id`,
    [courses.map((c) => c.id), now.toISOString()],
  );
  return courses.map((c) => ({ course: toCourse(c), dates: dates.filter((d) => d.course_id === c.id).map(toDate) }));
}

// ---------------------------------------------------------------- offers and bookings

/** Remembers which dates a training-offer reply listed, in order. */
export async function recordOffer(tx: EntityManager, o: { ticketId: number; outboxId: string | null; courseId: number; dateIds: number[] }): Promise<number> {
  const [row] = await tx.query(`INSERT INTO course_offers (ticket_id, outbox_id, course_id, date_ids) VALUES ($1, $2, $3, $4) RETURNING id`, [o.ticketId, o.outboxId, o.courseId, o.dateIds]);
  return row.id;
}

export interface OpenOffer {
  id: number;
  course: Course;
  /** The dates in the order the reply listed them (a date deleted since is missing: null). */
  dates: (CourseDate | null)[];
}

/**
 * The ticket's latest offer, while no booking has been made on the ticket: the one a reply in
 * the thread answers. Null when the ticket had no offer or is booked already.
 */
export async function openOfferFor(tx: EntityManager, ticketId: number): Promise<OpenOffer | null> {
  const [offer]: { id: number; course_id: number | null; date_ids: number[] }[] = await tx.query(
    `SELECT o.id, o.course_id, o.date_ids FROM course_offers o
      WHERE o.ticket_id = $1 AND NOT EXISTS (SELECT 1 FROM course_bookings b WHERE b.ticket_id = o.ticket_id)
      ORDER BY o.id DESC LIMIT 1`,
    [ticketId],
  );
  if (!offer || offer.course_id === null) return null;
  const [course]: CourseRow[] = await tx.query(`SELECT ${COURSE_COLUMNS} FROM courses WHERE id = $1`, [offer.course_id]);
  if (!course) return null;
  const rows: DateRow[] = await tx.query(`SELECT ${DATE_COLUMNS} FROM course_dates WHERE id = ANY($1)`, [offer.date_ids]);
  const byId = new Map(rows.map((r) => [r.id, toDate(r)]));
  return { id: offer.id, course: toCourse(course), dates: offer.date_ids.map((id) => byId.get(id) ?? null) };
}

export type BookingResult =
  | { kind: 'booked'; bookingId: number; date: CourseDate }
  /** The ticket already has this date, or this mail already booked: nothing changes. */
  | { kind: 'duplicate' }
  | { kind: 'full' };

/**
 * Books one seat on a date for a ticket, inside the caller's transaction (the one recording
 * the mail). The booking row goes in first (ON CONFLICT DO NOTHING on (ticket, date) and on the
 * inbound mail: a second transaction with the same key waits for the first and then inserts
 * nothing); then the seat is taken with `seats_left = seats_left - 1 … WHERE seats_left > 0`,
 * which row-locks the date, so of two answers racing for the last seat exactly one gets a row
 * back. When none is left, the booking row is taken back out and the answer is "full".
 */
export async function bookSeat(tx: EntityManager, b: { ticketId: number; dateId: number; offerId: number | null; inboundMailId: string | null; companyId: number | null; priceDkk: number }): Promise<BookingResult> {
  const [inserted]: { id: number }[] = await tx.query(
    `INSERT INTO course_bookings (ticket_id, course_date_id, offer_id, inbound_mail_id, company_id, price_dkk)
     VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING RETURNING id`,
    [b.ticketId, b.dateId, b.offerId, b.inboundMailId, b.companyId, b.priceDkk],
  );
  if (!inserted) return { kind: 'duplicate' };
  const [seat] = returnedRows<DateRow>(
    await tx.query(`UPDATE course_dates SET seats_left = seats_left - 1 WHERE id = $1 AND seats_left > 0 RETURNING ${DATE_COLUMNS}`, [b.dateId]),
  );
  if (!seat) {
    await tx.query(`DELETE FROM course_bookings WHERE id = $1`, [inserted.id]);
    return { kind: 'full' };
  }
  return { kind: 'booked', bookingId: inserted.id, date: toDate(seat) };
}

// ---------------------------------------------------------------- import

export interface CourseImportResult {
  coursesCreated: number;
  coursesUpdated: number;
  datesCreated: number;
  datesUpdated: number;
  unchanged: number;
}

/**
 * Writes the calendar in one transaction: all or none. Courses are keyed by code, dates by
 * (course, starts_at); a row is written only when something differs, so importing the same file
 * twice changes nothing. A new seat count keeps the bookings (seats_left moves by the same
 * amount); fewer seats than are booked is refused naming the line. Courses and dates not in the
 * file are kept.
 */
export async function importCourses(ds: DataSource, courses: CourseCsvCourse[], file = 'courses.csv'): Promise<CourseImportResult> {
  return ds.transaction(async (tx) => {
    const r: CourseImportResult = { coursesCreated: 0, coursesUpdated: 0, datesCreated: 0, datesUpdated: 0, unchanged: 0 };
    const problems: { line: number; message: string }[] = [];
    const existing = new Map(((await tx.query(`SELECT ${COURSE_COLUMNS} FROM courses`)) as CourseRow[]).map((c) => [c.code, toCourse(c)]));
    for (const c of courses) {
      let id: number;
      const old = existing.get(c.code);
      if (!old) {
        const [row] = await tx.query(
          `INSERT INTO courses (code, topic, language, title, place, price_dkk, agreement_prices) VALUES ($1,$2,$3,$4,$5,$6,$7) RETURNING id`,
          [c.code, c.topic, c.language, c.title, c.place, c.priceDkk, JSON.stringify(c.agreementPrices)],
        );
        id = row.id;
        r.coursesCreated++;
      } else {
        id = old.id;
        if (!sameCourse(old, c)) {
          await tx.query(`UPDATE courses SET topic = $2, language = $3, title = $4, place = $5, price_dkk = $6, agreement_prices = $7, updated_at = now() WHERE id = $1`, [
            id, c.topic, c.language, c.title, c.place, c.priceDkk, JSON.stringify(c.agreementPrices),
          ]);
          r.coursesUpdated++;
        } else r.unchanged++;
      }
      const dates: DateRow[] = await tx.query(`SELECT ${DATE_COLUMNS} FROM course_dates WHERE course_id = $1`, [id]);
      const byTime = new Map(dates.map((d) => [new Date(d.starts_at).getTime(), d]));
      for (const d of c.dates) {
        const known = byTime.get(d.startsAt.getTime());
        if (!known) {
          await tx.query(`INSERT INTO course_dates (course_id, starts_at, seats_total, seats_left) VALUES ($1, $2, $3, $3)`, [id, d.startsAt.toISOString(), d.seatsTotal]);
          r.datesCreated++;
        } else if (known.seats_total !== d.seatsTotal) {
          const booked = known.seats_total - known.seats_left;
          if (d.seatsTotal < booked) {
            problems.push({ line: d.line, message: `${c.code} on ${formatLocal(d.startsAt)} has ${booked} seats booked; seats_total ${d.seatsTotal} is fewer` });
            continue;
          }
          await tx.query(`UPDATE course_dates SET seats_total = $2, seats_left = $2 - (seats_total - seats_left) WHERE id = $1`, [known.id, d.seatsTotal]);
          r.datesUpdated++;
        } else r.unchanged++;
      }
    }
    if (problems.length) throw new CsvError(file, problems);
    return r;
  });
}

// ---------------------------------------------------------------- the managers' edits

function validCourse(f: CourseFields): CourseInput {
  const { course, problems } = validateCourse(f);
  if (!course) throw new ActionError('INVALID', problems.join('; '));
  return course;
}

const DUPLICATE = '23505';
const FOREIGN_KEY = '23503';
const pgCode = (err: unknown) => (err as { code?: string }).code ?? (err as { driverError?: { code?: string } }).driverError?.code;

export async function createCourse(db: Db, f: CourseFields): Promise<Course> {
  const c = validCourse(f);
  try {
    const [row]: CourseRow[] = await db.query(
      `INSERT INTO courses (code, topic, language, title, place, price_dkk, agreement_prices) VALUES ($1,$2,$3,$4,$5,$6,$7) RETURNING ${COURSE_COLUMNS}`,
      [c.code, c.topic, c.language, c.title, c.place, c.priceDkk, JSON.stringify(c.agreementPrices)],
    );
    return toCourse(row!);
  } catch (err) {
    if (pgCode(err) === DUPLICATE) throw new ActionError('CONFLICT', `a course with the code ${c.code} already exists`);
    throw err;
  }
}

export async function updateCourse(db: Db, id: number, f: CourseFields): Promise<Course> {
  const c = validCourse(f);
  try {
    const [row] = returnedRows<CourseRow>(await db.query(
      `UPDATE courses SET code = $2, topic = $3, language = $4, title = $5, place = $6, price_dkk = $7, agreement_prices = $8, updated_at = now()
        WHERE id = $1 RETURNING ${COURSE_COLUMNS}`,
      [id, c.code, c.topic, c.language, c.title, c.place, c.priceDkk, JSON.stringify(c.agreementPrices)],
    ));
    if (!row) throw new ActionError('NOT_FOUND', `no course ${id}`);
    return toCourse(row);
  } catch (err) {
    if (pgCode(err) === DUPLICATE) throw new ActionError('CONFLICT', `a course with the code ${c.code} already exists`);
    throw err;
  }
}

export async function deleteCourse(db: Db, id: number): Promise<void> {
  try {
    const rows = returnedRows(await db.query(`DELETE FROM courses WHERE id = $1 RETURNING id`, [id]));
    if (!rows.length) throw new ActionError('NOT_FOUND', `no course ${id}`);
  } catch (err) {
    if (pgCode(err) === FOREIGN_KEY) throw new ActionError('CONFLICT', 'the course has bookings; delete is refused (remove its dates without bookings instead)');
    throw err;
  }
}

function validDate(f: { startsAt: string; seatsTotal: string }): { startsAt: Date; seatsTotal: number } {
  const startsAt = parseLocal(f.startsAt);
  const problems: string[] = [];
  if (!startsAt) problems.push(`"${f.startsAt}" is not a date and time (YYYY-MM-DD HH:MM, Danish time)`);
  if (!/^\d{1,4}$/.test(f.seatsTotal.trim()) || Number(f.seatsTotal) > 1000) problems.push(`seats "${f.seatsTotal}" is not a number of seats (0–1000)`);
  if (problems.length) throw new ActionError('INVALID', problems.join('; '));
  return { startsAt: startsAt!, seatsTotal: Number(f.seatsTotal.trim()) };
}

export async function addCourseDate(db: Db, courseId: number, f: { startsAt: string; seatsTotal: string }): Promise<void> {
  const d = validDate(f);
  try {
    await db.query(`INSERT INTO course_dates (course_id, starts_at, seats_total, seats_left) VALUES ($1, $2, $3, $3)`, [courseId, d.startsAt.toISOString(), d.seatsTotal]);
  } catch (err) {
    if (pgCode(err) === DUPLICATE) throw new ActionError('CONFLICT', `the course already has a date at ${formatLocal(d.startsAt)}`);
    if (pgCode(err) === FOREIGN_KEY) throw new ActionError('NOT_FOUND', `no course ${courseId}`);
    throw err;
  }
}

/** A new seat count for a date; the bookings stay (fewer seats than booked is refused). */
export async function updateCourseDate(db: Db, courseId: number, dateId: number, f: { startsAt: string; seatsTotal: string }): Promise<void> {
  const d = validDate(f);
  try {
    const rows = returnedRows<{ id: number }>(await db.query(
      `UPDATE course_dates SET starts_at = $3, seats_total = $4, seats_left = $4 - (seats_total - seats_left)
        WHERE id = $1 AND course_id = $2 AND $4 >= seats_total - seats_left RETURNING id`,
      [dateId, courseId, d.startsAt.toISOString(), d.seatsTotal],
    ));
    if (!rows.length) {
      const [exists] = await db.query(`SELECT seats_total - seats_left AS booked FROM course_dates WHERE id = $1 AND course_id = $2`, [dateId, courseId]);
      if (!exists) throw new ActionError('NOT_FOUND', `no date ${dateId} of course ${courseId}`);
      throw new ActionError('INVALID', `${exists.booked} seats are booked; the date cannot have fewer`);
    }
  } catch (err) {
    if (pgCode(err) === DUPLICATE) throw new ActionError('CONFLICT', `the course already has a date at ${formatLocal(d.startsAt)}`);
    throw err;
  }
}

export async function deleteCourseDate(db: Db, courseId: number, dateId: number): Promise<void> {
  try {
    const rows = returnedRows(await db.query(`DELETE FROM course_dates WHERE id = $1 AND course_id = $2 RETURNING id`, [dateId, courseId]));
    if (!rows.length) throw new ActionError('NOT_FOUND', `no date ${dateId} of course ${courseId}`);
  } catch (err) {
    if (pgCode(err) === FOREIGN_KEY) throw new ActionError('CONFLICT', 'the date has bookings; delete is refused');
    throw err;
  }
}

/** The bookings, newest first, for the workspace. */
export async function listBookings(db: Db, limit = 200): Promise<{ id: number; ticketReference: string; company: string | null; courseTitle: string; startsAt: Date; priceDkk: number; createdAt: Date }[]> {
  const rows = await db.query(
    `SELECT b.id, t.reference AS "ticketReference", co.name AS company, c.title AS "courseTitle", d.starts_at AS "startsAt", b.price_dkk AS "priceDkk", b.created_at AS "createdAt"
       FROM course_bookings b JOIN tickets t ON t.id = b.ticket_id JOIN course_dates d ON d.id = b.course_date_id JOIN courses c ON c.id = d.course_id
       LEFT JOIN companies co ON co.id = b.company_id
      ORDER BY b.id DESC LIMIT $1`,
    [limit],
  );
  return rows;
}

/** What the ticket view shows: the offers the ticket's replies listed (in order) and its bookings. */
export async function ticketCourses(db: Db, ticketId: number): Promise<{
  offers: { id: number; courseTitle: string; createdAt: Date; dates: { n: number; startsAt: Date; seatsLeft: number }[] }[];
  bookings: { courseTitle: string; startsAt: Date; place: string; priceDkk: number; createdAt: Date }[];
}> {
  const offers: { id: number; course_title: string | null; created_at: Date; dates: { n: number; starts_at: string; seats_left: number }[] | null }[] = await db.query(
    `SELECT o.id, c.title AS course_title, o.created_at,
            (SELECT json_agg(json_build_object('n', u.i, 'starts_at', d.starts_at, 'seats_left', d.seats_left) ORDER BY u.i)
               FROM unnest(o.date_ids) WITH ORDINALITY u(id, i) JOIN course_dates d ON d.id = u.id) AS dates
       FROM course_offers o LEFT JOIN courses c ON c.id = o.course_id WHERE o.ticket_id = $1 ORDER BY o.id`,
    [ticketId],
  );
  const bookings = await db.query(
    `SELECT c.title AS "courseTitle", d.starts_at AS "startsAt", c.place, b.price_dkk AS "priceDkk", b.created_at AS "createdAt"
       FROM course_bookings b JOIN course_dates d ON d.id = b.course_date_id JOIN courses c ON c.id = d.course_id
      WHERE b.ticket_id = $1 ORDER BY b.id`,
    [ticketId],
  );
  return {
    offers: offers.map((o) => ({ id: o.id, courseTitle: o.course_title ?? '?', createdAt: o.created_at, dates: (o.dates ?? []).map((d) => ({ n: Number(d.n), startsAt: new Date(d.starts_at), seatsLeft: d.seats_left })) })),
    bookings,
  };
}

import { CsvError, csvCell, readCsvRecords, type CsvProblem } from '../shared/csv';
import { formatAgreementPrices, sameCourse, validateCourse, type CourseInput } from './course';
import { formatLocal, parseLocal } from './time';

/**
 * The course calendar as CSV, the format `servicedesk courses import` reads and `courses
 * export` writes, one line per course date:
 *
 *   code,topic,language,title,place,price,agreement_prices,starts_at,seats_total
 *
 * The course columns repeat on each of its dates and must agree; a line with empty
 * `starts_at` and `seats_total` is a course without dates. `starts_at` is Danish local time
 * ("2027-03-12 09:00"); `price` is whole kroner excl. VAT; `agreement_prices` lists the prices
 * that differ per agreement ("udvidet=0;hypercare=0"). Lines starting with `#` are comments.
 * Pure: reading validates every row and throws one CsvError naming each bad line, so
 * nothing is half-imported.
 */
export const COURSE_CSV_COLUMNS = ['code', 'topic', 'language', 'title', 'place', 'price', 'agreement_prices', 'starts_at', 'seats_total'] as const;

export interface CourseCsvDate {
  line: number;
  startsAt: Date;
  seatsTotal: number;
}

export interface CourseCsvCourse extends CourseInput {
  line: number;
  dates: CourseCsvDate[];
}


const MAX_SEATS = 1000;

export function readCoursesCsv(text: string, file = 'courses.csv'): CourseCsvCourse[] {
  const rows = readCsvRecords(text, file, COURSE_CSV_COLUMNS, { comments: true });
  const problems: CsvProblem[] = [];
  const courses = new Map<string, CourseCsvCourse>();
  const dateLines = new Map<string, number>();
  for (const { row: record, line } of rows) {
    const r = (k: (typeof COURSE_CSV_COLUMNS)[number]) => record[k] ?? '';
    const { course, problems: bad } = validateCourse({ code: r('code'), topic: r('topic'), language: r('language'), title: r('title'), place: r('place'), price: r('price'), agreementPrices: r('agreement_prices') });
    for (const message of bad) problems.push({ line, message });
    let date: CourseCsvDate | null = null;
    if (r('starts_at') || r('seats_total')) {
      const startsAt = parseLocal(r('starts_at'));
      if (!startsAt) problems.push({ line, message: `starts_at "${r('starts_at')}" is not a date and time (YYYY-MM-DD HH:MM, Danish time)` });
      const seats = r('seats_total');
      if (!/^\d{1,4}$/.test(seats) || Number(seats) > MAX_SEATS) problems.push({ line, message: `seats_total "${seats}" is not a number of seats (0–${MAX_SEATS})` });
      else if (startsAt) date = { line, startsAt, seatsTotal: Number(seats) };
    }
    if (!course) continue;
    const known = courses.get(course.code);
    if (!known) courses.set(course.code, { ...course, line, dates: [] });
    else if (!sameCourse(known, course)) problems.push({ line, message: `course ${course.code} differs from line ${known.line} (its columns must be the same on each of its dates)` });
    if (date) {
      const key = `${course.code}\u0000${date.startsAt.toISOString()}`;
      if (dateLines.has(key)) problems.push({ line, message: `${course.code} on ${formatLocal(date.startsAt)} is already on line ${dateLines.get(key)}` });
      else {
        dateLines.set(key, line);
        courses.get(course.code)!.dates.push(date);
      }
    }
  }
  if (problems.length) throw new CsvError(file, problems);
  return [...courses.values()];
}



/** The calendar as CSV (courses by code, dates by time). Reads back with readCoursesCsv. */
export function writeCoursesCsv(courses: (CourseInput & { dates: { startsAt: Date; seatsTotal: number }[] })[]): string {
  const lines = [COURSE_CSV_COLUMNS.join(',')];
  for (const c of [...courses].sort((a, b) => a.code.localeCompare(b.code))) {
    const head = [c.code, c.topic, c.language, c.title, c.place, String(c.priceDkk), formatAgreementPrices(c.agreementPrices)];
    const dates = [...c.dates].sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime());
    if (!dates.length) lines.push([...head, '', ''].map(csvCell).join(','));
    for (const d of dates) lines.push([...head, formatLocal(d.startsAt), String(d.seatsTotal)].map(csvCell).join(','));
  }
  return `${lines.join('\n')}\n`;
}

/**
 * The example calendar's dates moved forward by whole years until the earliest is after `now`
 * (the embedded default loads examples/courses.csv, whose dates would otherwise run out). Pure.
 */
export function shiftToFuture(courses: CourseCsvCourse[], now: Date): CourseCsvCourse[] {
  const all = courses.flatMap((c) => c.dates.map((d) => d.startsAt.getTime()));
  if (!all.length) return courses;
  let years = 0;
  const first = new Date(Math.min(...all));
  while (addYears(first, years).getTime() <= now.getTime()) years++;
  if (!years) return courses;
  return courses.map((c) => ({ ...c, dates: c.dates.map((d) => ({ ...d, startsAt: addYears(d.startsAt, years) })) }));
}

function addYears(d: Date, years: number): Date {
  const s = formatLocal(d);
  const y = Number(s.slice(0, 4)) + years;
  return parseLocal(`${y}${s.slice(4)}`) ?? new Date(d.getTime() + years * 365 * 86_400_000);
}

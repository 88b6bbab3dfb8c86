import { buildCourseReport, isFillingUp, type CourseReportRows } from '../../../src/reports/course-report';
import { makePeriod } from '../../../src/reports/period';

const PERIOD = makePeriod('2026-11-16', '2026-11-22');
const offer = (ticketId: number, companyId: number | null, courseId: number, day: string) => ({
  ticketId,
  companyId,
  companyName: companyId === 1 ? 'Fjordby Elektro ApS' : companyId === 2 ? 'Havnens VVS & Blik A/S' : null,
  courseId,
  courseTitle: courseId === 10 ? 'Skemaer fra bunden' : 'Planlægning',
  day,
});
const date = (dateId: number, seatsTotal: number, seatsLeft: number) => ({ dateId, courseId: 10, courseTitle: 'Skemaer fra bunden', startsAt: `2027-0${dateId}-01T08:00:00.000Z`, local: `2027-0${dateId}-01 09:00`, seatsTotal, seatsLeft });

const ROWS: CourseReportRows = {
  offers: [
    offer(1, 1, 10, '2026-11-16'),
    offer(1, 1, 10, '2026-11-17'), // the same ticket offered again (its date was full): counts once
    offer(2, 1, 20, '2026-11-18'),
    offer(3, 2, 10, '2026-11-20'),
    offer(4, null, 10, '2026-11-21'),
    offer(5, 2, 10, '2026-11-10'), // before the period
  ],
  bookings: [
    { ticketId: 1, courseId: 10 },
    { ticketId: 3, courseId: 10 },
    { ticketId: 5, courseId: 10 },
  ],
  dates: [date(1, 12, 3), date(2, 12, 4), date(3, 4, 2), date(4, 10, 10), date(5, 0, 0)],
};

describe('the course part of the training-offer report', () => {
  const r = buildCourseReport(ROWS, PERIOD);
  it('counts tickets offered dates in the period, the bookings made from them, and the conversion', () => {
    expect(r).toMatchObject({ offers: 4, bookings: 2, conversion: 0.5 });
  });
  it('per company (no known company too) and per course', () => {
    expect(r.byCompany).toEqual([
      { companyId: 1, name: 'Fjordby Elektro ApS', offers: 2, bookings: 1, conversion: 0.5 },
      { companyId: 2, name: 'Havnens VVS & Blik A/S', offers: 1, bookings: 1, conversion: 1 },
      { companyId: null, name: null, offers: 1, bookings: 0, conversion: 0 },
    ]);
    expect(r.byCourse).toEqual([
      { courseId: 10, title: 'Skemaer fra bunden', offers: 3, bookings: 2, conversion: 0.667 },
      { courseId: 20, title: 'Planlægning', offers: 1, bookings: 0, conversion: 0 },
    ]);
  });
  it('dates filling up: at least 75 % booked, or 2 seats or fewer left', () => {
    expect(r.fillingUp.map((d) => [d.dateId, d.booked, d.bookedShare])).toEqual([[1, 9, 0.75], [3, 2, 0.5]]);
    expect(isFillingUp({ seatsTotal: 12, seatsLeft: 4 })).toBe(false);
    expect(isFillingUp({ seatsTotal: 0, seatsLeft: 0 })).toBe(false);
  });
  it('no offers: no conversion', () => {
    expect(buildCourseReport({ offers: [], bookings: [], dates: [] }, PERIOD)).toEqual({ offers: 0, bookings: 0, conversion: null, byCompany: [], byCourse: [], fillingUp: [] });
  });
});

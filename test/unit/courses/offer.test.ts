import type { Course, CourseDate } from '../../../src/courses/course';
import { priceFor } from '../../../src/courses/course';
import { choiceNumbers, offerLines, offeredOptions, pickOffer } from '../../../src/courses/offer';
import { parseLocal } from '../../../src/courses/time';

const course = (id: number, over: Partial<Course> = {}): Course => ({ id, code: `c${id}`, topic: 'forms', language: 'da', title: 'Skemaer fra bunden', place: 'Aarhus', priceDkk: 2500, agreementPrices: { udvidet: 0 }, ...over });
const date = (id: number, local: string, seatsLeft: number, courseId = 1): CourseDate => ({ id, courseId, startsAt: parseLocal(local)!, seatsTotal: 12, seatsLeft });
const now = new Date('2027-01-10T12:00:00Z');

describe('pickOffer', () => {
  const dates = [date(1, '2027-01-05 09:00', 5), date(2, '2027-03-12 09:00', 0), date(3, '2027-04-09 09:00', 2), date(4, '2027-02-01 09:00', 1), date(5, '2027-05-21 09:00', 3), date(6, '2027-06-01 09:00', 3)];
  it('takes the next three dates with seats left, soonest first (none past, none full)', () => {
    const pick = pickOffer([{ course: course(1), dates }], 'forms', 'da', now)!;
    expect(pick.dates.map((d) => d.id)).toEqual([4, 3, 5]);
  });
  it('only the topic and language of the mail; nothing when no course has a free seat ahead', () => {
    expect(pickOffer([{ course: course(1), dates }], 'forms', 'en', now)).toBeNull();
    expect(pickOffer([{ course: course(1), dates }], 'app', 'da', now)).toBeNull();
    expect(pickOffer([{ course: course(1), dates: [date(2, '2027-03-12 09:00', 0)] }], 'forms', 'da', now)).toBeNull();
    expect(pickOffer([{ course: course(1, { topic: 'other' }), dates }], null, 'da', now)).not.toBeNull();
  });
  it('of two courses for the topic, the one with the soonest date', () => {
    const pick = pickOffer([{ course: course(1), dates: [date(1, '2027-05-01 09:00', 3, 1)] }, { course: course(2), dates: [date(2, '2027-02-01 09:00', 3, 2)] }], 'forms', 'da', now)!;
    expect(pick.course.id).toBe(2);
  });
});

describe('offer lines', () => {
  const pick = { course: course(1), dates: [date(4, '2027-03-12 09:00', 4), date(5, '2027-07-09 13:30', 1)] };
  it('Danish: numbered, date and time in Danish time, place, seats, price in Danish style excl. VAT', () => {
    const lines = offerLines(pick, 'da', 'basis');
    expect(lines.map((l) => l.text)).toEqual([
      '1. fredag den 12. marts 2027 kl. 9.00 — Aarhus — 4 ledige pladser — 2.500 kr. ekskl. moms',
      '2. fredag den 9. juli 2027 kl. 13.30 — Aarhus — 1 ledig plads — 2.500 kr. ekskl. moms',
    ]);
    expect(lines.map((l) => l.dateId)).toEqual([4, 5]);
  });
  it('English, online, and the agreement price (udvidet: free)', () => {
    const lines = offerLines({ ...pick, course: course(1, { place: 'online', priceDkk: 12500 }) }, 'en', 'udvidet');
    expect(lines[0]!.text).toBe('1. Friday 12 March 2027 at 09:00 — online — 4 seats left — free with your agreement');
    expect(offerLines({ ...pick, course: course(1, { priceDkk: 12500 }) }, 'en', null)[1]!.price).toBe('DKK 12,500 excl. VAT');
  });
  it('priceFor: an agreement price where there is one, else the course price', () => {
    expect(priceFor(course(1), 'udvidet')).toBe(0);
    expect(priceFor(course(1), 'basis')).toBe(2500);
    expect(priceFor(course(1), null)).toBe(2500);
  });
  it('choice numbers and the options the parser compares', () => {
    expect(choiceNumbers(3, 'da')).toBe('1, 2 eller 3');
    expect(choiceNumbers(2, 'en')).toBe('1 or 2');
    expect(offeredOptions(pick.dates)).toEqual([{ n: 1, day: 12, month: 3 }, { n: 2, day: 9, month: 7 }]);
  });
});

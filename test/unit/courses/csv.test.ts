import { CsvError } from '../../../src/shared/csv';
import { readCoursesCsv, shiftToFuture, writeCoursesCsv } from '../../../src/courses/csv';
import { formatLocal } from '../../../src/courses/time';

const CSV = `# example
code,topic,language,title,place,price,agreement_prices,starts_at,seats_total
skemaer-da,forms,da,Skemaer fra bunden,"Aarhus, Søren Frichs Vej 38",2500,udvidet=0;hypercare=0,2027-03-12 09:00,12
skemaer-da,forms,da,Skemaer fra bunden,"Aarhus, Søren Frichs Vej 38",2500,udvidet=0;hypercare=0,2027-07-09 09:00,12
app-en,app,en,The Microbizz app in the field,online,1500,,2027-04-01 13:00,20
planning-da,planning,da,Planlægning,online,1800,,,
`;

function problemsOf(text: string): { line: number; message: string }[] {
  try {
    readCoursesCsv(text, 'c.csv');
  } catch (err) {
    if (err instanceof CsvError) return err.problems;
    throw err;
  }
  throw new Error('expected a CsvError');
}

describe('courses CSV', () => {
  it('reads courses with their dates in Danish time (winter and summer time)', () => {
    const courses = readCoursesCsv(CSV);
    expect(courses.map((c) => c.code)).toEqual(['skemaer-da', 'app-en', 'planning-da']);
    const skemaer = courses[0]!;
    expect(skemaer).toMatchObject({ topic: 'forms', language: 'da', place: 'Aarhus, Søren Frichs Vej 38', priceDkk: 2500, agreementPrices: { udvidet: 0, hypercare: 0 } });
    expect(skemaer.dates.map((d) => d.startsAt.toISOString())).toEqual(['2027-03-12T08:00:00.000Z', '2027-07-09T07:00:00.000Z']);
    expect(skemaer.dates.map((d) => d.line)).toEqual([3, 4]);
    expect(courses[2]!.dates).toEqual([]);
  });

  it('every bad row names its line, and nothing is returned', () => {
    const bad = `code,topic,language,title,place,price,agreement_prices,starts_at,seats_total
ok-da,forms,da,Fine,online,100,,2027-01-05 09:00,5
x,nosuchtopic,da,T,online,100,,2027-01-05 09:00,5
y,forms,de,T,online,100,,2027-01-05 09:00,5
z,forms,da,T,online,1OO,,2027-01-05 09:00,5
w,forms,da,T,online,100,basis=free,2027-02-30 09:00,-1
ok-da,forms,da,Other title,online,100,,2027-02-05 09:00,5
ok-da,forms,da,Fine,online,100,,2027-01-05 09:00,7
`;
    const p = problemsOf(bad);
    expect(p.map((x) => x.line)).toEqual([3, 4, 5, 6, 6, 6, 7, 8]);
    expect(p[0]!.message).toMatch(/topic "nosuchtopic"/);
    expect(p[1]!.message).toMatch(/language/);
    expect(p[2]!.message).toMatch(/price "1OO"/);
    expect(p.find((x) => x.line === 6 && /starts_at/.test(x.message))).toBeTruthy();
    expect(p.find((x) => x.line === 6 && /seats_total/.test(x.message))).toBeTruthy();
    expect(p.find((x) => x.line === 6 && /basis=free/.test(x.message))).toBeTruthy();
    expect(p[6]!.message).toMatch(/differs from line 2/);
    expect(p[7]!.message).toMatch(/already on line 2/);
  });

  it('names a missing column at the header line', () => {
    expect(problemsOf('# c\ncode,topic,language,title\nx,forms,da,T\n')).toEqual([{ line: 2, message: expect.stringMatching(/missing column\(s\) place, price/) }]);
  });

  it('round trip: export → import gives the same calendar, and exporting that gives the same file', () => {
    const first = readCoursesCsv(CSV);
    const exported = writeCoursesCsv(first);
    const again = readCoursesCsv(exported);
    const strip = (cs: typeof first) => cs.map(({ line: _l, dates, ...c }) => ({ ...c, dates: dates.map((d) => ({ startsAt: d.startsAt.toISOString(), seatsTotal: d.seatsTotal })) })).sort((a, b) => a.code.localeCompare(b.code));
    expect(strip(again)).toEqual(strip(first));
    expect(writeCoursesCsv(again)).toBe(exported);
    expect(exported).toContain('"Aarhus, Søren Frichs Vej 38"');
    expect(exported).toContain('2027-03-12 09:00');
  });

  it('shiftToFuture moves the example dates by whole years until the first is ahead, keeping the local time', () => {
    const courses = readCoursesCsv(CSV);
    const shifted = shiftToFuture(courses, new Date('2028-05-01T00:00:00Z'));
    expect(shifted[0]!.dates.map((d) => formatLocal(d.startsAt))).toEqual(['2029-03-12 09:00', '2029-07-09 09:00']);
    expect(shiftToFuture(courses, new Date('2026-12-05T00:00:00Z'))).toBe(courses);
  });
});

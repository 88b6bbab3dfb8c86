import { parse } from 'csv-parse/sync';
import { fixed, toDanishCsv } from '../../../src/reports/csv';
import { buildPhoneOverview } from '../../../src/reports/phone-billing';
import { renderPhoneCallsCsv, renderPhoneCsv } from '../../../src/reports/render-phone';
import { renderTrainingCsv } from '../../../src/reports/render-training';
import { buildTrainingReport } from '../../../src/reports/training-report';
import { PERIOD, ROWS } from './fixture';

/** Reads the CSV the way Excel with Danish regional settings does: BOM, ";" and CRLF. */
const excel = (csv: string): string[][] => parse(csv.replace(/^\uFEFF/, ''), { delimiter: ';', record_delimiter: '\r\n', relax_column_count: true });

describe('CSV for a Danish Excel', () => {
  const csv = toDanishCsv([
    ['Firma', 'Timer', 'Beløb'],
    ['Havnens VVS & Blik A/S', 1.5, fixed(1425)],
    ['Semi;kolon "citat"', -0.25, fixed(0.5, 1)],
    ['=SUM(A1:A9)', true, null],
  ]);

  it('starts with the UTF-8 BOM and ends every line with CRLF', () => {
    expect(csv.charCodeAt(0)).toBe(0xfeff);
    expect(Buffer.from(csv, 'utf8').subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    expect(csv.endsWith('\r\n')).toBe(true);
    expect(csv.split('\r\n')).toHaveLength(5);
    expect(csv.replace(/\r\n/g, '')).not.toMatch(/\n|\r/);
  });

  it('separates with semicolons and writes decimal commas', () => {
    const lines = csv.slice(1).split('\r\n');
    expect(lines[0]).toBe('Firma;Timer;Beløb');
    expect(lines[1]).toBe('Havnens VVS & Blik A/S;1,5;1425,00');
    expect(lines[2]).toBe('"Semi;kolon ""citat""";-0,25;0,5');
  });

  it('quotes what Excel would split and neutralises formulas', () => {
    const rows = excel(csv);
    expect(rows[2][0]).toBe('Semi;kolon "citat"');
    expect(rows[3]).toEqual(["'=SUM(A1:A9)", 'ja', '']);
  });

  it('the phone overview: amounts with øre, billed hours with a decimal comma', () => {
    const o = buildPhoneOverview(
      '2026-11',
      [
        { id: 1, companyId: 1, ticketReference: 'MB-000007', callDate: '2026-11-16', minutes: 61, agent: 'Lars', isError: false },
        { id: 2, companyId: 1, ticketReference: null, callDate: '2026-11-17', minutes: 5, agent: null, isError: true },
      ],
      [{ id: 1, name: 'Fjordby Elektro ApS', agreements: [{ kind: 'basis', validFrom: null, validTo: null }] }],
    );
    const rows = excel(renderPhoneCsv(o));
    expect(rows[2]).toEqual(['Firma', 'Opkald', 'Heraf gratis', 'Minutter', 'Afregnede minutter', 'Afregnede timer', 'Beløb ekskl. moms (kr.)']);
    expect(rows[3]).toEqual(['Fjordby Elektro ApS', '2', '1', '66', '90', '1,50', '1425,00']);
    expect(rows[4]).toEqual(['I alt', '2', '1', '66', '90', '1,50', '1425,00']);
    const calls = excel(renderPhoneCallsCsv(o));
    expect(calls[1]).toEqual(['Fjordby Elektro ApS', '2026-11-16', 'MB-000007', 'Lars', '61', 'nej', 'Basis supportaftale', 'Faktureres (950 kr./time)', '90', '1425,00']);
    expect(calls[2]).toEqual(['Fjordby Elektro ApS', '2026-11-17', '', '', '5', 'ja', 'Basis supportaftale', 'Fejl (gratis)', '0', '0,00']);
  });

  it('the training report: one line per company and a total, percentages with a decimal comma', () => {
    const r = buildTrainingReport(ROWS, PERIOD);
    const text = renderTrainingCsv(r, 'da');
    expect(text.charCodeAt(0)).toBe(0xfeff);
    const rows = excel(text);
    const header = rows[3];
    expect(header.slice(0, 7)).toEqual(['Firma', 'Aftale', 'Henvendelser', 'Fejl', 'Support', 'Undervisning', 'Serviceanmodning']);
    const fjordby = rows.find((row) => row[0] === 'Fjordby Elektro ApS')!;
    // 3 tickets now, 1 before: +2, +200 %.
    expect(fjordby.slice(1, 8)).toEqual(['Udvidet supportaftale', '3', '0', '2', '0', '1', '0']);
    expect(fjordby.slice(-3)).toEqual(['1', '2', '200,0']);
    const total = rows[rows.length - 1];
    expect(total.slice(0, 3)).toEqual(['I alt', '', '9']);
    expect(total.slice(-1)).toEqual(['350,0']);
    // 1 before → 0 now is −100 %; 0 before has no percentage.
    const oe = rows.find((row) => row[0] === 'Østerlund Anlæg I/S')!;
    expect(oe.slice(-3)).toEqual(['1', '-1', '-100,0']);
    const havn = rows.find((row) => row[0] === 'Havnens VVS & Blik A/S')!;
    expect(havn.slice(-3)).toEqual(['0', '5', '']);
  });
});

describe('the course part in the training report CSV', () => {
  it('each company line has its offers with dates, bookings and conversion; per-course lines and the dates filling up follow the total', () => {
    const fjordby = ROWS.companies.find((c) => c.name === 'Fjordby Elektro ApS')!;
    const r = buildTrainingReport(
      {
        ...ROWS,
        courses: {
          offers: [
            { ticketId: 901, companyId: fjordby.id, companyName: fjordby.name, courseId: 1, courseTitle: 'Skemaer fra bunden', day: PERIOD.from },
            { ticketId: 902, companyId: fjordby.id, companyName: fjordby.name, courseId: 1, courseTitle: 'Skemaer fra bunden', day: PERIOD.to },
            { ticketId: 903, companyId: fjordby.id, companyName: fjordby.name, courseId: 1, courseTitle: 'Skemaer fra bunden', day: PERIOD.to },
          ],
          bookings: [{ ticketId: 902, courseId: 1 }],
          dates: [{ dateId: 5, courseId: 1, courseTitle: 'Skemaer fra bunden', startsAt: '2027-03-12T08:00:00.000Z', local: '2027-03-12 09:00', seatsTotal: 12, seatsLeft: 1 }],
        },
      },
      PERIOD,
    );
    const rows = excel(renderTrainingCsv(r, 'da'));
    const header = rows[3]!;
    const at = header.indexOf('Tilbud med datoer');
    expect(header.slice(at, at + 3)).toEqual(['Tilbud med datoer', 'Kursusbookinger', 'Konvertering %']);
    expect(rows.find((row) => row[0] === 'Fjordby Elektro ApS')!.slice(at, at + 3)).toEqual(['3', '1', '33,3']);
    expect(rows.find((row) => row[0] === 'I alt')!.slice(at, at + 3)).toEqual(['3', '1', '33,3']);
    expect(rows).toContainEqual(['Skemaer fra bunden', '3', '1', '33,3']);
    expect(rows).toContainEqual(['Skemaer fra bunden', '2027-03-12 09:00', '12', '11', '1']);
  });
});

import {
  addDays,
  currentMonth,
  currentWeek,
  customPeriod,
  isoWeek,
  localDay,
  makePeriod,
  monthPeriod,
  parseDay,
  presetOf,
  presetPeriod,
  previousMonth,
  previousPeriod,
  previousWeek,
  weekOf,
} from '../../../src/reports/period';
import { describePeriod } from '../../../src/reports/labels';

const CPH = 'Europe/Copenhagen';

describe('report periods', () => {
  it('the previous period has the same length and ends the day before', () => {
    expect(previousPeriod({ from: '2026-11-02', to: '2026-11-08' })).toEqual({ from: '2026-10-26', to: '2026-11-01' });
    expect(previousPeriod({ from: '2026-03-01', to: '2026-03-31' })).toEqual({ from: '2026-01-29', to: '2026-02-28' });
    expect(previousPeriod({ from: '2026-11-05', to: '2026-11-05' })).toEqual({ from: '2026-11-04', to: '2026-11-04' });
  });

  it('the previous week of Monday 07:00 Copenhagen is Monday–Sunday before', () => {
    // 2026-11-09 is a Monday; 07:00 CET = 06:00 UTC.
    expect(previousWeek(new Date('2026-11-09T06:00:00Z'), CPH)).toEqual({ from: '2026-11-02', to: '2026-11-08' });
    // Sunday 23:30 UTC is already Monday in Copenhagen.
    expect(previousWeek(new Date('2026-11-08T23:30:00Z'), CPH)).toEqual({ from: '2026-11-02', to: '2026-11-08' });
    expect(previousWeek(new Date('2026-11-08T22:30:00Z'), CPH)).toEqual({ from: '2026-10-26', to: '2026-11-01' });
    // Across the DST change (29 March 2026) and the new year.
    expect(previousWeek(new Date('2026-03-30T05:00:00Z'), CPH)).toEqual({ from: '2026-03-23', to: '2026-03-29' });
    expect(previousWeek(new Date('2027-01-04T06:00:00Z'), CPH)).toEqual({ from: '2026-12-28', to: '2027-01-03' });
  });

  it('local day follows the time zone', () => {
    expect(localDay(new Date('2026-07-31T22:15:00Z'), CPH)).toBe('2026-08-01');
    expect(localDay(new Date('2026-07-31T22:15:00Z'), 'UTC')).toBe('2026-07-31');
  });

  it('months, including February of a leap year', () => {
    expect(monthPeriod('2028-02')).toEqual({ from: '2028-02-01', to: '2028-02-29' });
    expect(monthPeriod('2026-12')).toEqual({ from: '2026-12-01', to: '2026-12-31' });
    expect(() => monthPeriod('2026-13')).toThrow(RangeError);
    expect(() => monthPeriod('2026-1')).toThrow(RangeError);
  });

  it('refuses impossible dates and reversed periods', () => {
    expect(() => parseDay('2026-02-30')).toThrow(/2026-02-30/);
    expect(() => parseDay('02-11-2026')).toThrow(RangeError);
    expect(() => makePeriod('2026-11-08', '2026-11-02')).toThrow(/before it starts/);
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
  });

  it('ISO week numbers', () => {
    expect(isoWeek('2026-11-02')).toEqual({ year: 2026, week: 45 });
    expect(isoWeek('2027-01-01')).toEqual({ year: 2026, week: 53 });
    expect(isoWeek('2024-12-30')).toEqual({ year: 2025, week: 1 });
  });

  it('the presets of the report page, in the Servicedesk\'s time zone', () => {
    // Wednesday 2 December 2026, 00:30 in Copenhagen (23:30 UTC the day before).
    const at = new Date('2026-12-01T23:30:00Z');
    expect(currentWeek(at, CPH)).toEqual({ from: '2026-11-30', to: '2026-12-06' });
    expect(presetPeriod('last-week', at, CPH)).toEqual({ from: '2026-11-23', to: '2026-11-29' });
    expect(currentMonth(at, CPH)).toEqual({ from: '2026-12-01', to: '2026-12-31' });
    expect(previousMonth(at, CPH)).toEqual({ from: '2026-11-01', to: '2026-11-30' });
    // 30 November 23:30 UTC is already December in Copenhagen.
    expect(currentMonth(new Date('2026-11-30T23:30:00Z'), 'UTC')).toEqual({ from: '2026-11-01', to: '2026-11-30' });
    expect(currentMonth(new Date('2026-11-30T23:30:00Z'), CPH)).toEqual({ from: '2026-12-01', to: '2026-12-31' });
    // January's last month is last year's December; a week across the new year.
    expect(previousMonth(new Date('2027-01-15T12:00:00Z'), CPH)).toEqual({ from: '2026-12-01', to: '2026-12-31' });
    expect(weekOf('2027-01-01')).toEqual({ from: '2026-12-28', to: '2027-01-03' });
    expect(presetOf({ from: '2026-11-23', to: '2026-11-29' }, at, CPH)).toBe('last-week');
    expect(presetOf({ from: '2026-11-23', to: '2026-11-30' }, at, CPH)).toBeNull();
  });

  it('a custom range: a clear Danish reason for every bad input', () => {
    expect(customPeriod('2026-11-02', '2026-11-08')).toEqual({ period: { from: '2026-11-02', to: '2026-11-08' } });
    expect(customPeriod('', '')).toEqual({ error: 'Angiv en periode: en fra- og en til-dato.' });
    expect(customPeriod('2026-13-01', '2026-12-01')).toEqual({ error: 'Fra-datoen "2026-13-01" er ikke en dato. Skriv den som ÅÅÅÅ-MM-DD, fx 2026-11-02.' });
    expect(customPeriod('2026-11-01', 'i morgen')).toMatchObject({ error: expect.stringMatching(/^Til-datoen "i morgen" er ikke en dato/) });
    expect(customPeriod('2026-11-08', '2026-11-02')).toEqual({ error: 'Perioden slutter (2026-11-02) før den begynder (2026-11-08). Byt om på datoerne.' });
    expect(customPeriod('2020-01-01', '2026-01-01')).toMatchObject({ error: expect.stringMatching(/for lang/) });
  });

  it('says which period is shown: a week, a month, or two days', () => {
    expect(describePeriod({ from: '2026-11-23', to: '2026-11-29' }, 'da')).toBe('uge 48 2026 (23. nov. 2026 – 29. nov. 2026)');
    expect(describePeriod({ from: '2026-11-01', to: '2026-11-30' }, 'da')).toBe('november 2026 (1. nov. 2026 – 30. nov. 2026)');
    expect(describePeriod({ from: '2026-11-01', to: '2026-11-30' }, 'en')).toBe('November 2026 (1 Nov 2026 – 30 Nov 2026)');
    expect(describePeriod({ from: '2026-11-03', to: '2026-11-05' }, 'da')).toBe('3. nov. 2026 – 5. nov. 2026');
  });
});

import { addDays, isoWeek, localDay, makePeriod, monthPeriod, parseDay, previousPeriod, previousWeek } from '../../../src/reports/period';

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
});

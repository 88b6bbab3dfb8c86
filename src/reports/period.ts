/**
 * Report periods as calendar days (ISO YYYY-MM-DD, both ends inclusive). Pure: the clock and
 * the time zone are arguments, so the same instant gives the same period in every test.
 */
export interface Period {
  from: string;
  to: string;
}

const ISO_DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Parses YYYY-MM-DD and refuses impossible dates (2026-02-30), which Date would roll over. */
export function parseDay(s: string, what = 'date'): string {
  const m = ISO_DAY.exec(s);
  if (m) {
    const d = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3]));
    if (d.getUTCFullYear() === +m[1] && d.getUTCMonth() === +m[2] - 1 && d.getUTCDate() === +m[3]) return s;
  }
  throw new RangeError(`${what}: expected a date YYYY-MM-DD, got "${s}"`);
}

/** Day arithmetic in UTC: calendar days have no time zone, and UTC has no DST gaps. */
export function addDays(day: string, n: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

export function makePeriod(from: string, to: string): Period {
  parseDay(from, 'from');
  parseDay(to, 'to');
  if (to < from) throw new RangeError(`the period ends (${to}) before it starts (${from})`);
  return { from, to };
}

export function periodLength(p: Period): number {
  return daysBetween(p.from, p.to) + 1;
}

/** The period of equal length that ends the day before `p` starts. */
export function previousPeriod(p: Period): Period {
  const n = periodLength(p);
  return { from: addDays(p.from, -n), to: addDays(p.from, -1) };
}

export function inPeriod(day: string, p: Period): boolean {
  return day >= p.from && day <= p.to;
}

/** The calendar day of an instant in a time zone (e.g. 23:30 UTC is the next day in Copenhagen). */
export function localDay(at: Date, tz: string): string {
  // en-CA formats as YYYY-MM-DD.
  return new Intl.DateTimeFormat('en-CA', { timeZone: tz, year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);
}

/** Monday to Sunday of the ISO week that contains `day`. */
export function weekOf(day: string): Period {
  const weekday = (new Date(`${day}T00:00:00Z`).getUTCDay() + 6) % 7; // Monday = 0
  const monday = addDays(day, -weekday);
  return { from: monday, to: addDays(monday, 6) };
}

/** Monday to Sunday of the week before the one containing `at` (ISO weeks start on Monday). */
export function previousWeek(at: Date, tz: string): Period {
  const { from: monday } = weekOf(localDay(at, tz));
  return { from: addDays(monday, -7), to: addDays(monday, -1) };
}

/** Monday to Sunday of the week containing `at`, where the Servicedesk sits. */
export function currentWeek(at: Date, tz: string): Period {
  return weekOf(localDay(at, tz));
}

/** The calendar month containing `day`. */
export function monthOf(day: string): Period {
  return monthPeriod(day.slice(0, 7));
}

export function currentMonth(at: Date, tz: string): Period {
  return monthOf(localDay(at, tz));
}

export function previousMonth(at: Date, tz: string): Period {
  return monthOf(addDays(currentMonth(at, tz).from, -1));
}

/** The periods the managers' report offers with one click, most recent first. */
export const PERIOD_PRESETS = ['this-week', 'last-week', 'this-month', 'last-month'] as const;
export type PeriodPreset = (typeof PERIOD_PRESETS)[number];
export const isPeriodPreset = (v: unknown): v is PeriodPreset => (PERIOD_PRESETS as readonly unknown[]).includes(v);

export function presetPeriod(preset: PeriodPreset, at: Date, tz: string): Period {
  switch (preset) {
    case 'this-week':
      return currentWeek(at, tz);
    case 'last-week':
      return previousWeek(at, tz);
    case 'this-month':
      return currentMonth(at, tz);
    case 'last-month':
      return previousMonth(at, tz);
  }
}

/** Which preset a period is, if any (so a custom range that happens to be last week says so). */
export function presetOf(p: Period, at: Date, tz: string): PeriodPreset | null {
  return PERIOD_PRESETS.find((name) => {
    const q = presetPeriod(name, at, tz);
    return q.from === p.from && q.to === p.to;
  }) ?? null;
}

/** The longest custom range the report accepts (it loads two such periods at once). */
export const MAX_PERIOD_DAYS = 731;

/**
 * A custom range as typed into the report's form, or a reason in Danish why it is not one
 * (the managers read it; a bad range is their typo, not a server error).
 */
export function customPeriod(from: string | undefined, to: string | undefined): { period: Period } | { error: string } {
  const f = (from ?? '').trim();
  const t = (to ?? '').trim();
  if (!f && !t) return { error: 'Angiv en periode: en fra- og en til-dato.' };
  const valid = (d: string) => {
    try {
      parseDay(d);
      return true;
    } catch {
      return false;
    }
  };
  if (!valid(f)) return { error: `Fra-datoen "${f.slice(0, 20)}" er ikke en dato. Skriv den som ÅÅÅÅ-MM-DD, fx 2026-11-02.` };
  if (!valid(t)) return { error: `Til-datoen "${t.slice(0, 20)}" er ikke en dato. Skriv den som ÅÅÅÅ-MM-DD, fx 2026-11-08.` };
  if (t < f) return { error: `Perioden slutter (${t}) før den begynder (${f}). Byt om på datoerne.` };
  if (periodLength({ from: f, to: t }) > MAX_PERIOD_DAYS) return { error: `Perioden er for lang: højst ${MAX_PERIOD_DAYS} dage (to år).` };
  return { period: { from: f, to: t } };
}

/** A calendar month "YYYY-MM" as a period. */
export function monthPeriod(month: string): Period {
  const m = /^(\d{4})-(\d{2})$/.exec(month);
  if (!m || +m[2] < 1 || +m[2] > 12) throw new RangeError(`month: expected YYYY-MM, got "${month}"`);
  const from = `${month}-01`;
  const next = +m[2] === 12 ? `${+m[1] + 1}-01-01` : `${m[1]}-${String(+m[2] + 1).padStart(2, '0')}-01`;
  return { from, to: addDays(next, -1) };
}

/** ISO 8601 week number, for subjects like "uge 45". */
export function isoWeek(day: string): { year: number; week: number } {
  const d = new Date(`${day}T00:00:00Z`);
  const weekday = (d.getUTCDay() + 6) % 7;
  d.setUTCDate(d.getUTCDate() - weekday + 3); // the Thursday of this week decides the year
  const year = d.getUTCFullYear();
  const firstThursday = new Date(Date.UTC(year, 0, 4));
  firstThursday.setUTCDate(firstThursday.getUTCDate() - ((firstThursday.getUTCDay() + 6) % 7) + 3);
  return { year, week: 1 + Math.round((d.getTime() - firstThursday.getTime()) / (7 * 86_400_000)) };
}

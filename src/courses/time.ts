/**
 * Course times are written and shown in Danish local time (Europe/Copenhagen), stored as UTC
 * instants. Pure (Intl only).
 */
export const COURSE_TZ = 'Europe/Copenhagen';

const parts = (d: Date, tz: string) => {
  const f = new Intl.DateTimeFormat('en-GB', { timeZone: tz, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' });
  const p = Object.fromEntries(f.formatToParts(d).map((x) => [x.type, x.value]));
  return { year: +p.year!, month: +p.month!, day: +p.day!, hour: +p.hour!, minute: +p.minute!, second: +p.second! };
};

/** The local wall-clock fields of an instant in Copenhagen. */
export function localParts(d: Date): { year: number; month: number; day: number; hour: number; minute: number } {
  return parts(d, COURSE_TZ);
}

/** A Copenhagen wall-clock time as an instant (the first, for a time that occurs twice in autumn). */
export function fromLocal(year: number, month: number, day: number, hour: number, minute: number): Date {
  const guess = Date.UTC(year, month - 1, day, hour, minute);
  // Offset of Copenhagen at the guess, then correct once more around a DST change.
  let t = guess;
  for (let i = 0; i < 2; i++) {
    const p = parts(new Date(t), COURSE_TZ);
    const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
    t = guess - (asUtc - t);
  }
  return new Date(t);
}

/** "2027-03-12 09:00" (local time, as the CSV holds it). */
export function formatLocal(d: Date): string {
  const p = localParts(d);
  const z = (n: number) => String(n).padStart(2, '0');
  return `${p.year}-${z(p.month)}-${z(p.day)} ${z(p.hour)}:${z(p.minute)}`;
}

/**
 * Reads "2027-03-12 09:00" / "2027-03-12T09:00" (Copenhagen time) or an ISO instant with an
 * offset ("2027-03-12T08:00:00Z"). Null when it is not a real date and time.
 */
export function parseLocal(s: string): Date | null {
  const t = s.trim();
  const m = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})$/.exec(t);
  if (m) {
    const [y, mo, d, h, mi] = m.slice(1).map(Number) as [number, number, number, number, number];
    if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59) return null;
    const out = fromLocal(y, mo, d, h, mi);
    const back = localParts(out);
    if (back.day !== d || back.month !== mo) return null; // 31 April and the like
    return out;
  }
  if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(t)) {
    const d = new Date(t);
    return Number.isNaN(d.getTime()) ? null : d;
  }
  return null;
}

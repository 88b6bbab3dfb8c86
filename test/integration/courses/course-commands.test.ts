import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../../support/cli';
import { createTestDatabase } from '../../support/db';
import { ROOT } from '../../support/env';
import { readCoursesCsv } from '../../../src/courses/csv';

jest.setTimeout(120_000);

/**
 * `servicedesk courses import|export` as the real binary (dist/, built by `npm test`) against
 * a real PostgreSQL: all or nothing naming the line, idempotent, bookings kept when the seats
 * change, and an export that imports back to the same calendar.
 */
const EXAMPLE = join(ROOT, 'examples', 'courses.csv');
let db: Awaited<ReturnType<typeof createTestDatabase>>;
let dir: string;
const env = (url = db.url) => ({ DATABASE_URL: url, LOG_LEVEL: 'warn' });
const snapshot = async (ds = db.dataSource) =>
  ds.query(`SELECT c.code, c.topic, c.language, c.title, c.place, c.price_dkk, c.agreement_prices, c.updated_at, d.starts_at, d.seats_total, d.seats_left
              FROM courses c LEFT JOIN course_dates d ON d.course_id = c.id ORDER BY c.code, d.starts_at`);

beforeAll(async () => {
  db = await createTestDatabase();
  dir = mkdtempSync(join(tmpdir(), 'sd-courses-'));
});
afterAll(async () => {
  await db?.drop();
  rmSync(dir, { recursive: true, force: true });
});

it('a file with one bad row imports nothing and names the line', async () => {
  const lines = readFileSync(EXAMPLE, 'utf8').split('\n');
  const header = lines.findIndex((l) => l.startsWith('code,'));
  const bad = [...lines];
  bad[header + 3] = bad[header + 3]!.replace(',2027-05-20 09:00,', ',2027-05-32 09:00,');
  const file = join(dir, 'bad.csv');
  writeFileSync(file, bad.join('\n'));
  const r = await runCli(['courses', 'import', file], env());
  expect(r.code).toBe(1);
  expect(r.stderr).toContain(`line ${header + 4}: starts_at "2027-05-32 09:00" is not a date and time`);
  expect(await snapshot()).toEqual([]);
});

it('imports the example calendar; importing it again changes nothing', async () => {
  const parsed = readCoursesCsv(readFileSync(EXAMPLE, 'utf8'));
  const dates = parsed.reduce((n, c) => n + c.dates.length, 0);
  const first = await runCli(['courses', 'import', EXAMPLE], env());
  expect(first).toMatchObject({ code: 0 });
  expect(first.stdout).toBe(`courses: ${parsed.length} created, 0 updated; dates: ${dates} created, 0 updated; 0 unchanged\n`);
  const before = await snapshot();
  const again = await runCli(['courses', 'import', EXAMPLE], env());
  expect(again.stdout).toBe(`courses: 0 created, 0 updated; dates: 0 created, 0 updated; ${parsed.length + dates} unchanged\n`);
  expect(await snapshot()).toEqual(before);
});

it('more seats on a date keep its bookings; fewer seats than booked is refused naming the line', async () => {
  await db.dataSource.query(`UPDATE course_dates SET seats_left = seats_left - 3 WHERE starts_at = '2027-03-11T08:00:00Z'`); // three booked
  const lines = readFileSync(EXAMPLE, 'utf8').split('\n');
  const i = lines.findIndex((l) => l.includes('2027-03-11 09:00'));
  const more = [...lines];
  more[i] = more[i]!.replace(/,12$/, ',15');
  writeFileSync(join(dir, 'more.csv'), more.join('\n'));
  expect((await runCli(['courses', 'import', join(dir, 'more.csv')], env())).code).toBe(0);
  expect(await db.dataSource.query(`SELECT seats_total, seats_left FROM course_dates WHERE starts_at = '2027-03-11T08:00:00Z'`)).toEqual([{ seats_total: 15, seats_left: 12 }]);
  const fewer = [...lines];
  fewer[i] = fewer[i]!.replace(/,12$/, ',2');
  writeFileSync(join(dir, 'fewer.csv'), fewer.join('\n'));
  const r = await runCli(['courses', 'import', join(dir, 'fewer.csv')], env());
  expect(r.code).toBe(1);
  expect(r.stderr).toContain(`line ${i + 1}: eksempel-planlaegning-da on 2027-03-11 09:00 has 3 seats booked`);
  expect(await db.dataSource.query(`SELECT seats_total, seats_left FROM course_dates WHERE starts_at = '2027-03-11T08:00:00Z'`)).toEqual([{ seats_total: 15, seats_left: 12 }]);
});

it('export writes CSV that imports into an empty database as the same calendar', async () => {
  const file = join(dir, 'export.csv');
  const r = await runCli(['courses', 'export', file], env());
  expect(r.code).toBe(0);
  const stdout = await runCli(['courses', 'export'], env());
  expect(stdout.stdout).toBe(readFileSync(file, 'utf8'));
  const other = await createTestDatabase();
  try {
    expect((await runCli(['courses', 'import', file], env(other.url))).code).toBe(0);
    const strip = (rows: Record<string, unknown>[]) => rows.map(({ updated_at: _u, seats_left: _s, ...r }) => r);
    expect(strip(await snapshot(other.dataSource))).toEqual(strip(await snapshot()));
    expect((await runCli(['courses', 'export'], env(other.url))).stdout).toBe(stdout.stdout);
  } finally {
    await other.drop();
  }
});

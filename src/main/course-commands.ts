import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import type { Config } from '../config/schema';
import { createLogger } from '../shared/logger';
import { UsageError } from '../shared/errors';
import { openDatabase, type Database } from '../db/open';
import { readCoursesCsv, shiftToFuture, writeCoursesCsv } from '../courses/csv';
import { countCourses, importCourses, listCourses } from '../courses/store';

/**
 * `servicedesk courses import|export`: the course calendar (src/courses/). Wiring only.
 * Registered from cli.ts; `config` is a function so that `--help` needs no configuration.
 */
const out = (s: string): void => void process.stdout.write(s.endsWith('\n') ? s : `${s}\n`);

/** The example calendar the embedded default loads into an empty calendar. */
export const EXAMPLE_COURSES = resolve(__dirname, '../../../examples/courses.csv');

async function withDb<T>(config: Config, fn: (db: Database) => Promise<T>): Promise<T> {
  const db = await openDatabase(config, createLogger(config.LOG_LEVEL), { migrate: true });
  try {
    return await fn(db);
  } finally {
    await db.close();
  }
}

function readFile(file: string): string {
  if (!existsSync(file)) throw new UsageError(`no such file: ${file}`);
  return readFileSync(file, 'utf8');
}

export async function coursesImport(config: Config, file: string): Promise<void> {
  // The whole file is read and validated before the database is touched: one bad row, nothing imported.
  const courses = readCoursesCsv(readFile(file), file);
  await withDb(config, async (db) => {
    const r = await importCourses(db.dataSource, courses, file);
    out(`courses: ${r.coursesCreated} created, ${r.coursesUpdated} updated; dates: ${r.datesCreated} created, ${r.datesUpdated} updated; ${r.unchanged} unchanged`);
  });
}

export async function coursesExport(config: Config, file: string | undefined): Promise<void> {
  await withDb(config, async (db) => {
    const csv = writeCoursesCsv(await listCourses(db.dataSource));
    if (!file) return void process.stdout.write(csv);
    writeFileSync(file, csv, 'utf8');
    process.stderr.write(`written to ${resolve(file)}\n`);
  });
}

/** The embedded default: the example calendar, dates moved ahead, only while the calendar is empty. */
export async function loadExampleCoursesIfEmpty(config: Config, now: Date = new Date()): Promise<void> {
  if (!existsSync(EXAMPLE_COURSES)) return;
  await withDb(config, async (db) => {
    if ((await countCourses(db.dataSource)) > 0) return;
    const courses = shiftToFuture(readCoursesCsv(readFileSync(EXAMPLE_COURSES, 'utf8'), EXAMPLE_COURSES), now);
    const r = await importCourses(db.dataSource, courses, EXAMPLE_COURSES);
    out(`courses: ${r.coursesCreated} example courses with ${r.datesCreated} dates loaded (examples/courses.csv)`);
  });
}

export function registerCourseCommands(program: Command, config: () => Config): void {
  const courses = program.command('courses').description('the course calendar: import, export');
  courses
    .command('import <file>')
    .description('import courses and dates from CSV (code,topic,language,title,place,price,agreement_prices,starts_at,seats_total); all rows or none; keyed by code and start')
    .action(async (file: string) => coursesImport(config(), file));
  courses
    .command('export [file]')
    .description('write the calendar as CSV (to stdout without FILE); reads back with courses import')
    .action(async (file: string | undefined) => coursesExport(config(), file));
}

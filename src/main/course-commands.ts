import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import type { Config } from '../config/schema';
import { readCoursesCsv, shiftToFuture, writeCoursesCsv } from '../courses/csv';
import { countCourses, importCourses, listCourses } from '../courses/store';
import { out, readInputFile, withDb } from './command-io';
import type { Database } from '../db/open';

/**
 * `servicedesk courses import|export`: the course calendar (src/courses/). Wiring only.
 * Registered from cli.ts; `config` is a function so that `--help` needs no configuration.
 */
/** The example calendar the embedded default loads into an empty calendar. */
export const EXAMPLE_COURSES = resolve(__dirname, '../../../examples/courses.csv');



export async function coursesImport(config: Config, file: string): Promise<void> {
  // The whole file is read and validated before the database is touched: one bad row, nothing imported.
  const courses = readCoursesCsv(readInputFile(file), file);
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
export async function loadExampleCoursesIfEmpty(db: Database, now: Date = new Date()): Promise<void> {
  if (!existsSync(EXAMPLE_COURSES) || (await countCourses(db.dataSource)) > 0) return;
  const courses = shiftToFuture(readCoursesCsv(readFileSync(EXAMPLE_COURSES, 'utf8'), EXAMPLE_COURSES), now);
  const r = await importCourses(db.dataSource, courses, EXAMPLE_COURSES);
  out(`courses: ${r.coursesCreated} example courses with ${r.datesCreated} dates loaded (examples/courses.csv)`);
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

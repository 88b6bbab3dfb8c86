import { existsSync, readFileSync } from 'node:fs';
import type { Config } from '../config/schema';
import { openDatabase, type Database } from '../db/open';
import { createLogger } from '../shared/logger';
import { UsageError } from '../shared/errors';

/** What the one-shot commands (cli.ts and the *-commands.ts beside it) share: output, a database for the command's life, input files. */

/** One line to stdout (the newline added when missing). */
export const out = (s: string): void => void process.stdout.write(s.endsWith('\n') ? s : `${s}\n`);

/** Opens the database (migrated unless told otherwise), runs `fn`, and closes it whatever happens. */
export async function withDb<T>(config: Config, fn: (db: Database) => Promise<T>, migrate = true): Promise<T> {
  const db = await openDatabase(config, createLogger(config.LOG_LEVEL), { migrate });
  try {
    return await fn(db);
  } finally {
    await db.close();
  }
}

/** A file the user named, as UTF-8; a missing file is a usage error, not a stack trace. */
export function readInputFile(file: string): string {
  if (!existsSync(file)) throw new UsageError(`no such file: ${file}`);
  return readFileSync(file, 'utf8');
}

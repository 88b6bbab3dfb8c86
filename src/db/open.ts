import type { DataSource } from 'typeorm';
import type { Config } from '../config/schema';
import type { Logger } from '../shared/logger';
import { createDataSource } from './data-source';
import { startEmbeddedPostgres } from './embedded';

export interface Database {
  dataSource: DataSource;
  embedded: boolean;
  close(): Promise<void>;
}

/** Any fixed 64-bit number: serialises migrations between processes that start together. */
const MIGRATION_LOCK = 727_001;

/**
 * Connects to DATABASE_URL, or starts the embedded PostgreSQL when it is unset, and brings
 * the schema up to date when `migrate` is true.
 */
export async function openDatabase(config: Config, log: Logger, opts: { migrate?: boolean; poolSize?: number } = {}): Promise<Database> {
  const embedded = config.DATABASE_URL ? null : await startEmbeddedPostgres(config.DATA_DIR);
  if (embedded) log.info({ dataDir: embedded.dataDir }, 'DATABASE_URL unset: using the embedded PostgreSQL (PGlite)');
  const dataSource = createDataSource({
    url: config.DATABASE_URL ?? embedded!.url,
    poolSize: embedded ? 1 : opts.poolSize,
  });
  try {
    await dataSource.initialize();
    if (opts.migrate) await migrate(dataSource, !embedded);
  } catch (err) {
    if (dataSource.isInitialized) await dataSource.destroy();
    await embedded?.stop();
    throw err;
  }
  return {
    dataSource,
    embedded: !!embedded,
    async close() {
      if (dataSource.isInitialized) await dataSource.destroy();
      await embedded?.stop();
    },
  };
}

/** Runs pending migrations; returns their names. */
export async function migrate(dataSource: DataSource, lock = true): Promise<string[]> {
  if (!lock) return (await dataSource.runMigrations({ transaction: 'each' })).map((m) => m.name);
  // A session-level advisory lock on a dedicated connection, so two workers starting at
  // once do not both create the tables.
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    await runner.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    return (await dataSource.runMigrations({ transaction: 'each' })).map((m) => m.name);
  } finally {
    await runner.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined);
    await runner.release();
  }
}

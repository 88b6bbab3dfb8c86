/**
 * The registry every measurement runs against: the test fixtures' companies and contacts
 * (test/fixtures/registry/*.csv). The corpus picks its senders from it, and each tool's
 * database (the bench's scratch database, the private PostgreSQL of `npm run outage` and
 * `npm run hostile`) is migrated and given the same registry, so "registered contact" means
 * the same addresses in the mails and in the database.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DataSource } from 'typeorm';
import { createDataSource } from '../../src/db/data-source';
import { migrate } from '../../src/db/open';
import { readCompaniesCsv, readContactsCsv, type CompanyRow, type ContactRow } from '../../src/contacts/csv';
import { importRegistry } from '../../src/contacts/import';

export interface FixtureRegistry {
  companies: CompanyRow[];
  contacts: ContactRow[];
}

export function readFixtureRegistry(root: string): FixtureRegistry {
  const reg = join(root, 'test', 'fixtures', 'registry');
  return {
    companies: readCompaniesCsv(readFileSync(join(reg, 'companies.csv'), 'utf8')),
    contacts: readContactsCsv(readFileSync(join(reg, 'contacts.csv'), 'utf8')),
  };
}

/** Brings the schema of an initialised DataSource up to date and imports the fixtures' registry. */
export async function migrateWithRegistry(ds: DataSource, root: string): Promise<void> {
  await migrate(ds);
  const { companies, contacts } = readFixtureRegistry(root);
  await importRegistry(ds, companies, contacts);
}

/**
 * A DataSource on `url`, initialised, migrated and holding the fixtures' registry. Give it a
 * pool of at least 2: migrate() holds one connection for its lock.
 */
export async function openRegistryDb(url: string, root: string, poolSize: number): Promise<DataSource> {
  const ds = createDataSource({ url, poolSize });
  await ds.initialize();
  try {
    await migrateWithRegistry(ds, root);
  } catch (err) {
    await ds.destroy().catch(() => undefined);
    throw err;
  }
  return ds;
}

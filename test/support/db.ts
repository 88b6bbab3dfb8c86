import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { createDataSource } from '../../src/db/data-source';
import { migrate } from '../../src/db/open';
import type { DataSource } from 'typeorm';

/** The server the tests use; CI's machine starts it. Override with TEST_DATABASE_URL. */
export const ADMIN_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/**
 * A fresh database per test file (isolation by unique data, not by order): created on the
 * real PostgreSQL, migrated (unless `migrated: false`), dropped by `drop()`.
 */
export async function createTestDatabase(opts: { migrated?: boolean } = {}): Promise<{ url: string; dataSource: DataSource; drop(): Promise<void> }> {
  const name = `sd_test_${randomBytes(6).toString('hex')}`;
  const admin = new Client({ connectionString: ADMIN_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  const dataSource = createDataSource({ url: url.toString(), poolSize: 5 });
  await dataSource.initialize();
  if (opts.migrated ?? true) await migrate(dataSource);
  return {
    url: url.toString(),
    dataSource,
    async drop() {
      if (dataSource.isInitialized) await dataSource.destroy();
      const c = new Client({ connectionString: ADMIN_URL });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

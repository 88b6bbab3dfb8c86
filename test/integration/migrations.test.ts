import { createTestDatabase } from '../support/db';
import { migrate } from '../../src/db/open';
import { MIGRATIONS } from '../../migrations';
// The embedded PostgreSQL (PGlite) cannot load inside jest's VM (it needs dynamic import):
// test/e2e/run-folder.test.ts runs the same migrations on it through the real CLI.

describe('migrations', () => {
  it('create every table on the real PostgreSQL, roll back cleanly, and apply again', async () => {
    const db = await createTestDatabase();
    try {
      const tables = await db.dataSource.query(
        `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY 1`,
      );
      expect(tables.map((t: { table_name: string }) => t.table_name)).toEqual(
        expect.arrayContaining(['companies', 'agreements', 'support_contacts', 'contact_addresses', 'inbound_mails', 'mailbox_cursors', 'tickets', 'ticket_messages', 'outbox', 'classification_corrections']),
      );
      // A second run finds nothing pending.
      expect(await migrate(db.dataSource)).toEqual([]);
      for (let i = 0; i < MIGRATIONS.length; i++) await db.dataSource.undoLastMigration();
      const left = await db.dataSource.query(`SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_name <> 'migrations'`);
      expect(left).toEqual([]);
      // …and up again from nothing.
      expect(await migrate(db.dataSource)).toHaveLength(MIGRATIONS.length);
    } finally {
      await db.drop();
    }
  });
});

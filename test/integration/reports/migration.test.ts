import { createTestDatabase } from '../../support/db';

/** The reports migration adds its two tables and takes exactly those away again. */
describe('migration PhoneCallsReportRuns', () => {
  it('creates phone_calls and report_runs, and its down() drops only them', async () => {
    const db = await createTestDatabase();
    const tables = async () =>
      (await db.dataSource.query(`SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY 1`)).map((t: { table_name: string }) => t.table_name);
    const applied = async () => (await db.dataSource.query(`SELECT name FROM migrations`)).map((m: { name: string }) => m.name);
    try {
      expect(await tables()).toEqual(expect.arrayContaining(['phone_calls', 'report_runs']));
      // Undo later migrations (of other features) first, then ours.
      while ((await applied()).includes('PhoneCallsReportRuns1765000000000')) await db.dataSource.undoLastMigration();
      const left = await tables();
      expect(left).not.toContain('phone_calls');
      expect(left).not.toContain('report_runs');
      expect(left).toEqual(expect.arrayContaining(['tickets', 'companies', 'outbox']));
    } finally {
      await db.drop();
    }
  });
});

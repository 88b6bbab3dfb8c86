import { createTestDatabase } from '../support/db';
import { migrate } from '../../src/db/open';

/**
 * Migration StaffReasonsAndLanguage on the real PostgreSQL: a ticket opened before it for a
 * mail whose DMARC failed is marked sender_forged from the one sentence the sender match
 * wrote for exactly that case; other tickets are not; down() takes the columns away again.
 */
describe('migration StaffReasonsAndLanguage', () => {
  it('marks old forged tickets, defaults users to Danish, and undoes cleanly', async () => {
    const db = await createTestDatabase();
    const q = (sql: string, params: unknown[] = []) => db.dataSource.query(sql, params);
    const columns = async () =>
      (await q(`SELECT table_name || '.' || column_name AS c FROM information_schema.columns WHERE (table_name, column_name) IN (('users', 'language'), ('tickets', 'sender_forged'), ('outbox', 'reason_detail')) ORDER BY 1`)).map((r: { c: string }) => r.c);
    try {
      expect(await columns()).toEqual(['outbox.reason_detail', 'tickets.sender_forged', 'users.language']);
      const applied = async () => (await q(`SELECT name FROM migrations`)).map((m: { name: string }) => m.name);
      while ((await applied()).includes('StaffReasonsAndLanguage1796500000001')) await db.dataSource.undoLastMigration();
      expect(await columns()).toEqual([]);

      const ticket = (ref: string, explanation: string[]) =>
        q(
          `INSERT INTO tickets (reference, subject, category, confidence, language, explanation, sender_status, from_address, queue)
           VALUES ($1, 'Emne', 'support', 0.9, 'da', $2::jsonb, 'unknown_domain', 'mette@fjordby-el.dk', 'unknown_sender')`,
          [ref, JSON.stringify(explanation)],
        );
      await ticket('MB-000001', ['Vurdering: Support (90 %).', 'DMARC failed at our receiving server: the From address is not trusted', 'no ticket reference or known Message-ID']);
      await ticket('MB-000002', ['Vurdering: Support (90 %).', 'no customer uses the domain fjordby-el.dk', 'DMARC failed: a forged sender never joins an existing ticket (quoted)']);
      await q(`INSERT INTO users (email, name, role, password_hash) VALUES ('a@ventu.dk', 'A', 'agent', 'x')`);

      await migrate(db.dataSource);
      expect(await q(`SELECT reference, sender_forged FROM tickets ORDER BY reference`)).toEqual([
        { reference: 'MB-000001', sender_forged: true },
        { reference: 'MB-000002', sender_forged: false },
      ]);
      expect(await q(`SELECT language FROM users`)).toEqual([{ language: 'da' }]);
      await expect(q(`UPDATE users SET language = 'de'`)).rejects.toThrow(/check constraint/);
    } finally {
      await db.drop();
    }
  });
});

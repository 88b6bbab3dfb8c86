import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What the people at the desk read, in their language:
 * - users.language: the language reasons and warnings are shown in (da, the default, or en),
 *   chosen on the account page;
 * - tickets.sender_forged: DMARC failed at our receiving server when the ticket was opened, so
 *   the ticket view warns that the sender may be forged — a fact, not something read out of
 *   the English explanation. Rows from before are set from the one sentence the sender match
 *   wrote for exactly that case;
 * - outbox.reason_detail: why a reply was not sent, as a code with parameters (reason keeps
 *   the English words for logs and scripts).
 * tickets.explanation (jsonb) holds codes the same way from now on, next to the classifier's
 * sentences; older rows keep their text and are shown as they are.
 */
export class StaffReasonsAndLanguage1796500000001 implements MigrationInterface {
  name = 'StaffReasonsAndLanguage1796500000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE users ADD COLUMN language text NOT NULL DEFAULT 'da' CHECK (language IN ('da', 'en'))`);
    await q.query(`ALTER TABLE tickets ADD COLUMN sender_forged boolean NOT NULL DEFAULT false`);
    await q.query(
      `UPDATE tickets SET sender_forged = true WHERE explanation @> $1::jsonb`,
      [JSON.stringify(['DMARC failed at our receiving server: the From address is not trusted'])],
    );
    await q.query(`ALTER TABLE outbox ADD COLUMN reason_detail jsonb`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE outbox DROP COLUMN IF EXISTS reason_detail`);
    await q.query(`ALTER TABLE tickets DROP COLUMN IF EXISTS sender_forged`);
    await q.query(`ALTER TABLE users DROP COLUMN IF EXISTS language`);
  }
}

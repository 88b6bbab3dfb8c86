import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * tickets.training_evidence: why a mail was judged a training need (the signs of missing
 * basics and the words that decided), shown in the ticket view and the training-offer report.
 * A column of its own rather than a line in `explanation`, so the report can list it without
 * parsing sentences and it survives a later edit of the explanation's wording.
 *
 * The reply budget looks for near-identical earlier mails from the same sender (a loop), so
 * inbound ticket messages get an index by sender and time.
 */
export class TrainingEvidenceLoopBudget1796500000400 implements MigrationInterface {
  name = 'TrainingEvidenceLoopBudget1796500000400';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE tickets ADD COLUMN training_evidence jsonb NOT NULL DEFAULT '[]'`);
    await q.query(`CREATE INDEX ix_ticket_messages_inbound_from ON ticket_messages (from_address, created_at) WHERE direction = 'inbound'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX IF EXISTS ix_ticket_messages_inbound_from`);
    await q.query(`ALTER TABLE tickets DROP COLUMN IF EXISTS training_evidence`);
  }
}

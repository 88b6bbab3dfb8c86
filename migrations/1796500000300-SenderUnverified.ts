import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A ticket remembers that its sender could not be verified (several From addresses, or no
 * trusted DMARC result for the From's domain), next to sender_forged, so the ticket page can
 * say so and linking the address to a customer asks for confirmation.
 */
export class SenderUnverified1796500000300 implements MigrationInterface {
  name = 'SenderUnverified1796500000300';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE tickets ADD COLUMN sender_unverified boolean NOT NULL DEFAULT false`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE tickets DROP COLUMN IF EXISTS sender_unverified`);
  }
}

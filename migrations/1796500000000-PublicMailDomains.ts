import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Small firms write from gmail.com or hotmail.dk. Their registry row may name such a public
 * mail domain: it is kept here, as information for the people at the desk, and never used to
 * match senders (src/domain/addresses.ts). `domains` keeps only domains that
 * identify the company. The registry-generation trigger on companies covers the new column.
 */
export class PublicMailDomains1796500000000 implements MigrationInterface {
  name = 'PublicMailDomains1796500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE companies ADD COLUMN public_domains text[] NOT NULL DEFAULT '{}'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE companies DROP COLUMN IF EXISTS public_domains`);
  }
}

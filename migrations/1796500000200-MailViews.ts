import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The agents' view of each inbound mail, computed once in the pipeline (mail_views), so the
 * workspace never parses a mail on a request; and the bookkeeping that makes a poison mail
 * end in quarantine instead of a crash loop: `strikes` counts parses that failed or never
 * finished (`parse_started_at` still set when the next attempt begins).
 */
export class MailViews1796500000200 implements MigrationInterface {
  name = 'MailViews1796500000200';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE inbound_mails ADD COLUMN parse_started_at timestamptz, ADD COLUMN strikes integer NOT NULL DEFAULT 0`);
    await q.query(`
      CREATE TABLE mail_views (
        inbound_mail_id bigint PRIMARY KEY REFERENCES inbound_mails(id) ON DELETE CASCADE,
        from_name text NOT NULL DEFAULT '',
        from_address text NOT NULL DEFAULT '',
        subject text NOT NULL DEFAULT '',
        sent_at timestamptz,
        text text NOT NULL DEFAULT '',
        new_text text NOT NULL DEFAULT '',
        html text,
        html_with_images text,
        remote_images integer NOT NULL DEFAULT 0,
        remote_origins text[] NOT NULL DEFAULT '{}',
        attachments jsonb NOT NULL DEFAULT '[]',
        warnings jsonb NOT NULL DEFAULT '[]',
        parse_error text,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS mail_views`);
    await q.query(`ALTER TABLE inbound_mails DROP COLUMN IF EXISTS parse_started_at, DROP COLUMN IF EXISTS strikes`);
  }
}

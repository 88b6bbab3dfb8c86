import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The help-centre catalogue (issue 16): articles with their URL, language, topics, a short
 * summary and keywords, suggested to customers in the automatic reply to a support question
 * and to agents in the ticket view (src/help/).
 *
 * - help_articles: one row per article and language; (url, language) is the key the CSV import
 *   upserts on, so importing the same file twice changes nothing.
 * - help_generation: a counter that statement triggers bump on every change to help_articles,
 *   in the same transaction, so each process's search index knows with one cheap read when to
 *   load the catalogue again (as registry_generation does for the registry). It starts at the
 *   clock in microseconds for the same reason: a schema made again never repeats a generation.
 * - outbox.help_articles: the articles an automatic reply listed (id, url, title, language,
 *   score), a snapshot that outlives an edit or deletion of the article, for agents and reports.
 */
export class HelpArticles1796500000500 implements MigrationInterface {
  name = 'HelpArticles1796500000500';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE help_articles (
        id serial PRIMARY KEY,
        url text NOT NULL,
        language text NOT NULL,
        title text NOT NULL,
        summary text NOT NULL DEFAULT '',
        topics text[] NOT NULL DEFAULT '{}',
        keywords text[] NOT NULL DEFAULT '{}',
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT help_articles_url_language_key UNIQUE (url, language),
        CONSTRAINT help_articles_language_check CHECK (language IN ('da', 'en')),
        CONSTRAINT help_articles_topics_check CHECK (topics <@ ARRAY['forms', 'invoicing', 'integrations', 'app', 'planning', 'time_registration', 'users_rights', 'reports', 'stock', 'customers', 'tasks', 'agreement', 'other']::text[]),
        CONSTRAINT help_articles_url_check CHECK (url ~ '^https?://')
      )`);
    await q.query(`
      CREATE TABLE help_generation (
        id integer PRIMARY KEY CHECK (id = 1),
        n bigint NOT NULL
      )`);
    await q.query(`INSERT INTO help_generation (id, n) VALUES (1, (extract(epoch FROM clock_timestamp()) * 1000000)::bigint)`);
    await q.query(`
      CREATE FUNCTION help_generation_bump() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        UPDATE help_generation SET n = n + 1 WHERE id = 1;
        RETURN NULL;
      END
      $$`);
    await q.query(`
      CREATE TRIGGER help_generation_bump AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON help_articles
        FOR EACH STATEMENT EXECUTE FUNCTION help_generation_bump()`);
    await q.query(`ALTER TABLE outbox ADD COLUMN help_articles jsonb NOT NULL DEFAULT '[]'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE outbox DROP COLUMN IF EXISTS help_articles`);
    await q.query(`DROP TRIGGER IF EXISTS help_generation_bump ON help_articles`);
    await q.query(`DROP FUNCTION IF EXISTS help_generation_bump()`);
    await q.query(`DROP TABLE IF EXISTS help_generation`);
    await q.query(`DROP TABLE IF EXISTS help_articles`);
  }
}

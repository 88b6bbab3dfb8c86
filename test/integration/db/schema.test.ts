import type { MigrationInterface, QueryRunner } from 'typeorm';
import { MIGRATIONS } from '../../../migrations';
import { createDataSource } from '../../../src/db/data-source';
import { describeSchema, pendingSchemaChanges, schemaDifferences } from '../../../src/db/schema-check';
import { createTestDatabase } from '../../support/db';

/**
 * One source of truth for the schema: the entities describe every table, key, check and index
 * the migrations build. See src/db/schema-check.ts for why there are two comparisons.
 */
// Each test creates and migrates one or two databases: seconds, more on a loaded machine.
describe('the entities and the migrations describe the same schema', () => {
  it('TypeORM finds nothing to change in a migrated database (migration:generate would write nothing)', async () => {
    const db = await createTestDatabase();
    try {
      expect(await pendingSchemaChanges(db.dataSource)).toEqual([]);
    } finally {
      await db.drop();
    }
  }, 60_000);

  it('PostgreSQL reports the same columns, constraints and indexes for the migrated database and one built from the entities alone', async () => {
    const migrated = await createTestDatabase();
    const fromEntities = await createTestDatabase({ migrated: false });
    try {
      await fromEntities.dataSource.synchronize();
      const a = await describeSchema(migrated.dataSource);
      const b = await describeSchema(fromEntities.dataSource);
      expect(schemaDifferences(a, b)).toEqual([]);
      // The comparison is not vacuous: every table, foreign key, check and partial index is in it.
      expect(a.filter((l) => l.startsWith('constraint ') && l.includes('FOREIGN KEY')).length).toBeGreaterThanOrEqual(19);
      expect(a.filter((l) => l.startsWith('constraint ') && l.includes('CHECK')).length).toBeGreaterThanOrEqual(12);
      expect(a).toContain("index tickets.ix_tickets_assigned CREATE INDEX ix_tickets_assigned ON public.tickets USING btree (assigned_user_id) WHERE (assigned_user_id IS NOT NULL)");
      expect(a.some((l) => l.startsWith('column login_failures.account_key'))).toBe(true);
      expect(a.some((l) => l.startsWith('constraint help_articles.help_articles_topics_check CHECK'))).toBe(true);
      expect(a).toContain("column outbox.help_articles jsonb NOT NULL DEFAULT '[]'");
      expect(a.some((l) => l.startsWith('constraint course_dates.course_dates_seats_left_check CHECK'))).toBe(true);
      expect(a.some((l) => l.startsWith('constraint course_bookings.course_bookings_ticket_id_course_date_id_key UNIQUE'))).toBe(true);
    } finally {
      await migrated.drop();
      await fromEntities.drop();
    }
  }, 60_000);

  it('both checks fail when a migration and the model disagree', async () => {
    // A later migration that the entities were not updated for: a new index, and a widened CHECK.
    class Drift implements MigrationInterface {
      name = 'Drift9999999999999';
      async up(q: QueryRunner): Promise<void> {
        await q.query(`CREATE INDEX ix_tickets_subject ON tickets (subject)`);
        await q.query(`ALTER TABLE users DROP CONSTRAINT users_language_check`);
        await q.query(`ALTER TABLE users ADD CONSTRAINT users_language_check CHECK (language IN ('da', 'en', 'de'))`);
      }
      async down(): Promise<void> {}
    }
    const db = await createTestDatabase({ migrated: false });
    const fromEntities = await createTestDatabase({ migrated: false });
    const drifted = createDataSource({ url: db.url, poolSize: 2 });
    drifted.setOptions({ migrations: [...MIGRATIONS, Drift] });
    await drifted.initialize();
    try {
      await drifted.runMigrations({ transaction: 'each' });
      await fromEntities.dataSource.synchronize();

      const pending = await pendingSchemaChanges(drifted);
      expect(pending).toEqual([`DROP INDEX "public"."ix_tickets_subject"`]);
      // TypeORM matches CHECKs by name only, so the widened one passes its check; PostgreSQL's does not.
      const differences = schemaDifferences(await describeSchema(drifted), await describeSchema(fromEntities.dataSource));
      expect(differences).toEqual(
        expect.arrayContaining([
          expect.stringMatching(/^- migrations: index tickets\.ix_tickets_subject /),
          expect.stringMatching(/^- migrations: constraint users\.users_language_check .*'de'/),
          expect.stringMatching(/^\+ entities: {3}constraint users\.users_language_check /),
        ]),
      );
      expect(differences).toHaveLength(3);
    } finally {
      await drifted.destroy();
      await db.drop();
      await fromEntities.drop();
    }
  }, 60_000);
});

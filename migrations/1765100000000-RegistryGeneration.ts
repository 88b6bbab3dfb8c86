import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The registry tables whose every change bumps the generation (all that registryFactsFor reads). */
const REGISTRY_TABLES = ['companies', 'agreements', 'support_contacts', 'contact_addresses'];

/**
 * A generation counter for the registry, so a process can keep it in memory and check with
 * one cheap query whether its copy is still current (src/contacts/registry.ts). Statement-level
 * triggers bump it in the same transaction as the change: a reader never sees a new
 * generation before the data that made it, and uncommitted changes are seen only by their own
 * transaction. It starts at the clock in microseconds, not 0, so a schema dropped and made
 * again under a running process never repeats a generation that process has cached.
 */
export class RegistryGeneration1765100000000 implements MigrationInterface {
  name = 'RegistryGeneration1765100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE registry_generation (
        id integer PRIMARY KEY CHECK (id = 1),
        n bigint NOT NULL
      )`);
    await q.query(`INSERT INTO registry_generation (id, n) VALUES (1, (extract(epoch FROM clock_timestamp()) * 1000000)::bigint)`);
    await q.query(`
      CREATE FUNCTION registry_generation_bump() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        UPDATE registry_generation SET n = n + 1 WHERE id = 1;
        RETURN NULL;
      END
      $$`);
    for (const t of REGISTRY_TABLES) {
      await q.query(`
        CREATE TRIGGER registry_generation_bump AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON ${t}
          FOR EACH STATEMENT EXECUTE FUNCTION registry_generation_bump()`);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of REGISTRY_TABLES) await q.query(`DROP TRIGGER IF EXISTS registry_generation_bump ON ${t}`);
    await q.query(`DROP FUNCTION IF EXISTS registry_generation_bump()`);
    await q.query(`DROP TABLE IF EXISTS registry_generation`);
  }
}

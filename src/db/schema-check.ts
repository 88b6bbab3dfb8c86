import type { DataSource } from 'typeorm';

/**
 * The schema has one description, the entities in src/db/entities; the migrations are how a
 * database gets there. Two checks keep them in step (test/integration/db/schema.test.ts):
 *
 * - `pendingSchemaChanges`: what TypeORM's own schema builder would change in a migrated
 *   database to make it match the entities, i.e. what `typeorm migration:generate` would
 *   write. It must be nothing.
 * - `describeSchema` + `schemaDifferences`: TypeORM compares constraints by name and ignores a
 *   CHECK's expression or an index's WHERE clause, so the test also builds a second database from
 *   the entities alone and compares what PostgreSQL itself reports for both: every column's
 *   type, nullability and default, every constraint's definition, every index's definition.
 *
 * Not described by entities, and so kept only in migrations: the registry_generation and
 * help_generation triggers and the ticket_reference_seq sequence.
 */

/** The SQL TypeORM would run to make the database match the entities. Empty when in step. */
export async function pendingSchemaChanges(ds: DataSource): Promise<string[]> {
  const log = await ds.driver.createSchemaBuilder().log();
  return log.upQueries.map((q) => q.query.trim());
}

/** One line per column, constraint and index of the public schema, as PostgreSQL renders it. */
export async function describeSchema(ds: DataSource): Promise<string[]> {
  const ignored = ['migrations', 'typeorm_metadata'];
  const columns: { table_name: string; column_name: string; data_type: string; udt_name: string; max: number | null; is_nullable: string; column_default: string | null }[] =
    await ds.query(
      `SELECT table_name, column_name, data_type, udt_name, character_maximum_length AS max, is_nullable, column_default
         FROM information_schema.columns
        WHERE table_schema = 'public' AND NOT (table_name = ANY($1))`,
      [ignored],
    );
  const constraints: { table_name: string; conname: string; def: string }[] = await ds.query(
    `SELECT c.conrelid::regclass::text AS table_name, c.conname, pg_get_constraintdef(c.oid) AS def
       FROM pg_constraint c
      WHERE c.connamespace = 'public'::regnamespace AND c.conrelid <> 0 AND NOT (c.conrelid::regclass::text = ANY($1))`,
    [ignored],
  );
  const indexes: { tablename: string; indexname: string; indexdef: string }[] = await ds.query(
    `SELECT tablename, indexname, indexdef FROM pg_indexes WHERE schemaname = 'public' AND NOT (tablename = ANY($1))`,
    [ignored],
  );
  return [
    ...columns.map(
      (c) =>
        `column ${c.table_name}.${c.column_name} ${c.data_type === 'ARRAY' ? c.udt_name : c.data_type}${c.max ? `(${c.max})` : ''}` +
        `${c.is_nullable === 'NO' ? ' NOT NULL' : ''}${c.column_default ? ` DEFAULT ${normaliseDefault(c.column_default)}` : ''}`,
    ),
    ...constraints.map((c) => `constraint ${c.table_name}.${c.conname} ${c.def}`),
    ...indexes.map((i) => `index ${i.tablename}.${i.indexname} ${i.indexdef}`),
  ].sort();
}

/**
 * Spellings of one default: `'{}'::text[]` and `'{}'`, `'0'::bigint` (how TypeORM writes a numeric
 * default) and `0` (how a migration does).
 */
function normaliseDefault(d: string): string {
  return d.replace(/^'(-?\d+)'::(bigint|integer)$/, '$1').replace(/::(text|jsonb|character varying)(\[\])?$/, '');
}

/** Lines only one side has, marked with the side ("- migrations" / "+ entities"). */
export function schemaDifferences(migrated: string[], fromEntities: string[]): string[] {
  const a = new Set(migrated);
  const b = new Set(fromEntities);
  return [...migrated.filter((l) => !b.has(l)).map((l) => `- migrations: ${l}`), ...fromEntities.filter((l) => !a.has(l)).map((l) => `+ entities:   ${l}`)];
}

/**
 * Helpers that let an entity state its CHECK constraints from the same constants the code uses,
 * so the vocabulary and the database cannot drift apart unnoticed (test/integration/db/schema).
 */
const quote = (v: string) => `'${v.replace(/'/g, "''")}'`;

/** `"column" IN ('a', 'b')`: Postgres stores it as `= ANY (ARRAY[...])`, as it does for the migration's spelling. */
export const oneOf = (column: string, values: readonly string[]): string => `"${column}" IN (${values.map(quote).join(', ')})`;

/**
 * TypeORM's postgres query() returns the rows for SELECT and INSERT, but `[rows, rowCount]`
 * for UPDATE and DELETE (also with RETURNING). This gives the rows either way.
 */
export function returnedRows<T = Record<string, unknown>>(result: unknown): T[] {
  if (Array.isArray(result) && result.length === 2 && Array.isArray(result[0]) && typeof result[1] === 'number') return result[0] as T[];
  return (result as T[]) ?? [];
}

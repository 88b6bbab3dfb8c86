/** Ticket references as the database makes them (src/domain/reference.ts has the format). */
/**
 * domain/reference.ts' formatReference as a SQL expression over the next ticket number, so the INSERT makes the
 * reference itself (one round trip). `prefixParam` is the placeholder holding the prefix.
 * Keep the two in step.
 */
export function nextReferenceSql(prefixParam: string): string {
  return `(SELECT ${prefixParam}::text || '-' || CASE WHEN length(n) < 6 THEN lpad(n, 6, '0') ELSE n END
             FROM (SELECT nextval('ticket_reference_seq')::text AS n) seq)`;
}

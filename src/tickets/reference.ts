/** Ticket references: `MB-000123`. Pure. */
export function formatReference(prefix: string, n: number | string): string {
  return `${prefix}-${String(n).padStart(6, '0')}`;
}

/**
 * formatReference as a SQL expression over the next ticket number, so the INSERT makes the
 * reference itself (one round trip). `prefixParam` is the placeholder holding the prefix.
 * Keep the two in step.
 */
export function nextReferenceSql(prefixParam: string): string {
  return `(SELECT ${prefixParam}::text || '-' || CASE WHEN length(n) < 6 THEN lpad(n, 6, '0') ELSE n END
             FROM (SELECT nextval('ticket_reference_seq')::text AS n) seq)`;
}

/** References found in a subject, e.g. "SV: [MB-000123] Faktura" → ["MB-000123"]. */
export function referencesInSubject(subject: string, prefix: string): string[] {
  const re = new RegExp(`\\b${prefix}-(\\d{6,})\\b`, 'g');
  return [...new Set([...subject.matchAll(re)].map((m) => `${prefix}-${m[1]}`))];
}

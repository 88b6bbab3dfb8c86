/** Ticket references: `MB-000123`. Pure. */
export function formatReference(prefix: string, n: number | string): string {
  return `${prefix}-${String(n).padStart(6, '0')}`;
}

/** References found in a subject, e.g. "SV: [MB-000123] Faktura" → ["MB-000123"]. */
export function referencesInSubject(subject: string, prefix: string): string[] {
  const re = new RegExp(`\\b${prefix}-(\\d{6,})\\b`, 'g');
  return [...new Set([...subject.matchAll(re)].map((m) => `${prefix}-${m[1]}`))];
}

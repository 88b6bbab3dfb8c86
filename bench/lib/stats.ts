/** Small numeric helpers for the benchmark report. */

/** Nearest-rank percentile (p in 0..100) of an unsorted array; NaN when empty. */
export function percentile(values: number[], p: number): number {
  if (!values.length) return NaN;
  const s = [...values].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * s.length);
  return s[Math.min(s.length - 1, Math.max(0, rank - 1))]!;
}

export function mean(values: number[]): number {
  return values.length ? values.reduce((a, b) => a + b, 0) / values.length : NaN;
}

/** Up to 3 decimals, no trailing zeros (the format of the final line). */
export function num3(x: number): string {
  if (!Number.isFinite(x)) return 'nan';
  return String(Math.round(x * 1000) / 1000);
}

/** `d` decimals; 'n/a' for NaN, ±Infinity and null (a figure that was not measured). */
export function fixed(x: number | null, d = 1): string {
  return x !== null && Number.isFinite(x) ? x.toFixed(d) : 'n/a';
}

export function table(rows: (string | number)[][], head: string[]): string {
  const all = [head, ...rows.map((r) => r.map(String))];
  const w = head.map((_, i) => Math.max(...all.map((r) => String(r[i] ?? '').length)));
  const line = (r: (string | number)[]) => r.map((c, i) => String(c).padEnd(w[i]!)).join('  ').trimEnd();
  return [line(head), w.map((n) => '-'.repeat(n)).join('  '), ...rows.map(line)].join('\n');
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

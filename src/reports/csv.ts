/**
 * CSV that a Danish Excel opens correctly by double-click: Excel guesses the encoding (the
 * UTF-8 BOM makes æøå come out right), takes the list separator from the Windows region
 * (";" in Denmark, because "," is the decimal sign) and reads "1,5" as one and a half.
 * Lines end in CRLF (RFC 4180).
 */
export const BOM = '\uFEFF';
export const SEPARATOR = ';';
export const EOL = '\r\n';

/** A number written with a fixed count of decimals, e.g. kroner with øre: 475,00. */
export interface Fixed {
  fixed: number;
  digits: number;
}
export const fixed = (value: number, digits = 2): Fixed => ({ fixed: value, digits });

export type CsvCell = string | number | boolean | null | undefined | Fixed;

/** Decimal comma, no thousands separator ("1425,5"), which Excel would otherwise misread. */
export function danishNumber(n: number, digits?: number): string {
  const s = digits === undefined ? String(n) : n.toFixed(digits);
  return s.replace('.', ',');
}

function cell(v: CsvCell): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') return danishNumber(v);
  if (typeof v === 'boolean') return v ? 'ja' : 'nej';
  if (typeof v === 'object') return danishNumber(v.fixed, v.digits);
  // Text from customers' mails (subjects, names) must not run as a formula when Excel opens
  // the file (CSV injection, OWASP): a leading = + - @ or tab is neutralised with a quote.
  const text = /^[=+\-@\t\r]/.test(v) ? `'${v}` : v;
  return /[;"\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function toDanishCsv(rows: CsvCell[][]): string {
  return BOM + rows.map((r) => r.map(cell).join(SEPARATOR)).join(EOL) + EOL;
}

import { parse } from 'csv-parse/sync';

/**
 * What every CSV import here shares (companies and contacts, help articles, the course calendar):
 * reading the records with their line numbers, and one error that names every bad line, so that a
 * file is imported whole or not at all. Pure.
 */
export interface CsvProblem {
  line: number;
  message: string;
}

export class CsvError extends Error {
  readonly code = 'CSV_INVALID';
  constructor(readonly file: string, readonly problems: CsvProblem[]) {
    super(`${file}: ${problems.map((p) => `line ${p.line}: ${p.message}`).join('; ')}`);
  }
}

export interface CsvRecord {
  /** The file's line the record starts on (1-based, counting the header, comments and blank lines). */
  line: number;
  /** Cells by lower-cased, trimmed header name. */
  row: Record<string, string>;
}

/**
 * The records of a CSV file with a header line. A byte-order mark is dropped, cells are trimmed,
 * blank lines skipped; with `comments`, lines starting with `#` are comments. Throws CsvError for
 * malformed CSV (naming the line csv-parse stopped at) or a header without the expected columns.
 */
export function readCsvRecords(text: string, file: string, columns: readonly string[], opts: { comments?: boolean } = {}): CsvRecord[] {
  const body = text.replace(/^\uFEFF/, '');
  let rows: { record: Record<string, string>; info: { lines: number } }[];
  try {
    rows = parse(body, {
      columns: (header: string[]) => header.map((h) => h.trim().toLowerCase()),
      ...(opts.comments ? { comment: '#', comment_no_infix: true } : {}),
      skip_empty_lines: true,
      trim: true,
      info: true,
      relax_column_count: false,
    });
  } catch (err) {
    const e = err as { lines?: number; message: string };
    throw new CsvError(file, [{ line: e.lines ?? 0, message: e.message }]);
  }
  if (rows.length) {
    const missing = columns.filter((c) => !(c in rows[0]!.record));
    if (missing.length) throw new CsvError(file, [{ line: headerLine(body, opts.comments ?? false), message: `missing column(s) ${missing.join(', ')}; expected ${columns.join(',')}` }]);
  }
  return rows.map((r) => ({ line: r.info.lines, row: r.record }));
}

/** The line of the header: the first that is neither empty nor (with comments) a comment. */
function headerLine(text: string, comments: boolean): number {
  return text.split(/\r?\n/).findIndex((l) => l.trim() !== '' && !(comments && l.startsWith('#'))) + 1;
}

/** RFC 4180 quoting for the files we write back: a field with a comma, quote, newline, leading `#` or outer space is quoted, quotes doubled. */
export function csvCell(v: string): string {
  return /[",\r\n]|^#|^\s|\s$/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

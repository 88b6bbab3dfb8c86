import { parse } from 'csv-parse/sync';
import { splitList, validateArticle, type HelpArticle, type HelpArticleInput } from './article';

/**
 * The help catalogue as CSV, the format `servicedesk kb import` reads and `kb export` writes:
 *
 *   url,language,title,topics,summary,keywords
 *
 * `topics` and `keywords` hold several values separated by `;`. Lines starting with `#` are
 * comments (the example catalogue says so at its top). Pure: reading validates every row and
 * throws one HelpCsvError naming each bad line, so nothing is half-imported.
 */
export const HELP_CSV_COLUMNS = ['url', 'language', 'title', 'topics', 'summary', 'keywords'] as const;

export interface HelpArticleRow extends HelpArticleInput {
  line: number;
}

export class HelpCsvError extends Error {
  readonly code = 'CSV_INVALID';
  constructor(readonly file: string, readonly problems: { line: number; message: string }[]) {
    super(`${file}: ${problems.map((p) => `line ${p.line}: ${p.message}`).join('; ')}`);
  }
}

export function readHelpArticlesCsv(text: string, file = 'help-articles.csv'): HelpArticleRow[] {
  let rows: { record: Record<string, string>; info: { lines: number } }[];
  try {
    rows = parse(text.replace(/^\uFEFF/, ''), {
      columns: (header: string[]) => header.map((h) => h.trim().toLowerCase()),
      comment: '#',
      comment_no_infix: true,
      skip_empty_lines: true,
      trim: true,
      info: true,
      relax_column_count: false,
    });
  } catch (err) {
    const e = err as { lines?: number; message: string };
    throw new HelpCsvError(file, [{ line: e.lines ?? 0, message: e.message }]);
  }
  const problems: { line: number; message: string }[] = [];
  if (rows.length) {
    const missing = HELP_CSV_COLUMNS.filter((c) => !(c in rows[0]!.record));
    if (missing.length) throw new HelpCsvError(file, [{ line: headerLine(text), message: `missing column(s) ${missing.join(', ')}; expected ${HELP_CSV_COLUMNS.join(',')}` }]);
  }
  const seen = new Map<string, number>();
  const out: HelpArticleRow[] = [];
  for (const { record, info } of rows) {
    const line = info.lines;
    const { article, problems: bad } = validateArticle({
      url: record.url ?? '',
      language: (record.language ?? '').toLowerCase(),
      title: record.title ?? '',
      summary: record.summary ?? '',
      topics: splitList((record.topics ?? '').toLowerCase()),
      keywords: splitList(record.keywords ?? ''),
    });
    for (const message of bad) problems.push({ line, message });
    if (!article) continue;
    const key = `${article.url}\u0000${article.language}`;
    if (seen.has(key)) problems.push({ line, message: `${article.url} (${article.language}) is already on line ${seen.get(key)}` });
    else seen.set(key, line);
    out.push({ line, ...article });
  }
  if (problems.length) throw new HelpCsvError(file, problems);
  return out;
}

/** The line of the header: the first that is neither empty nor a comment. */
function headerLine(text: string): number {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const i = lines.findIndex((l) => l.trim() !== '' && !l.startsWith('#'));
  return i + 1;
}

/** RFC 4180 quoting: a field with a comma, quote, newline or leading `#` is quoted, quotes doubled. */
function cell(v: string): string {
  return /[",\r\n]|^#|^\s|\s$/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

/** The catalogue as CSV (header + one line per article, ordered by language, then URL). Reads back with readHelpArticlesCsv. */
export function writeHelpArticlesCsv(articles: Pick<HelpArticle, 'url' | 'language' | 'title' | 'topics' | 'summary' | 'keywords'>[]): string {
  const sorted = [...articles].sort((a, b) => a.language.localeCompare(b.language) || a.url.localeCompare(b.url));
  const lines = [HELP_CSV_COLUMNS.join(',')];
  for (const a of sorted) lines.push([a.url, a.language, a.title, a.topics.join(';'), a.summary, a.keywords.join(';')].map(cell).join(','));
  return `${lines.join('\n')}\n`;
}

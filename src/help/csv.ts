import { CsvError, csvCell, readCsvRecords, type CsvProblem } from '../shared/csv';
import { splitList, validateArticle, type HelpArticle, type HelpArticleInput } from './article';

/**
 * The help catalogue as CSV, the format `servicedesk kb import` reads and `kb export` writes:
 *
 *   url,language,title,topics,summary,keywords
 *
 * `topics` and `keywords` hold several values separated by `;`. Lines starting with `#` are
 * comments (the example catalogue says so at its top). Pure: reading validates every row and
 * throws one CsvError naming each bad line, so nothing is half-imported.
 */
export const HELP_CSV_COLUMNS = ['url', 'language', 'title', 'topics', 'summary', 'keywords'] as const;

export interface HelpArticleRow extends HelpArticleInput {
  line: number;
}


export function readHelpArticlesCsv(text: string, file = 'help-articles.csv'): HelpArticleRow[] {
  const rows = readCsvRecords(text, file, HELP_CSV_COLUMNS, { comments: true });
  const problems: CsvProblem[] = [];
  const seen = new Map<string, number>();
  const out: HelpArticleRow[] = [];
  for (const { row: record, line } of rows) {
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
  if (problems.length) throw new CsvError(file, problems);
  return out;
}



/** The catalogue as CSV (header + one line per article, ordered by language, then URL). Reads back with readHelpArticlesCsv. */
export function writeHelpArticlesCsv(articles: Pick<HelpArticle, 'url' | 'language' | 'title' | 'topics' | 'summary' | 'keywords'>[]): string {
  const sorted = [...articles].sort((a, b) => a.language.localeCompare(b.language) || a.url.localeCompare(b.url));
  const lines = [HELP_CSV_COLUMNS.join(',')];
  for (const a of sorted) lines.push([a.url, a.language, a.title, a.topics.join(';'), a.summary, a.keywords.join(';')].map(csvCell).join(','));
  return `${lines.join('\n')}\n`;
}

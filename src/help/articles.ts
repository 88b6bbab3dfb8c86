import type { DataSource, EntityManager } from 'typeorm';
import { ActionError } from '../shared/errors';
import { returnedRows } from '../db/sql';
import { validateArticle, type HelpArticle, type HelpArticleInput } from './article';
import type { HelpArticleRow } from './csv';

/**
 * The help catalogue in PostgreSQL (help_articles): reads, the managers' edits and the CSV
 * import. Every write bumps help_generation through the table's trigger, so the search index
 * of every process (catalogue.ts) is reloaded at its next use.
 */
type Db = DataSource | EntityManager;

const COLUMNS = `id, url, language, title, summary, topics, keywords`;

/** The columns above, as PostgreSQL returns them (text[] arrives as an array). */
type Row = HelpArticle;
const toArticle = (r: Row): HelpArticle => ({ id: r.id, url: r.url, language: r.language, title: r.title, summary: r.summary, topics: r.topics, keywords: r.keywords });

export async function listArticles(db: Db): Promise<HelpArticle[]> {
  const rows: Row[] = await db.query(`SELECT ${COLUMNS} FROM help_articles ORDER BY language, lower(title), id`);
  return rows.map(toArticle);
}

export async function getArticle(db: Db, id: number): Promise<HelpArticle | null> {
  const [row]: Row[] = await db.query(`SELECT ${COLUMNS} FROM help_articles WHERE id = $1`, [id]);
  return row ? toArticle(row) : null;
}

export async function countArticles(db: Db): Promise<number> {
  const [{ n }] = await db.query(`SELECT count(*)::int AS n FROM help_articles`);
  return n;
}

/** Raw fields from a form or the API, as text or lists. */
export interface ArticleFields {
  url: string;
  language: string;
  title: string;
  summary?: string;
  topics: string[];
  keywords: string[];
}

function valid(f: ArticleFields): HelpArticleInput {
  const { article, problems } = validateArticle({ ...f, summary: f.summary ?? '', language: f.language.toLowerCase(), topics: f.topics.map((t) => t.toLowerCase()) });
  if (!article) throw new ActionError('INVALID', problems.join('; '));
  return article;
}

const DUPLICATE = '23505';
const isDuplicate = (err: unknown) => (err as { code?: string }).code === DUPLICATE || (err as { driverError?: { code?: string } }).driverError?.code === DUPLICATE;

export async function createArticle(db: Db, f: ArticleFields): Promise<HelpArticle> {
  const a = valid(f);
  try {
    const [row]: Row[] = await db.query(
      `INSERT INTO help_articles (url, language, title, summary, topics, keywords) VALUES ($1, $2, $3, $4, $5, $6) RETURNING ${COLUMNS}`,
      [a.url, a.language, a.title, a.summary, a.topics, a.keywords],
    );
    return toArticle(row!);
  } catch (err) {
    if (isDuplicate(err)) throw new ActionError('CONFLICT', `an article with ${a.url} in ${a.language} already exists`);
    throw err;
  }
}

export async function updateArticle(db: Db, id: number, f: ArticleFields): Promise<HelpArticle> {
  const a = valid(f);
  try {
    const [row] = returnedRows<Row>(await db.query(
      `UPDATE help_articles SET url = $2, language = $3, title = $4, summary = $5, topics = $6, keywords = $7, updated_at = now()
        WHERE id = $1 RETURNING ${COLUMNS}`,
      [id, a.url, a.language, a.title, a.summary, a.topics, a.keywords],
    ));
    if (!row) throw new ActionError('NOT_FOUND', `no help article ${id}`);
    return toArticle(row);
  } catch (err) {
    if (isDuplicate(err)) throw new ActionError('CONFLICT', `an article with ${a.url} in ${a.language} already exists`);
    throw err;
  }
}

export async function deleteArticle(db: Db, id: number): Promise<void> {
  const rows = returnedRows(await db.query(`DELETE FROM help_articles WHERE id = $1 RETURNING id`, [id]));
  if (!rows.length) throw new ActionError('NOT_FOUND', `no help article ${id}`);
}

export interface HelpImportResult {
  created: number;
  updated: number;
  unchanged: number;
}

const sameList = (a: string[], b: string[]) => a.length === b.length && a.every((v, i) => v === b[i]);

/**
 * Writes the rows in one transaction: all or none. Keyed by (url, language): a known article
 * is updated only when a field differs, so importing the same file twice changes nothing (and
 * does not even bump the generation). Articles not in the file are left alone.
 */
export async function importArticles(ds: DataSource, rows: HelpArticleRow[]): Promise<HelpImportResult> {
  return ds.transaction(async (tx) => {
    const result: HelpImportResult = { created: 0, updated: 0, unchanged: 0 };
    const existing: Row[] = await tx.query(`SELECT ${COLUMNS} FROM help_articles`);
    const byKey = new Map(existing.map((r) => [`${r.url}\u0000${r.language}`, r]));
    for (const a of rows) {
      const old = byKey.get(`${a.url}\u0000${a.language}`);
      if (!old) {
        await tx.query(`INSERT INTO help_articles (url, language, title, summary, topics, keywords) VALUES ($1, $2, $3, $4, $5, $6)`, [a.url, a.language, a.title, a.summary, a.topics, a.keywords]);
        result.created++;
      } else if (old.title !== a.title || old.summary !== a.summary || !sameList(old.topics, a.topics) || !sameList(old.keywords, a.keywords)) {
        await tx.query(`UPDATE help_articles SET title = $2, summary = $3, topics = $4, keywords = $5, updated_at = now() WHERE id = $1`, [old.id, a.title, a.summary, a.topics, a.keywords]);
        result.updated++;
      } else result.unchanged++;
    }
    return result;
  });
}

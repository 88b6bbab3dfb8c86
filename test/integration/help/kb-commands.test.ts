import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../../support/cli';
import { createTestDatabase } from '../../support/db';
import { ROOT } from '../../support/env';
import { readHelpArticlesCsv } from '../../../src/help/csv';
import { createArticle, deleteArticle, importArticles } from '../../../src/help/articles';
import { helpIndexFor } from '../../../src/help/catalogue';

jest.setTimeout(120_000);

/**
 * `servicedesk kb import|export` as the real binary (dist/, built by `npm test`) against a real
 * PostgreSQL: all or nothing, idempotent, and an export that imports back to the same catalogue.
 */
const EXAMPLE = join(ROOT, 'examples', 'help-articles.csv');
let db: Awaited<ReturnType<typeof createTestDatabase>>;
let dir: string;
const env = () => ({ DATABASE_URL: db.url, LOG_LEVEL: 'warn' });
const snapshot = async (ds = db.dataSource) => ds.query(`SELECT id, url, language, title, summary, topics, keywords, updated_at FROM help_articles ORDER BY id`);
const generation = async () => (await db.dataSource.query(`SELECT n::text AS n FROM help_generation`))[0].n as string;

beforeAll(async () => {
  db = await createTestDatabase();
  dir = mkdtempSync(join(tmpdir(), 'sd-kb-'));
});
afterAll(async () => {
  await db?.drop();
  rmSync(dir, { recursive: true, force: true });
});

it('a file with one bad row imports nothing and names the line', async () => {
  const lines = readFileSync(EXAMPLE, 'utf8').split('\n');
  const header = lines.findIndex((l) => l.startsWith('url,'));
  // The third article gets a language we do not answer in.
  const bad = [...lines];
  bad[header + 3] = bad[header + 3]!.replace(',da,', ',de,');
  const file = join(dir, 'bad.csv');
  writeFileSync(file, bad.join('\n'));
  const r = await runCli(['kb', 'import', file], env());
  expect(r.code).toBe(1);
  expect(r.stderr).toContain(`line ${header + 4}: language must be one of da, en`);
  expect(await snapshot()).toEqual([]);
});

it('a row the database refuses (past the file check) rolls back the rows before it', async () => {
  const ok = { url: 'https://help.microbizz.dk/eksempel/a', language: 'da' as const, title: 'A', summary: '', topics: [], keywords: [] };
  const refused = { ...ok, url: 'https://help.microbizz.dk/eksempel/b', topics: ['golf' as never] };
  await expect(importArticles(db.dataSource, [{ line: 2, ...ok }, { line: 3, ...refused }])).rejects.toThrow(/help_articles_topics_check/);
  expect(await snapshot()).toEqual([]);
});

it('imports the example catalogue; importing it again changes nothing, not even the generation', async () => {
  const first = await runCli(['kb', 'import', EXAMPLE], env());
  expect(first).toMatchObject({ code: 0 });
  const n = readHelpArticlesCsv(readFileSync(EXAMPLE, 'utf8')).length;
  expect(first.stdout).toBe(`help articles: ${n} created, 0 updated, 0 unchanged\n`);
  const before = await snapshot();
  const gen = await generation();
  expect(before).toHaveLength(n);

  const again = await runCli(['kb', 'import', EXAMPLE], env());
  expect(again.stdout).toBe(`help articles: 0 created, 0 updated, ${n} unchanged\n`);
  expect(await snapshot()).toEqual(before);
  expect(await generation()).toBe(gen);
});

it('a changed title updates that article (keyed by url + language) and leaves the others', async () => {
  const before = await snapshot();
  const file = join(dir, 'changed.csv');
  writeFileSync(file, readFileSync(EXAMPLE, 'utf8').replace('Opret en kreditnota på en faktura', 'Kreditnota: kreditér en faktura'));
  const r = await runCli(['kb', 'import', file], env());
  expect(r.stdout).toBe(`help articles: 0 created, 1 updated, ${before.length - 1} unchanged\n`);
  const after = await snapshot();
  const changed = after.filter((a: { title: string }, i: number) => a.title !== before[i].title);
  expect(changed.map((a: { url: string; title: string }) => [a.url, a.title])).toEqual([['https://help.microbizz.dk/eksempel/kreditnota', 'Kreditnota: kreditér en faktura']]);
});

it('export writes CSV that imports into an empty database as the same catalogue', async () => {
  const file = join(dir, 'export.csv');
  const exp = await runCli(['kb', 'export', file], env());
  expect(exp.code).toBe(0);
  const toStdout = await runCli(['kb', 'export'], env());
  expect(toStdout.stdout).toBe(readFileSync(file, 'utf8'));

  const other = await createTestDatabase();
  try {
    const imp = await runCli(['kb', 'import', file], { DATABASE_URL: other.url, LOG_LEVEL: 'warn' });
    expect(imp.code).toBe(0);
    const strip = (rows: Record<string, unknown>[]) => rows.map(({ id: _id, updated_at: _u, ...a }) => a).sort((a, b) => String(a.url).localeCompare(String(b.url)) || String(a.language).localeCompare(String(b.language)));
    expect(strip(await snapshot(other.dataSource))).toEqual(strip(await snapshot()));
  } finally {
    await other.drop();
  }
});

it("the search index follows the catalogue: an edit is seen at the next use, and an unchanged catalogue keeps its index", async () => {
  const q = { subject: 'Vandmåler', text: 'Hvordan aflæser jeg en vandmåler og registrerer målerstanden på opgaven?', language: 'da' as const, topic: null };
  const first = await helpIndexFor(db.dataSource);
  expect(first.suggest(q)).toEqual([]);
  expect(await helpIndexFor(db.dataSource)).toBe(first);
  const a = await createArticle(db.dataSource, { url: 'https://help.microbizz.dk/eksempel/maaleraflaesning', language: 'da', title: 'Aflæs en vandmåler og registrér målerstanden', summary: 'Målerstand på opgaven.', topics: ['tasks'], keywords: ['vandmåler', 'målerstand', 'aflæsning', 'aflæse'] });
  const second = await helpIndexFor(db.dataSource);
  expect(second).not.toBe(first);
  expect(second.suggest(q).map((s) => s.article.id)).toEqual([a.id]);
  await deleteArticle(db.dataSource, a.id);
  expect((await helpIndexFor(db.dataSource)).suggest(q)).toEqual([]);
});

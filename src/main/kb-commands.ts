import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import type { Config } from '../config/schema';
import { readHelpArticlesCsv, writeHelpArticlesCsv } from '../help/csv';
import { countArticles, importArticles, listArticles } from '../help/articles';
import { buildHelpIndex } from '../help/search';
import { createClassifier } from '../pipeline/classify/classifier';
import { evaluateKbDir, formatKbReport } from '../training/kb-eval';
import { commandProgress } from './progress';
import { UsageError } from '../shared/errors';
import { out, readInputFile, withDb } from './command-io';
import type { Database } from '../db/open';

/**
 * `servicedesk kb import|export|eval`: the help-centre catalogue (src/help/). Wiring only.
 * Registered from cli.ts; `config` is a function so that `--help` needs no configuration.
 */
/** The example catalogue the embedded default loads into an empty catalogue. */
export const EXAMPLE_ARTICLES = resolve(__dirname, '../../../examples/help-articles.csv');



export async function kbImport(config: Config, file: string): Promise<void> {
  // The whole file is read and validated before the database is touched: one bad row, nothing imported.
  const rows = readHelpArticlesCsv(readInputFile(file), file);
  await withDb(config, async (db) => {
    const r = await importArticles(db.dataSource, rows);
    out(`help articles: ${r.created} created, ${r.updated} updated, ${r.unchanged} unchanged`);
  });
}

export async function kbExport(config: Config, file: string | undefined): Promise<void> {
  await withDb(config, async (db) => {
    const csv = writeHelpArticlesCsv(await listArticles(db.dataSource));
    if (!file) return void process.stdout.write(csv);
    writeFileSync(file, csv, 'utf8');
    process.stderr.write(`written to ${resolve(file)}\n`);
  });
}

/** The embedded default: the example catalogue, only while the catalogue is empty. */
export async function loadExampleArticlesIfEmpty(db: Database): Promise<void> {
  if (!existsSync(EXAMPLE_ARTICLES) || (await countArticles(db.dataSource)) > 0) return;
  const r = await importArticles(db.dataSource, readHelpArticlesCsv(readFileSync(EXAMPLE_ARTICLES, 'utf8'), EXAMPLE_ARTICLES));
  out(`help articles: ${r.created} example articles loaded (examples/help-articles.csv)`);
}

interface EvalOpts {
  articles: string;
  minScore?: string;
  json?: boolean;
}

export async function kbEval(config: Config, dir: string, o: EvalOpts): Promise<void> {
  if (!existsSync(dir)) throw new UsageError(`no such folder: ${dir}`);
  const minScore = o.minScore === undefined ? config.HELP_MIN_SCORE : Number(o.minScore);
  if (!Number.isFinite(minScore) || minScore < 0) throw new UsageError(`--min-score: not a number ≥ 0: ${o.minScore}`);
  const rows = readHelpArticlesCsv(readInputFile(o.articles), o.articles);
  const index = buildHelpIndex(rows.map((r, i) => ({ ...r, id: i + 1 })));
  const classifier = createClassifier(undefined, { abstainBelow: config.CLASSIFIER_ABSTAIN_BELOW });
  const progress = commandProgress({ json: o.json });
  let result;
  try {
    let started = false;
    result = await evaluateKbDir(dir, index, classifier, { minScore }, (total) => {
      if (!started) progress.phase('mails', total);
      started = true;
      progress.tick();
    });
  } finally {
    progress.done();
  }
  if (o.json) return out(JSON.stringify({ minScore, top3: result.top3, noneCorrect: result.noneCorrect, n: result.mails.length, mails: result.mails }, null, 2));
  out(`articles=${index.size} (${o.articles}) min_score=${minScore}`);
  for (const line of formatKbReport(result)) out(line);
}

export function registerKbCommands(program: Command, config: () => Config): void {
  const kb = program.command('kb').description('the help-centre catalogue: import, export, evaluate the suggestions');
  kb.command('import <file>')
    .description('import articles from CSV (url,language,title,topics,summary,keywords); all rows or none; keyed by url+language')
    .action(async (file: string) => kbImport(config(), file));
  kb.command('export [file]')
    .description('write the catalogue as CSV (to stdout without FILE); reads back with kb import')
    .action(async (file: string | undefined) => kbExport(config(), file));
  kb.command('eval <dir>')
    .description('measure the suggestions on DIR/labels.csv (file,language,article) + DIR/mails/*.eml; last line kb_top3=… kb_none_correct=… n=N')
    .option('--articles <file>', 'the catalogue to search (CSV)', EXAMPLE_ARTICLES)
    .option('--min-score <n>', 'relevance threshold (default HELP_MIN_SCORE)')
    .option('--json', 'machine-readable output')
    .action(async (dir: string, o: EvalOpts) => kbEval(config(), dir, o));
}

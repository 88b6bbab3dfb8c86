/**
 * Evaluation. The metric code itself is pure (metrics.ts, re-exported here); evaluateDir
 * reads a labelled directory (DIR/labels.csv with columns file,category,language,… and
 * DIR/mails/*.eml), parses every mail with the production parser, classifies it and returns
 * the metrics plus language accuracy and the cost-sensitive counts (humans → noise,
 * error → training). `servicedesk eval DIR` prints `report` (last line:
 * `macro_f1=0.xxx accuracy=0.xxx n=N`).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CATEGORIES, type Category, type Language } from '../domain/vocabulary';
import { parseMail } from '../pipeline/parse/parse-mail';
import { createClassifier, type Classifier } from '../pipeline/classify/classifier';
import { computeMetrics, formatReport, type Metrics } from './metrics';
import { toClassifierInput } from '../pipeline/classify/input';
import type { Classification } from '../pipeline/classify/types';

export { computeMetrics, formatReport, type ClassMetrics, type Metrics } from './metrics';

/** Minimal RFC 4180 CSV parser (quoted fields, doubled quotes, CRLF/LF). */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  let i = 0;
  const s = text.replace(/^\uFEFF/, '');
  while (i < s.length) {
    const ch = s[i]!;
    if (quoted) {
      if (ch === '"') {
        if (s[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        quoted = false;
        i++;
        continue;
      }
      field += ch;
      i++;
      continue;
    }
    if (ch === '"' && field === '') {
      quoted = true;
      i++;
    } else if (ch === ',') {
      row.push(field);
      field = '';
      i++;
    } else if (ch === '\r' || ch === '\n') {
      row.push(field);
      field = '';
      if (row.length > 1 || row[0] !== '') rows.push(row);
      row = [];
      i += ch === '\r' && s[i + 1] === '\n' ? 2 : 1;
    } else {
      field += ch;
      i++;
    }
  }
  if (field !== '' || row.length) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

export interface LabelRow {
  file: string;
  category: Category;
  language: Language | null;
  [column: string]: string | null;
}

export function readLabels(csvText: string, where = 'labels.csv'): LabelRow[] {
  const rows = parseCsv(csvText);
  if (rows.length === 0) throw new Error(`${where}: empty`);
  const header = rows[0]!.map((h) => h.trim());
  const fi = header.indexOf('file');
  const ci = header.indexOf('category');
  const li = header.indexOf('language');
  if (fi < 0 || ci < 0) throw new Error(`${where}: needs the columns file and category`);
  return rows.slice(1).map((r, n) => {
    const cat = (r[ci] ?? '').trim();
    if (!(CATEGORIES as readonly string[]).includes(cat)) throw new Error(`${where}:${n + 2}: unknown category "${cat}"`);
    const lang = li >= 0 ? (r[li] ?? '').trim() : '';
    const out: LabelRow = {
      file: (r[fi] ?? '').trim(),
      category: cat as Category,
      language: lang === 'da' || lang === 'en' ? lang : null,
    };
    header.forEach((h, k) => {
      if (!(h in out)) out[h] = r[k] ?? null;
    });
    return out;
  });
}

export interface EvaluatedMail {
  file: string;
  gold: Category;
  goldLanguage: Language | null;
  result: Classification;
  /** Time to classify (not parse), in milliseconds, on the second (warm) pass. */
  ms: number;
}

export interface DirEvaluation {
  metrics: Metrics<Category>;
  /** Share of mails with a gold language whose detected language matches; null if none. */
  languageAccuracy: number | null;
  /** Gold non-noise mails classified as noise (must be 0). */
  humansAsNoise: number;
  /** Gold error mails classified as training (must be 0). */
  errorAsTraining: number;
  errorRecall: number;
  medianMs: number;
  p95Ms: number;
  mails: EvaluatedMail[];
  report: string;
}

/** Metrics + cost-sensitive counts for a list of evaluated mails. Pure. */
export function summarize(mails: EvaluatedMail[]): DirEvaluation {
  const metrics = computeMetrics(
    mails.map((m) => m.gold),
    mails.map((m) => m.result.category),
    [...CATEGORIES],
  );
  const withLang = mails.filter((m) => m.goldLanguage !== null);
  const languageAccuracy = withLang.length ? withLang.filter((m) => m.result.language === m.goldLanguage).length / withLang.length : null;
  const humansAsNoise = mails.filter((m) => m.gold !== 'noise' && m.result.category === 'noise').length;
  const errorAsTraining = mails.filter((m) => m.gold === 'error' && m.result.category === 'training').length;
  const times = mails.map((m) => m.ms).sort((a, b) => a - b);
  const medianMs = times.length ? (times[(times.length - 1) >> 1]! + times[times.length >> 1]!) / 2 : 0;
  const p95Ms = times.length ? times[Math.min(times.length - 1, Math.ceil(0.95 * times.length) - 1)]! : 0;
  const extra = [
    `language_accuracy=${languageAccuracy === null ? 'n/a' : languageAccuracy.toFixed(3)}`,
    `error_recall=${metrics.perClass.error.recall.toFixed(3)} humans_as_noise=${humansAsNoise} error_as_training=${errorAsTraining}`,
    `median_classify_ms=${medianMs.toFixed(3)} p95_classify_ms=${p95Ms.toFixed(3)}`,
  ];
  return {
    metrics,
    languageAccuracy,
    humansAsNoise,
    errorAsTraining,
    errorRecall: metrics.perClass.error.recall,
    medianMs,
    p95Ms,
    mails,
    report: formatReport(metrics, extra),
  };
}

/** Reads DIR/labels.csv and DIR/mails/*.eml, parses, classifies and measures. `onMail` hears after each mail (progress). */
export async function evaluateDir(dir: string, classifier: Classifier = createClassifier(), onMail?: (done: number, total: number) => void): Promise<DirEvaluation> {
  const labelsFile = path.join(dir, 'labels.csv');
  const labels = readLabels(fs.readFileSync(labelsFile, 'utf8'), labelsFile);
  const inputs = [];
  for (const row of labels) inputs.push({ row, input: toClassifierInput(await parseMail(fs.readFileSync(path.join(dir, 'mails', row.file)))) });
  // One untimed pass first: a worker classifies with warm (JIT-compiled) code, so the times
  // reported are those of the second pass, as in production. Classification is deterministic.
  for (const { input } of inputs) classifier.classify(input);
  const mails: EvaluatedMail[] = [];
  for (const { row, input } of inputs) {
    const t0 = process.hrtime.bigint();
    const result = classifier.classify(input);
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    mails.push({ file: row.file, gold: row.category, goldLanguage: row.language, result, ms });
    onMail?.(mails.length, labels.length);
  }
  return summarize(mails);
}

import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import type { Language, Topic } from '../domain/vocabulary';
import { parseMail } from '../pipeline/parse/parse-mail';
import { toClassifierInput } from '../pipeline/classify/input';
import type { Classification, ClassifierInput } from '../pipeline/classify/types';
import type { HelpIndex, SuggestOptions } from '../help/search';

/**
 * `servicedesk kb eval DIR`: how well the help search answers mails, on a labelled set
 * (DIR/labels.csv `file,language,article` + DIR/mails/*.eml; `article` is the URL of the
 * article that answers the mail, empty when none does). Each mail goes through the real parser
 * and classifier (for its language and topic), then through the same suggest() the reply uses.
 *
 *   kb_top3         share of mails with an article whose article is among those offered (≤ 3)
 *   kb_none_correct share of mails with no article for which nothing is offered
 */
export interface KbLabel {
  file: string;
  language: Language | null;
  article: string | null;
}

export function readKbLabels(text: string): KbLabel[] {
  const rows: Record<string, string>[] = parse(text.replace(/^\uFEFF/, ''), { columns: true, skip_empty_lines: true, trim: true, comment: '#' });
  return rows.map((r, i) => {
    if (!r.file) throw new Error(`labels.csv line ${i + 2}: file is empty`);
    const lang = (r.language ?? '').toLowerCase();
    return { file: r.file, language: lang === 'da' || lang === 'en' ? lang : null, article: r.article ? r.article : null };
  });
}

export interface KbMailOutcome {
  file: string;
  gold: string | null;
  language: Language;
  topic: Topic | null;
  offered: { url: string; score: number }[];
  /** The gold article's place in the unthresholded ranking (1 = first), null when not ranked at all. */
  goldRank: number | null;
  goldScore: number | null;
  correct: boolean;
}

export interface KbEvalResult {
  mails: KbMailOutcome[];
  withArticle: number;
  top3: number;
  withoutArticle: number;
  noneCorrect: number;
}

/** One mail, already read: what suggest() offers and whether that is right. Pure. */
export function judgeMail(index: HelpIndex, m: { file: string; gold: string | null; subject: string; text: string; language: Language; topic: Topic | null }, options?: Partial<SuggestOptions>): KbMailOutcome {
  const q = { subject: m.subject, text: m.text, language: m.language, topic: m.topic };
  const offered = index.suggest(q, options).map((s) => ({ url: s.article.url, score: s.score }));
  const ranked = index.rank(q);
  const at = m.gold ? ranked.findIndex((s) => s.article.url === m.gold) : -1;
  return {
    file: m.file,
    gold: m.gold,
    language: m.language,
    topic: m.topic,
    offered,
    goldRank: at >= 0 ? at + 1 : null,
    goldScore: at >= 0 ? ranked[at]!.score : null,
    correct: m.gold ? offered.some((o) => o.url === m.gold) : offered.length === 0,
  };
}

export function summarise(mails: KbMailOutcome[]): KbEvalResult {
  const withArticle = mails.filter((m) => m.gold);
  const without = mails.filter((m) => !m.gold);
  return {
    mails,
    withArticle: withArticle.length,
    top3: withArticle.length ? withArticle.filter((m) => m.correct).length / withArticle.length : 0,
    withoutArticle: without.length,
    noneCorrect: without.length ? without.filter((m) => m.correct).length / without.length : 0,
  };
}

/** Reads DIR, runs every mail through parser, classifier and suggest(). */
export async function evaluateKbDir(
  dir: string,
  index: HelpIndex,
  classifier: { classify(input: ClassifierInput): Classification },
  options?: Partial<SuggestOptions>,
  onMail?: (total: number) => void,
): Promise<KbEvalResult> {
  const labelsFile = join(dir, 'labels.csv');
  if (!existsSync(labelsFile)) throw Object.assign(new Error(`${labelsFile} does not exist`), { code: 'USAGE' });
  const out: KbMailOutcome[] = [];
  const labels = readKbLabels(readFileSync(labelsFile, 'utf8'));
  for (const l of labels) {
    const parsed = await parseMail(readFileSync(join(dir, 'mails', l.file)));
    const c = classifier.classify(toClassifierInput(parsed));
    out.push(judgeMail(index, { file: l.file, gold: l.article, subject: parsed.subject, text: parsed.newText, language: c.language, topic: c.topic }, options));
    onMail?.(labels.length);
  }
  return summarise(out);
}

export const formatScore = (n: number): string => n.toFixed(2);

/** Per-mail lines, then the summary line `kb_top3=… kb_none_correct=… n=N`. */
export function formatKbReport(r: KbEvalResult): string[] {
  const lines: string[] = [];
  const short = (u: string | null) => (u ? u.replace(/^https?:\/\/[^/]+/, '') : '-');
  for (const m of r.mails) {
    const offered = m.offered.length ? m.offered.map((o) => `${short(o.url)}(${formatScore(o.score)})`).join(' ') : 'none';
    const rank = m.gold ? ` gold_rank=${m.goldRank ?? '-'}${m.goldScore !== null ? ` gold_score=${formatScore(m.goldScore)}` : ''}` : '';
    lines.push(`${m.correct ? 'ok  ' : 'MISS'} ${m.file} lang=${m.language} topic=${m.topic ?? '-'} gold=${short(m.gold)} offered=${offered}${rank}`);
  }
  lines.push(`with_article=${r.withArticle} top3_hits=${Math.round(r.top3 * r.withArticle)} without_article=${r.withoutArticle} none_correct=${Math.round(r.noneCorrect * r.withoutArticle)}`);
  lines.push(`kb_top3=${r.top3.toFixed(2)} kb_none_correct=${r.noneCorrect.toFixed(2)} n=${r.mails.length}`);
  return lines;
}

import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import type { Config } from '../config/schema';
import { createClassifier } from '../pipeline/classify/classifier';
import { evaluateDir, readLabels } from '../training/evaluate';
import { publicDomainWarnings, readCompaniesCsv, readContactsCsv } from '../contacts/csv';
import { memoryRegistry } from '../contacts/memory-registry';
import { matchSender } from '../pipeline/match/match-sender';
import { detectAutomatic } from '../pipeline/parse/automatic';
import { parseMail } from '../pipeline/parse/parse-mail';
import { NO_PROGRESS, type Progress } from '../shared/progress';

/**
 * `servicedesk eval DIR`: the classifier's per-class precision/recall/F1 and confusion
 * matrix on DIR/labels.csv + DIR/mails; with DIR/companies.csv and DIR/contacts.csv also
 * sender-status accuracy. The last line is always `macro_f1=… accuracy=… n=N`.
 */
export async function evaluateCommand(config: Config, dir: string, json: boolean, out: (s: string) => void, progress: Progress = NO_PROGRESS): Promise<void> {
  const classifier = createClassifier(undefined, { abstainBelow: config.CLASSIFIER_ABSTAIN_BELOW });
  let started = false;
  const result = await evaluateDir(dir, classifier, (_done, total) => {
    if (!started) progress.phase('classifying mails', total);
    started = true;
    progress.tick();
  });
  const sender = await senderStatusAccuracy(dir, progress);
  if (json) {
    const { mails, report, ...rest } = result;
    out(JSON.stringify({ ...rest, senderStatus: sender, mails: mails.map((m) => ({ file: m.file, gold: m.gold, predicted: m.result.category, confidence: m.result.confidence })) }, null, 2));
    return;
  }
  const lines = result.report.trimEnd().split('\n');
  const last = lines.pop()!;
  for (const l of lines) out(l);
  if (sender) {
    out(`sender_status_accuracy=${sender.accuracy.toFixed(3)} (${sender.correct}/${sender.n})`);
    for (const m of sender.misses) out(`  sender status: ${m.file} gold=${m.gold} predicted=${m.predicted}`);
  }
  out(last);
}

interface SenderAccuracy {
  accuracy: number;
  correct: number;
  n: number;
  misses: { file: string; gold: string; predicted: string }[];
}

/** Sender status as the pipeline decides it: automatic mail first, then the registry. */
async function senderStatusAccuracy(dir: string, progress: Progress): Promise<SenderAccuracy | null> {
  const companiesFile = join(dir, 'companies.csv');
  const contactsFile = join(dir, 'contacts.csv');
  if (!existsSync(companiesFile) || !existsSync(contactsFile)) return null;
  const companies = readCompaniesCsv(readFileSync(companiesFile, 'utf8'), companiesFile);
  // On stderr: stdout's last line is the metrics line scripts read, and --json must stay JSON.
  for (const w of publicDomainWarnings(companies, companiesFile)) process.stderr.write(`warning: ${w}\n`);
  const lookup = memoryRegistry(companies, readContactsCsv(readFileSync(contactsFile, 'utf8'), contactsFile));
  const raw = readFileSync(join(dir, 'labels.csv'), 'utf8');
  const labels = readLabels(raw);
  const statusByFile = senderStatusColumn(raw);
  const misses: SenderAccuracy['misses'] = [];
  let n = 0;
  progress.phase('matching senders', labels.filter((row) => statusByFile.has(row.file)).length);
  for (const row of labels) {
    const gold = statusByFile.get(row.file);
    if (!gold) continue;
    n++;
    progress.tick();
    const parsed = await parseMail(readFileSync(join(dir, 'mails', row.file)));
    const address = parsed.from?.address ?? '';
    const predicted = detectAutomatic(parsed).automatic
      ? 'automated'
      : matchSender(address, lookup(address), { forged: false, day: new Date().toISOString().slice(0, 10) }).status;
    if (predicted !== gold) misses.push({ file: row.file, gold, predicted });
  }
  if (!n) return null;
  return { accuracy: (n - misses.length) / n, correct: n - misses.length, n, misses };
}

function senderStatusColumn(csv: string): Map<string, string> {
  const rows: Record<string, string>[] = parse(csv.replace(/^\uFEFF/, ''), { columns: true, skip_empty_lines: true, trim: true });
  return new Map(rows.filter((r) => r.sender_status).map((r) => [r.file, r.sender_status]));
}

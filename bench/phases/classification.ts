/**
 * Phase 1, classification: how long the classifier takes per mail, in this process, apart
 * from everything else the worker does. Each corpus mail is parsed with parseMail (timed too,
 * for comparison), then classified; only the classify call counts against the target
 * (median < 5 ms). Its share of the worker's time shows up again in the CPU profile.
 */
import { performance } from 'node:perf_hooks';
import { createClassifier } from '../../src/pipeline/classify/classifier';
import type { ClassifierInput } from '../../src/pipeline/classify/types';
import { parseMail } from '../../src/pipeline/parse/parse-mail';
import { progress } from '../lib/context';
import type { BenchMail } from '../lib/corpus';
import { mean, percentile } from '../lib/stats';

export interface ClassificationResult {
  /** Mails classified (those that parsed). */
  n: number;
  medianMs: number;
  p95Ms: number;
  p99Ms: number;
  maxMs: number;
  meanMs: number;
  /** Mails per category the classifier chose. */
  categories: Record<string, number>;
  parseMedianMs: number;
  parseP95Ms: number;
  parseFailures: number;
}

export async function classificationPhase(corpus: BenchMail[]): Promise<ClassificationResult> {
  progress(`classification: parsing and classifying ${corpus.length} mails in-process`);
  const classifier = createClassifier(undefined, { abstainBelow: 0.5 });
  const inputs: ClassifierInput[] = [];
  const parseMs: number[] = [];
  let parseFailures = 0;
  for (const m of corpus) {
    const t = performance.now();
    try {
      const p = await parseMail(m.raw);
      parseMs.push(performance.now() - t);
      inputs.push({
        subject: p.subject,
        newText: p.newText,
        headers: p.headers,
        fromAddress: p.from?.address ?? '',
        contentType: p.contentType,
        attachmentNames: p.attachments.map((a) => a.filename),
      });
    } catch {
      parseFailures++;
    }
  }
  // Warm-up (JIT) on a slice, untimed; then every mail once, timed.
  for (const i of inputs.slice(0, 200)) classifier.classify(i);
  const ms: number[] = [];
  const cats: Record<string, number> = {};
  for (const i of inputs) {
    const t = performance.now();
    const c = classifier.classify(i);
    ms.push(performance.now() - t);
    cats[c.category] = (cats[c.category] ?? 0) + 1;
  }
  return {
    n: ms.length,
    medianMs: percentile(ms, 50),
    p95Ms: percentile(ms, 95),
    p99Ms: percentile(ms, 99),
    maxMs: Math.max(...ms),
    meanMs: mean(ms),
    categories: cats,
    parseMedianMs: percentile(parseMs, 50),
    parseP95Ms: percentile(parseMs, 95),
    parseFailures,
  };
}

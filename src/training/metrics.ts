/**
 * Pure classification metrics: per-class precision/recall/F1, confusion matrix, macro-F1,
 * accuracy, and a plain-text report whose LAST line is exactly
 * `macro_f1=0.xxx accuracy=0.xxx n=N`.
 *
 * Conventions: precision of a class never predicted is 0 (and so is its F1); macro-F1
 * averages over the classes passed in `labels` that occur in the gold labels or the
 * predictions (a class absent from both is left out rather than counted as 0 or 1).
 */

export interface ClassMetrics {
  precision: number;
  recall: number;
  f1: number;
  /** Number of gold examples of the class. */
  support: number;
  tp: number;
  fp: number;
  fn: number;
}

export interface Metrics<L extends string = string> {
  labels: L[];
  perClass: Record<L, ClassMetrics>;
  /** confusion[gold][predicted] = count */
  confusion: Record<L, Record<L, number>>;
  macroF1: number;
  accuracy: number;
  n: number;
}

export function computeMetrics<L extends string>(gold: readonly L[], pred: readonly L[], labels: readonly L[]): Metrics<L> {
  if (gold.length !== pred.length) throw new Error(`computeMetrics: ${gold.length} gold labels but ${pred.length} predictions`);
  const known = new Set<string>(labels);
  for (const l of [...gold, ...pred]) if (!known.has(l)) throw new Error(`computeMetrics: unknown label "${l}"`);
  const confusion = {} as Record<L, Record<L, number>>;
  for (const g of labels) {
    confusion[g] = {} as Record<L, number>;
    for (const p of labels) confusion[g][p] = 0;
  }
  let correct = 0;
  for (let i = 0; i < gold.length; i++) {
    confusion[gold[i]!][pred[i]!]++;
    if (gold[i] === pred[i]) correct++;
  }
  const perClass = {} as Record<L, ClassMetrics>;
  let f1Sum = 0;
  let counted = 0;
  for (const c of labels) {
    const tp = confusion[c][c];
    let fp = 0;
    let fn = 0;
    for (const o of labels) {
      if (o === c) continue;
      fp += confusion[o][c];
      fn += confusion[c][o];
    }
    const precision = tp + fp > 0 ? tp / (tp + fp) : 0;
    const recall = tp + fn > 0 ? tp / (tp + fn) : 0;
    const f1 = precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0;
    perClass[c] = { precision, recall, f1, support: tp + fn, tp, fp, fn };
    if (tp + fn + fp > 0) {
      f1Sum += f1;
      counted++;
    }
  }
  return {
    labels: [...labels],
    perClass,
    confusion,
    macroF1: counted > 0 ? f1Sum / counted : 0,
    accuracy: gold.length > 0 ? correct / gold.length : 0,
    n: gold.length,
  };
}

const f3 = (v: number): string => v.toFixed(3);

/** A fixed-width text report; the last line is `macro_f1=0.xxx accuracy=0.xxx n=N`. */
export function formatReport<L extends string>(m: Metrics<L>, extraLines: string[] = []): string {
  const w = Math.max(9, ...m.labels.map((l) => l.length)) + 2;
  const lines: string[] = [];
  lines.push('class'.padEnd(w) + 'precision  recall     f1  support');
  for (const c of m.labels) {
    const r = m.perClass[c];
    lines.push(
      c.padEnd(w) + f3(r.precision).padStart(9) + f3(r.recall).padStart(8) + f3(r.f1).padStart(7) + String(r.support).padStart(9),
    );
  }
  lines.push('');
  lines.push('confusion (rows = gold, columns = predicted)');
  const cw = Math.max(6, ...m.labels.map((l) => Math.min(l.length, 8) + 1));
  lines.push(''.padEnd(w) + m.labels.map((l) => l.slice(0, 8).padStart(cw)).join(''));
  for (const g of m.labels) lines.push(g.padEnd(w) + m.labels.map((p) => String(m.confusion[g][p]).padStart(cw)).join(''));
  if (extraLines.length) {
    lines.push('');
    lines.push(...extraLines);
  }
  lines.push(`macro_f1=${f3(m.macroF1)} accuracy=${f3(m.accuracy)} n=${m.n}`);
  return lines.join('\n');
}

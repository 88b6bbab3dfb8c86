/**
 * Training: multinomial logistic regression (softmax) with L2 over hashed features, fitted by
 * full-batch L-BFGS (deterministic: no sampling at all; the only randomness is the seeded
 * fold assignment of cross-validation), with balanced class weights; and complement naive
 * Bayes (Rennie et al. 2003). The shipped model is an ensemble of both (DEFAULT_MEMBERS).
 *
 * Calibration: temperature scaling. Each member's temperature, and then the ensemble's, is
 * fitted (golden-section search on log T, minimising the negative log-likelihood) on
 * out-of-fold logits from stratified k-fold cross-validation over the TRAINING data, then
 * applied to the members trained on all of it.
 *
 * Pure: no file or clock access here (the caller loads data and writes the model file).
 */
import { createHash } from 'node:crypto';
import { CATEGORIES, type Category, type Language } from '../domain/vocabulary';
import { MODEL_FORMAT, MODEL_FORMAT_VERSION, encodeWeights, softmax, withSignals, type ModelFile, type ModelTrainingInfo } from '../pipeline/classify/model';
import { DEFAULT_FEATURE_CONFIG, extractFeatures, WORDS_ONLY_FEATURE_CONFIG, type FeatureConfig, type FeatureText, type SparseVector } from '../pipeline/classify/text';
import type { ClassifierInput } from '../pipeline/classify/types';
import { mulberry32 } from '../shared/prng';

/** One labelled mail, already parsed the way production parses mail. */
export interface TrainingExample {
  id: string;
  category: Category;
  language?: Language;
  input: ClassifierInput;
  /** Where it came from, e.g. "training/data/error.jsonl:14" or "db:correction:123". */
  source?: string;
}

/** One member of the model: a linear classifier over its own hashed features. */
export interface MemberSpec {
  kind: 'logreg' | 'cnb';
  features: FeatureConfig;
  /** L2 strength on the mean (class-weighted) loss (logreg). */
  lambda?: number;
  /** Smoothing (cnb). */
  alpha?: number;
  /** Weight of the member's calibrated log-probabilities in the ensemble. */
  weight: number;
  /** Extra weight on the error class (logreg), over the balanced class weights. */
  errorWeight?: number;
}

/**
 * The default model (chosen by cross-validation, see training/eval/comparison.md): an
 * ensemble (weighted geometric mean of calibrated probabilities) of logistic regression over
 * word uni+bigrams and character 3–5-grams, and complement naive Bayes over word
 * uni+bigrams. The two have different inductive biases (discriminative vs. generative
 * counts); together they cross-validate better than either, with higher error recall. Both
 * also see the evidence signals of evidence.ts (weight 0.25); the logistic regression weighs
 * the error class 1.5× over the balanced weights, because a missed error costs most.
 */
export const DEFAULT_MEMBERS: MemberSpec[] = [
  { kind: 'logreg', features: DEFAULT_FEATURE_CONFIG, lambda: 1e-4, weight: 0.5, errorWeight: 1.5 },
  { kind: 'cnb', features: WORDS_ONLY_FEATURE_CONFIG, alpha: 0.3, weight: 0.5 },
];

export interface TrainOptions {
  /** The members; default DEFAULT_MEMBERS. */
  members?: MemberSpec[];
  /** Shorthand for a single member (used when `members` is not given). */
  kind?: 'logreg' | 'cnb';
  features?: FeatureConfig;
  lambda?: number;
  alpha?: number;
  /** Folds for calibration / reporting; 0 or 1 = no calibration (T = 1). */
  folds?: number;
  seed?: number;
  maxIter?: number;
}

export const DEFAULT_TRAIN_OPTIONS = {
  lambda: 1e-4,
  alpha: 0.3,
  folds: 5,
  seed: 20251001,
  maxIter: 400,
};

// ---------------------------------------------------------------------------------------------
// Helpers

/** Stratified fold number (0..k-1) for each label; seeded, so reproducible. */
export function stratifiedFolds(labels: number[], k: number, seed: number): number[] {
  const rnd = mulberry32(seed);
  const fold = new Array<number>(labels.length).fill(0);
  const byClass = new Map<number, number[]>();
  labels.forEach((y, i) => {
    const l = byClass.get(y) ?? [];
    l.push(i);
    byClass.set(y, l);
  });
  let offset = 0;
  for (const cls of [...byClass.keys()].sort((a, b) => a - b)) {
    const idx = byClass.get(cls)!;
    for (let i = idx.length - 1; i > 0; i--) {
      const j = Math.floor(rnd() * (i + 1));
      [idx[i], idx[j]] = [idx[j]!, idx[i]!];
    }
    idx.forEach((ex, r) => (fold[ex] = (r + offset) % k));
    offset += idx.length;
  }
  return fold;
}

export function featureText(input: ClassifierInput): FeatureText {
  return withSignals({ subject: input.subject ?? '', body: input.newText ?? '' });
}

export function vectorize(examples: TrainingExample[], cfg: FeatureConfig): SparseVector[] {
  return examples.map((e) => extractFeatures(featureText(e.input), cfg));
}

/** sha256 over the canonical form of the examples (order-independent). */
export function trainingDataHash(examples: TrainingExample[]): string {
  const canon = examples
    .map((e) => JSON.stringify([e.id, e.category, e.input.subject, e.input.newText]))
    .sort();
  const h = createHash('sha256');
  for (const c of canon) h.update(c + '\n');
  return h.digest('hex');
}

// ---------------------------------------------------------------------------------------------
// Linear model in a compact feature space

/** A trained linear model over hash buckets; rows maps bucket → K weights. */
export interface LinearModel {
  kind: 'logreg' | 'cnb';
  K: number;
  bias: Float64Array;
  rows: Map<number, Float64Array>;
  iterations: number;
}

export function linearLogits(m: LinearModel, x: SparseVector): Float64Array {
  const z = Float64Array.from(m.bias);
  for (let i = 0; i < x.idx.length; i++) {
    const w = m.rows.get(x.idx[i]!);
    if (!w) continue;
    const v = x.val[i]!;
    for (let c = 0; c < m.K; c++) z[c] += w[c]! * v;
  }
  return z;
}

interface Compact {
  F: number;
  buckets: number[];
  idx: Int32Array[];
  val: Float64Array[];
}

function compact(X: SparseVector[]): Compact {
  const map = new Map<number, number>();
  const buckets: number[] = [];
  for (const x of X)
    for (const b of x.idx)
      if (!map.has(b)) {
        map.set(b, buckets.length);
        buckets.push(b);
      }
  return {
    F: buckets.length,
    buckets,
    idx: X.map((x) => Int32Array.from(x.idx, (b) => map.get(b)!)),
    val: X.map((x) => Float64Array.from(x.val)),
  };
}

export function balancedClassWeights(y: number[], K: number): Float64Array {
  const n = new Float64Array(K);
  for (const c of y) n[c]!++;
  const w = new Float64Array(K);
  for (let c = 0; c < K; c++) w[c] = n[c]! > 0 ? y.length / (K * n[c]!) : 0;
  return w;
}

function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
}

/**
 * Minimises f with L-BFGS (memory m) and a backtracking Armijo line search. Deterministic.
 * `f(x, g)` returns the value and writes the gradient into g.
 */
export function lbfgs(
  f: (x: Float64Array, g: Float64Array) => number,
  x0: Float64Array,
  opts: { maxIter: number; m?: number; gtol?: number; ftol?: number },
): { x: Float64Array; fx: number; iterations: number } {
  const n = x0.length;
  const m = opts.m ?? 10;
  const gtol = opts.gtol ?? 1e-6;
  const ftol = opts.ftol ?? 1e-10;
  let x = Float64Array.from(x0);
  let g = new Float64Array(n);
  let fx = f(x, g);
  const S: Float64Array[] = [];
  const Y: Float64Array[] = [];
  const R: number[] = [];
  const d = new Float64Array(n);
  let iter = 0;
  let smallSteps = 0;
  for (; iter < opts.maxIter; iter++) {
    let gmax = 0;
    for (let i = 0; i < n; i++) gmax = Math.max(gmax, Math.abs(g[i]!));
    if (gmax < gtol) break;
    // Two-loop recursion: d = -H g.
    d.set(g);
    const alpha = new Array<number>(S.length);
    for (let k = S.length - 1; k >= 0; k--) {
      const a = R[k]! * dot(S[k]!, d);
      alpha[k] = a;
      const yk = Y[k]!;
      for (let i = 0; i < n; i++) d[i]! -= a * yk[i]!;
    }
    let gamma: number;
    if (S.length > 0) {
      const yl = Y[Y.length - 1]!;
      gamma = dot(S[S.length - 1]!, yl) / dot(yl, yl);
    } else gamma = 1 / Math.sqrt(dot(g, g));
    for (let i = 0; i < n; i++) d[i]! *= gamma;
    for (let k = 0; k < S.length; k++) {
      const b = R[k]! * dot(Y[k]!, d);
      const sk = S[k]!;
      const c = alpha[k]! - b;
      for (let i = 0; i < n; i++) d[i]! += sk[i]! * c;
    }
    for (let i = 0; i < n; i++) d[i] = -d[i]!;
    let gd = dot(g, d);
    if (!(gd < 0)) {
      // Not a descent direction: restart from steepest descent.
      S.length = Y.length = R.length = 0;
      const gn = Math.sqrt(dot(g, g));
      for (let i = 0; i < n; i++) d[i] = -g[i]! / gn;
      gd = dot(g, d);
    }
    let step = 1;
    const xn = new Float64Array(n);
    const gn = new Float64Array(n);
    let fn = Infinity;
    for (let ls = 0; ls < 40; ls++) {
      for (let i = 0; i < n; i++) xn[i] = x[i]! + step * d[i]!;
      fn = f(xn, gn);
      if (fn <= fx + 1e-4 * step * gd) break;
      step *= 0.5;
    }
    if (!(fn <= fx)) break; // line search failed: we are at the precision limit
    const s = new Float64Array(n);
    const yv = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      s[i] = xn[i]! - x[i]!;
      yv[i] = gn[i]! - g[i]!;
    }
    const sy = dot(s, yv);
    if (sy > 1e-12) {
      S.push(s);
      Y.push(yv);
      R.push(1 / sy);
      if (S.length > m) {
        S.shift();
        Y.shift();
        R.shift();
      }
    }
    const rel = (fx - fn) / Math.max(1, Math.abs(fx));
    x = xn;
    g = gn;
    fx = fn;
    smallSteps = rel < ftol ? smallSteps + 1 : 0;
    if (smallSteps >= 3) {
      iter++;
      break;
    }
  }
  return { x, fx, iterations: iter };
}

/** Multinomial logistic regression with L2 (biases unpenalised) and per-class weights. */
export function trainLogReg(
  X: SparseVector[],
  y: number[],
  K: number,
  opts: { lambda: number; maxIter: number; classWeights?: Float64Array },
): LinearModel {
  const C = compact(X);
  const cw = opts.classWeights ?? balancedClassWeights(y, K);
  const F = C.F;
  const P = F * K + K;
  let wsum = 0;
  for (const c of y) wsum += cw[c]!;
  const lambda = opts.lambda;
  const z = new Float64Array(K);
  const p = new Float64Array(K);
  const f = (theta: Float64Array, grad: Float64Array): number => {
    grad.fill(0);
    let loss = 0;
    const bOff = F * K;
    for (let i = 0; i < C.idx.length; i++) {
      const idx = C.idx[i]!;
      const val = C.val[i]!;
      for (let c = 0; c < K; c++) z[c] = theta[bOff + c]!;
      for (let j = 0; j < idx.length; j++) {
        const base = idx[j]! * K;
        const v = val[j]!;
        for (let c = 0; c < K; c++) z[c] += theta[base + c]! * v;
      }
      let max = -Infinity;
      for (let c = 0; c < K; c++) max = Math.max(max, z[c]!);
      let sum = 0;
      for (let c = 0; c < K; c++) {
        p[c] = Math.exp(z[c]! - max);
        sum += p[c]!;
      }
      const yi = y[i]!;
      const wi = cw[yi]! / wsum;
      loss += wi * (Math.log(sum) + max - z[yi]!);
      for (let c = 0; c < K; c++) p[c] = (wi * p[c]!) / sum - (c === yi ? wi : 0);
      for (let j = 0; j < idx.length; j++) {
        const base = idx[j]! * K;
        const v = val[j]!;
        for (let c = 0; c < K; c++) grad[base + c]! += v * p[c]!;
      }
      for (let c = 0; c < K; c++) grad[bOff + c]! += p[c]!;
    }
    let reg = 0;
    for (let i = 0; i < F * K; i++) {
      reg += theta[i]! * theta[i]!;
      grad[i]! += lambda * theta[i]!;
    }
    return loss + 0.5 * lambda * reg;
  };
  const res = lbfgs(f, new Float64Array(P), { maxIter: opts.maxIter });
  const rows = new Map<number, Float64Array>();
  for (let j = 0; j < F; j++) rows.set(C.buckets[j]!, res.x.slice(j * K, j * K + K));
  return { kind: 'logreg', K, bias: res.x.slice(F * K, F * K + K), rows, iterations: res.iterations };
}

/**
 * Complement naive Bayes with weight normalisation (Rennie et al. 2003), expressed as a
 * linear model: z_c = −Σ_f x_f ŵ_cf, ŵ_c = w_c / Σ|w_c|, w_cf = log θ̃_cf over the
 * complement of class c. Buckets never seen in training get no weight.
 */
export function trainCNB(X: SparseVector[], y: number[], K: number, opts: { alpha: number }): LinearModel {
  const C = compact(X);
  const F = C.F;
  const counts = new Float64Array(F * K); // per class
  const totalF = new Float64Array(F);
  for (let i = 0; i < C.idx.length; i++) {
    const idx = C.idx[i]!;
    const val = C.val[i]!;
    for (let j = 0; j < idx.length; j++) {
      counts[idx[j]! * K + y[i]!]! += val[j]!;
      totalF[idx[j]!]! += val[j]!;
    }
  }
  const classTotal = new Float64Array(K);
  for (let f = 0; f < F; f++) for (let c = 0; c < K; c++) classTotal[c]! += counts[f * K + c]!;
  let grand = 0;
  for (let c = 0; c < K; c++) grand += classTotal[c]!;
  const w = new Float64Array(F * K);
  const norm = new Float64Array(K);
  for (let c = 0; c < K; c++) {
    const denom = grand - classTotal[c]! + opts.alpha * F;
    for (let f = 0; f < F; f++) {
      const comp = totalF[f]! - counts[f * K + c]!;
      const v = Math.log((comp + opts.alpha) / denom);
      w[f * K + c] = v;
      norm[c]! += Math.abs(v);
    }
  }
  const rows = new Map<number, Float64Array>();
  for (let f = 0; f < F; f++) {
    const r = new Float64Array(K);
    for (let c = 0; c < K; c++) r[c] = (-w[f * K + c]! / norm[c]!) * 1000; // scale is irrelevant (temperature)
    rows.set(C.buckets[f]!, r);
  }
  return { kind: 'cnb', K, bias: new Float64Array(K), rows, iterations: 0 };
}

// ---------------------------------------------------------------------------------------------
// Calibration and cross-validation

export function meanNll(Z: Float64Array[], y: number[], T: number): number {
  let s = 0;
  for (let i = 0; i < Z.length; i++) s -= Math.log(Math.max(softmax(Z[i]!, T)[y[i]!]!, 1e-12));
  return s / Math.max(1, Z.length);
}

/** Temperature minimising the NLL of out-of-fold logits (golden section on log T). */
export function fitTemperature(Z: Float64Array[], y: number[]): number {
  if (Z.length === 0) return 1;
  let a = Math.log(1e-3);
  let b = Math.log(100);
  const g = (Math.sqrt(5) - 1) / 2;
  let c = b - g * (b - a);
  let d = a + g * (b - a);
  let fc = meanNll(Z, y, Math.exp(c));
  let fd = meanNll(Z, y, Math.exp(d));
  for (let i = 0; i < 80; i++) {
    if (fc < fd) {
      b = d;
      d = c;
      fd = fc;
      c = b - g * (b - a);
      fc = meanNll(Z, y, Math.exp(c));
    } else {
      a = c;
      c = d;
      fc = fd;
      d = a + g * (b - a);
      fd = meanNll(Z, y, Math.exp(d));
    }
  }
  return Math.exp((a + b) / 2);
}

export interface Trainer {
  /** Extra weight on the error class over the balanced weights (logreg): a missed error costs most. */
  errorWeight?: number;
  kind: 'logreg' | 'cnb';
  features: FeatureConfig;
  lambda: number;
  alpha: number;
  maxIter: number;
}

export function resolveMembers(opts: TrainOptions): Array<MemberSpec & { trainer: Trainer }> {
  const maxIter = opts.maxIter ?? DEFAULT_TRAIN_OPTIONS.maxIter;
  const specs: MemberSpec[] =
    opts.members ??
    (opts.kind || opts.features
      ? [{ kind: opts.kind ?? 'logreg', features: opts.features ?? DEFAULT_FEATURE_CONFIG, lambda: opts.lambda, alpha: opts.alpha, weight: 1 }]
      : DEFAULT_MEMBERS);
  if (specs.length === 0) throw new Error('trainModel: no members');
  const total = specs.reduce((a, m) => a + m.weight, 0);
  if (!(total > 0)) throw new Error('trainModel: member weights must sum to > 0');
  return specs.map((m) => ({
    ...m,
    weight: m.weight / total,
    trainer: {
      kind: m.kind,
      features: m.features,
      lambda: m.lambda ?? opts.lambda ?? DEFAULT_TRAIN_OPTIONS.lambda,
      alpha: m.alpha ?? opts.alpha ?? DEFAULT_TRAIN_OPTIONS.alpha,
      maxIter,
      ...(m.errorWeight ? { errorWeight: m.errorWeight } : {}),
    },
  }));
}

export function fitLinear(t: Trainer, X: SparseVector[], y: number[], K: number): LinearModel {
  if (t.kind === 'cnb') return trainCNB(X, y, K, { alpha: t.alpha });
  const cw = balancedClassWeights(y, K);
  if (t.errorWeight && t.errorWeight !== 1) cw[CATEGORIES.indexOf('error')]! *= t.errorWeight;
  return trainLogReg(X, y, K, { lambda: t.lambda, maxIter: t.maxIter, classWeights: cw });
}

export interface CvResult {
  /** Out-of-fold logits per example (uncalibrated). */
  logits: Float64Array[];
  folds: number[];
}

/** Out-of-fold logits by stratified k-fold over the given examples. */
export function crossValidate(
  t: Trainer,
  examples: TrainingExample[],
  k: number,
  seed: number,
  X: SparseVector[] = vectorize(examples, t.features),
): CvResult {
  const K = CATEGORIES.length;
  const y = examples.map((e) => CATEGORIES.indexOf(e.category));
  const folds = stratifiedFolds(y, k, seed);
  const out: Float64Array[] = new Array(examples.length);
  for (let f = 0; f < k; f++) {
    const trI: number[] = [];
    const teI: number[] = [];
    folds.forEach((ff, i) => (ff === f ? teI : trI).push(i));
    const m = fitLinear(
      t,
      trI.map((i) => X[i]!),
      trI.map((i) => y[i]!),
      K,
    );
    for (const i of teI) out[i] = linearLogits(m, X[i]!);
  }
  return { logits: out, folds };
}

// ---------------------------------------------------------------------------------------------
// The whole training run

export interface TrainResult {
  model: ModelFile;
  /** Out-of-fold predictions used for calibration (null with folds < 2). */
  cv: { logits: Float64Array[]; y: number[]; temperature: number } | null;
}

function argmax(a: ArrayLike<number>): number {
  let b = 0;
  for (let i = 1; i < a.length; i++) if (a[i]! > a[b]!) b = i;
  return b;
}

function quickMacroF1(pred: number[], y: number[], K: number): { macroF1: number; accuracy: number } {
  let f1 = 0;
  let present = 0;
  let correct = 0;
  for (let c = 0; c < K; c++) {
    let tp = 0;
    let fp = 0;
    let fn = 0;
    for (let i = 0; i < y.length; i++) {
      if (pred[i] === c && y[i] === c) tp++;
      else if (pred[i] === c) fp++;
      else if (y[i] === c) fn++;
    }
    if (tp + fn === 0) continue;
    present++;
    f1 += tp === 0 ? 0 : (2 * tp) / (2 * tp + fp + fn);
  }
  for (let i = 0; i < y.length; i++) if (pred[i] === y[i]) correct++;
  return { macroF1: present ? f1 / present : 0, accuracy: y.length ? correct / y.length : 0 };
}

/**
 * Trains the model on `examples` (the jsonl data plus any extra examples, e.g. agents'
 * corrections) and returns the serialisable model file. Deterministic for the same input
 * (in any order: examples are sorted by id first).
 */
export function trainModel(examplesIn: TrainingExample[], opts: TrainOptions = {}): TrainResult {
  if (examplesIn.length === 0) throw new Error('trainModel: no training examples');
  const examples = [...examplesIn].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const seed = opts.seed ?? DEFAULT_TRAIN_OPTIONS.seed;
  const members = resolveMembers(opts);
  const K = CATEGORIES.length;
  const ids = new Set<string>();
  for (const e of examples) {
    if (!CATEGORIES.includes(e.category)) throw new Error(`trainModel: example ${e.id} has unknown category ${e.category}`);
    if (ids.has(e.id)) throw new Error(`trainModel: duplicate example id ${e.id}`);
    ids.add(e.id);
  }
  const y = examples.map((e) => CATEGORIES.indexOf(e.category));
  const Xs = members.map((m) => vectorize(examples, m.features));

  const memberT = members.map(() => 1);
  let temperature = 1;
  let cvInfo: ModelFile['training']['cv'];
  let cv: TrainResult['cv'] = null;
  const minClass = Math.min(...CATEGORIES.map((_, c) => y.filter((v) => v === c).length).filter((n) => n > 0));
  const folds = Math.min(opts.folds ?? DEFAULT_TRAIN_OPTIONS.folds, minClass);
  if (folds >= 2) {
    const combined = examples.map(() => new Float64Array(K));
    members.forEach((m, k) => {
      const res = crossValidate(m.trainer, examples, folds, seed, Xs[k]!);
      memberT[k] = fitTemperature(res.logits, y);
      res.logits.forEach((z, i) => {
        for (let c = 0; c < K; c++) combined[i]![c]! += (m.weight * z[c]!) / memberT[k]!;
      });
    });
    temperature = fitTemperature(combined, y);
    const q = quickMacroF1(
      combined.map((z) => argmax(z)),
      y,
      K,
    );
    cvInfo = {
      folds,
      macroF1: round(q.macroF1, 4),
      accuracy: round(q.accuracy, 4),
      nllBefore: round(meanNll(combined, y, 1), 4),
      nllAfter: round(meanNll(combined, y, temperature), 4),
    };
    cv = { logits: combined, y, temperature };
  }
  const fitted = members.map((m, k) => fitLinear(m.trainer, Xs[k]!, y, K));
  const dataHash = trainingDataHash(examples);
  const perClass: Partial<Record<Category, number>> = {};
  for (const e of examples) perClass[e.category] = (perClass[e.category] ?? 0) + 1;
  const kind: ModelFile['kind'] = members.length > 1 ? 'ensemble' : members[0]!.kind;
  const hyper: ModelTrainingInfo['hyper'] = { seed, classWeights: 'balanced' };
  members.forEach((m, k) => {
    hyper[`member${k}`] =
      m.kind === 'cnb'
        ? `cnb alpha=${m.trainer.alpha} weight=${round(m.weight, 4)}`
        : `logreg lambda=${m.trainer.lambda}${m.trainer.errorWeight ? ` errorWeight=${m.trainer.errorWeight}` : ''} iterations=${fitted[k]!.iterations} weight=${round(m.weight, 4)}`;
  });
  const model: ModelFile = {
    format: MODEL_FORMAT,
    formatVersion: MODEL_FORMAT_VERSION,
    version: `${kind}-${dataHash.slice(0, 8)}`,
    kind,
    classes: [...CATEGORIES],
    temperature: round(temperature, 6),
    members: members.map((m, k) => ({
      kind: m.kind,
      features: m.features,
      temperature: round(memberT[k]!, 8),
      weight: round(m.weight, 6),
      bias: Array.from(fitted[k]!.bias, (b) => round(b, 6)),
      weights: encodeWeights(fitted[k]!.rows, K),
    })),
    training: {
      dataHash,
      examples: examples.length,
      perClass,
      hyper,
      ...(cvInfo ? { cv: cvInfo } : {}),
    },
  };
  return { model, cv };
}

function round(v: number, d: number): number {
  const f = 10 ** d;
  return Math.round(v * f) / f;
}

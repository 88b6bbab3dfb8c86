/**
 * The trained model: a linear classifier over hashed features (multinomial logistic
 * regression; a complement naive Bayes model has the same shape and is stored the same way),
 * its on-disk format and inference.
 *
 * File format (training/model/model.json), compact and diff-friendly at the top level:
 *   - classes, temperature (final calibration), training metadata (data hash, CV scores);
 *   - members: one or more linear models, each with its FeatureConfig (inference must hash
 *     identically), its own temperature, its weight in the ensemble, bias and
 *   - weights: only the rows (hash buckets) that have a non-zero weight, as
 *       idx: base64 of LEB128 varints of the gaps between sorted bucket indices,
 *       w:   base64 of little-endian int16, classes.length per row, value = q × scale;
 *   - training: data hash, counts, hyper-parameters, cross-validated scores.
 *
 * Loading (once, at construction) expands each member's weights to a dense Float32Array of
 * dim × classes (5 MiB for 2^18 × 5), so classifying is a few thousand array reads.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Category } from '../../domain/vocabulary';
import { evidenceSignals, trainingEvidence } from './evidence';
import { extractFeatures, type FeatureConfig, type FeatureText, type Provenance, type SparseVector } from './text';

export const MODEL_FORMAT = 'microbizz-servicedesk-classifier';
export const MODEL_FORMAT_VERSION = 2;

export interface ModelTrainingInfo {
  /** sha256 over the canonical training examples (see train.ts). */
  dataHash: string;
  examples: number;
  perClass: Partial<Record<Category, number>>;
  /** e.g. { lambda: 1e-4, iterations: 143 } */
  hyper: Record<string, number | string | boolean>;
  /** Cross-validated metrics on the training data, if computed. */
  cv?: { folds: number; macroF1: number; accuracy: number; nllBefore?: number; nllAfter?: number };
}

/** One linear model over its own hashed features. */
export interface ModelMemberFile {
  kind: 'logreg' | 'cnb';
  features: FeatureConfig;
  /** The member's own calibration temperature (fitted on its out-of-fold logits). */
  temperature: number;
  /** Weight of the member's log-probabilities in the ensemble (weights sum to 1). */
  weight: number;
  bias: number[];
  weights: { rows: number; scale: number; idx: string; w: string };
}

export interface ModelFile {
  format: typeof MODEL_FORMAT;
  formatVersion: number;
  /** Human-readable id: method + short data hash, e.g. "ensemble-3f2a9c1b". */
  version: string;
  kind: 'logreg' | 'cnb' | 'ensemble';
  classes: Category[];
  /**
   * Final calibration temperature. Scores: z = Σ_k weight_k · (W_k·x_k + b_k) / T_k, i.e. a
   * weighted geometric mean of the members' calibrated probabilities; p = softmax(z / temperature).
   */
  temperature: number;
  members: ModelMemberFile[];
  training: ModelTrainingInfo;
}

export interface LoadedMember {
  kind: ModelMemberFile['kind'];
  features: FeatureConfig;
  /** weight / member temperature: the factor on this member's raw scores. */
  scale: number;
  bias: Float64Array;
  /** Dense row-major weights: W[bucket * K + class]. */
  W: Float32Array;
}

export interface LoadedModel {
  version: string;
  kind: ModelFile['kind'];
  classes: Category[];
  temperature: number;
  members: LoadedMember[];
  training: ModelTrainingInfo;
}

// ---------------------------------------------------------------------------------------------
// Encoding

function encodeVarints(values: number[]): Buffer {
  const bytes: number[] = [];
  for (let v of values) {
    while (v >= 0x80) {
      bytes.push((v & 0x7f) | 0x80);
      v >>>= 7;
    }
    bytes.push(v);
  }
  return Buffer.from(bytes);
}

function decodeVarints(buf: Buffer, count: number): number[] {
  const out: number[] = [];
  let i = 0;
  while (out.length < count) {
    let v = 0;
    let shift = 0;
    for (;;) {
      if (i >= buf.length) throw new Error('model weights: truncated index stream');
      const b = buf[i++]!;
      v += (b & 0x7f) * 2 ** shift;
      if (b < 0x80) break;
      shift += 7;
    }
    out.push(v);
  }
  return out;
}

/**
 * Sparse rows → file representation. `rows` maps bucket index → K weights. Rows whose
 * quantised weights are all zero are dropped.
 */
export function encodeWeights(rows: Map<number, ArrayLike<number>>, K: number): ModelMemberFile['weights'] {
  let maxAbs = 0;
  for (const w of rows.values()) for (let c = 0; c < K; c++) maxAbs = Math.max(maxAbs, Math.abs(w[c]!));
  const scale = maxAbs > 0 ? maxAbs / 32767 : 1;
  const keys = [...rows.keys()].sort((a, b) => a - b);
  const gaps: number[] = [];
  const q: number[] = [];
  let prev = 0;
  for (const k of keys) {
    const w = rows.get(k)!;
    const qs: number[] = [];
    let any = false;
    for (let c = 0; c < K; c++) {
      const v = Math.round(w[c]! / scale);
      qs.push(v);
      if (v !== 0) any = true;
    }
    if (!any) continue;
    gaps.push(k - prev);
    prev = k;
    q.push(...qs);
  }
  const wbuf = Buffer.alloc(q.length * 2);
  for (let i = 0; i < q.length; i++) wbuf.writeInt16LE(q[i]!, i * 2);
  return { rows: gaps.length, scale, idx: encodeVarints(gaps).toString('base64'), w: wbuf.toString('base64') };
}

export function decodeWeights(weights: ModelMemberFile['weights'], K: number, dim: number): Float32Array {
  const W = new Float32Array(dim * K);
  const gaps = decodeVarints(Buffer.from(weights.idx, 'base64'), weights.rows);
  const wbuf = Buffer.from(weights.w, 'base64');
  if (wbuf.length !== weights.rows * K * 2) throw new Error('model weights: weight stream has the wrong length');
  let idx = 0;
  for (let r = 0; r < gaps.length; r++) {
    idx += gaps[r]!;
    if (idx >= dim) throw new Error(`model weights: bucket ${idx} outside dim ${dim}`);
    for (let c = 0; c < K; c++) W[idx * K + c] = wbuf.readInt16LE((r * K + c) * 2) * weights.scale;
  }
  return W;
}

// ---------------------------------------------------------------------------------------------
// Loading

export function loadModel(file: ModelFile): LoadedModel {
  if (!file || file.format !== MODEL_FORMAT) throw new Error('not a servicedesk classifier model file');
  if (file.formatVersion !== MODEL_FORMAT_VERSION)
    throw new Error(`model formatVersion ${file.formatVersion} is not supported (expected ${MODEL_FORMAT_VERSION})`);
  const K = file.classes.length;
  if (!Array.isArray(file.members) || file.members.length === 0) throw new Error('model has no members');
  const members = file.members.map((m, i): LoadedMember => {
    const dim = m.features.dim;
    if ((dim & (dim - 1)) !== 0) throw new Error(`model member ${i}: features.dim must be a power of two`);
    if (m.bias.length !== K) throw new Error(`model member ${i}: bias has the wrong length`);
    if (!(m.temperature > 0)) throw new Error(`model member ${i}: temperature must be > 0`);
    return {
      kind: m.kind,
      features: m.features,
      scale: m.weight / m.temperature,
      bias: Float64Array.from(m.bias),
      W: decodeWeights(m.weights, K, dim),
    };
  });
  return {
    version: file.version,
    kind: file.kind,
    classes: [...file.classes],
    temperature: file.temperature,
    members,
    training: file.training,
  };
}

export function readModelFile(file: string): LoadedModel {
  let json: unknown;
  try {
    json = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (e) {
    throw new Error(`cannot read classifier model ${file}: ${(e as Error).message}`);
  }
  return loadModel(json as ModelFile);
}

/** training/model/model.json, found by walking up from `startDir` (works from src/ and dist/src/). */
export function findDefaultModelPath(startDir: string = __dirname): string | null {
  let dir = path.resolve(startDir);
  for (;;) {
    const candidate = path.join(dir, 'training', 'model', 'model.json');
    if (fs.existsSync(candidate)) return candidate;
    const parent = path.dirname(dir);
    if (parent === dir) return null;
    dir = parent;
  }
}

let cachedDefault: LoadedModel | null = null;

/** The shipped model, loaded once per process. */
export function loadDefaultModel(): LoadedModel {
  if (cachedDefault) return cachedDefault;
  const p = findDefaultModelPath();
  if (!p) throw new Error(`classifier model training/model/model.json not found above ${__dirname}; run the training first`);
  cachedDefault = readModelFile(p);
  return cachedDefault;
}

// ---------------------------------------------------------------------------------------------
// Inference

/** Raw scores W·x + b of one member (before its scale). */
export function memberLogits(m: LoadedMember, x: SparseVector, K: number): Float64Array {
  const z = Float64Array.from(m.bias);
  const W = m.W;
  for (let i = 0; i < x.idx.length; i++) {
    const base = x.idx[i]! * K;
    const v = x.val[i]!;
    for (let c = 0; c < K; c++) z[c] += W[base + c]! * v;
  }
  return z;
}

export interface ModelEvaluation {
  /** Combined scores z (before the final temperature). */
  z: Float64Array;
  /** Calibrated probabilities softmax(z / T). */
  p: Float64Array;
  /** Per member: its feature vector and, if asked for, the words behind each bucket. */
  inputs: Array<{ x: SparseVector; prov?: Provenance }>;
}

/** Scores a mail's text with every member and combines them. */
export function evaluateModel(model: LoadedModel, textIn: FeatureText, withProvenance = false): ModelEvaluation {
  const K = model.classes.length;
  const text = textIn.signals ? textIn : withSignals(textIn);
  const z = new Float64Array(K);
  const inputs: ModelEvaluation['inputs'] = [];
  for (const m of model.members) {
    const prov: Provenance | undefined = withProvenance ? new Map() : undefined;
    const x = extractFeatures(text, m.features, prov);
    const zm = memberLogits(m, x, K);
    for (let c = 0; c < K; c++) z[c] += m.scale * zm[c]!;
    inputs.push(prov ? { x, prov } : { x });
  }
  return { z, p: softmax(z, model.temperature), inputs };
}

/** The text with its evidence signals (the same for training and inference). */
export function withSignals(text: FeatureText): FeatureText {
  return { ...text, signals: evidenceSignals(trainingEvidence(text.body ?? '')) };
}

export function softmax(z: ArrayLike<number>, temperature = 1): Float64Array {
  const K = z.length;
  const p = new Float64Array(K);
  let max = -Infinity;
  for (let c = 0; c < K; c++) max = Math.max(max, z[c]! / temperature);
  let sum = 0;
  for (let c = 0; c < K; c++) {
    p[c] = Math.exp(z[c]! / temperature - max);
    sum += p[c]!;
  }
  for (let c = 0; c < K; c++) p[c]! /= sum;
  return p;
}

/** Calibrated class probabilities for a mail's text. */
export function predictProba(model: LoadedModel, text: FeatureText): Float64Array {
  return evaluateModel(model, text).p;
}

/**
 * Per-bucket contribution of one member to class `c` relative to the average class:
 * scale · x_f · (W[f,c] − mean_k W[f,k]). Softmax is unchanged by adding the same amount to
 * every class, so this is the part of the weight that actually favours `c`.
 */
export function contributions(model: LoadedModel, member: number, x: SparseVector, classIndex: number): Map<number, number> {
  const K = model.classes.length;
  const m = model.members[member]!;
  const out = new Map<number, number>();
  for (let i = 0; i < x.idx.length; i++) {
    const base = x.idx[i]! * K;
    let mean = 0;
    for (let k = 0; k < K; k++) mean += m.W[base + k]!;
    mean /= K;
    const v = m.scale * x.val[i]! * (m.W[base + classIndex]! - mean);
    if (v !== 0) out.set(x.idx[i]!, v);
  }
  return out;
}

/**
 * Compares classifier alternatives by stratified k-fold cross-validation ON THE TRAINING
 * DATA (the dev corpus is only used as a final check, by the caller), and measures the full
 * decision pipeline (headers + model + safety rules) on the out-of-fold predictions.
 */
import { CATEGORIES, type Category } from '../domain/vocabulary';
import { DEFAULT_CLASSIFIER_OPTIONS, decide, headerSaysNoise } from '../pipeline/classify/classifier';
import { trainingEvidence, type TrainingEvidence } from '../pipeline/classify/evidence';
import { automaticMailEvidence, spamVerdict } from '../pipeline/classify/headers';
import { computeMetrics, type Metrics } from './metrics';
import { softmax } from '../pipeline/classify/model';
import { applyRules, type RuleResult } from '../pipeline/classify/rules';
import { DEFAULT_FEATURE_CONFIG, WORDS_ONLY_FEATURE_CONFIG, type FeatureConfig } from '../pipeline/classify/text';
import {
  crossValidate,
  DEFAULT_MEMBERS,
  fitTemperature,
  meanNll,
  resolveMembers,
  vectorize,
  type MemberSpec,
  type TrainingExample,
} from './train';

export interface Alternative {
  name: string;
  members: MemberSpec[];
}

export const WORDS_ONLY = WORDS_ONLY_FEATURE_CONFIG;
export const CHARS_ONLY: FeatureConfig = {
  ...DEFAULT_FEATURE_CONFIG,
  weights: { ...DEFAULT_FEATURE_CONFIG.weights, word: 0, subjectWord: 0 },
};
export const NO_STOPWORD_HANDLING: FeatureConfig = { ...DEFAULT_FEATURE_CONFIG, stopwords: false };

export function defaultAlternatives(lambdas = [1e-5, 3e-5, 1e-4, 3e-4, 1e-3]): Alternative[] {
  const one = (name: string, m: Omit<MemberSpec, 'weight'>): Alternative => ({ name, members: [{ ...m, weight: 1 }] });
  const alts: Alternative[] = [];
  alts.push(one('cnb words (uni+bi)', { kind: 'cnb', features: WORDS_ONLY, alpha: 0.3 }));
  alts.push(one('cnb words + char 3-5', { kind: 'cnb', features: DEFAULT_FEATURE_CONFIG, alpha: 0.3 }));
  for (const lambda of lambdas) {
    alts.push(one(`logreg words (uni+bi) λ=${lambda}`, { kind: 'logreg', features: WORDS_ONLY, lambda }));
    alts.push(one(`logreg words + char 3-5 λ=${lambda}`, { kind: 'logreg', features: DEFAULT_FEATURE_CONFIG, lambda }));
  }
  alts.push(one('logreg char 3-5 only λ=1e-4', { kind: 'logreg', features: CHARS_ONLY, lambda: 1e-4 }));
  alts.push(one('logreg words + char 3-5, stop-word char n-grams kept, λ=1e-4', { kind: 'logreg', features: NO_STOPWORD_HANDLING, lambda: 1e-4 }));
  /** The member with one feature group's weight changed. */
  const weighted = (group: 'signal' | 'frame', w: number) => (m: MemberSpec): MemberSpec => ({
    ...m,
    features: { ...m.features, weights: { ...m.features.weights, [group]: w } },
  });
  alts.push({
    name: 'ensemble (chosen): logreg words+char λ=1e-4, error ×1.5 ⊕ cnb words (0.5/0.5), evidence signals 0.25, question frames 0.6',
    members: DEFAULT_MEMBERS,
  });
  alts.push({ name: 'ensemble, no evidence signals', members: DEFAULT_MEMBERS.map(weighted('signal', 0)) });
  alts.push({ name: 'ensemble, evidence signals 0.5', members: DEFAULT_MEMBERS.map(weighted('signal', 0.5)) });
  alts.push({ name: 'ensemble, evidence signals 1.0', members: DEFAULT_MEMBERS.map(weighted('signal', 1)) });
  alts.push({ name: 'ensemble, no question frames', members: DEFAULT_MEMBERS.map(weighted('frame', 0)) });
  alts.push({ name: 'ensemble, question frames 1.0', members: DEFAULT_MEMBERS.map(weighted('frame', 1)) });
  alts.push({ name: 'ensemble, no extra error weight', members: DEFAULT_MEMBERS.map((m) => ({ ...m, errorWeight: undefined })) });
  alts.push({ name: 'ensemble, error ×2', members: DEFAULT_MEMBERS.map((m) => (m.kind === 'logreg' ? { ...m, errorWeight: 2 } : m)) });
  alts.push({
    name: 'ensemble (0.7/0.3)',
    members: [
      { ...DEFAULT_MEMBERS[0]!, weight: 0.7 },
      { ...DEFAULT_MEMBERS[1]!, weight: 0.3 },
    ],
  });
  return alts;
}

export interface PipelineCounts {
  metrics: Metrics<Category>;
  humansAsNoise: number;
  errorAsTraining: number;
}

export interface AlternativeResult {
  name: string;
  bare: Metrics<Category>;
  pipeline: PipelineCounts;
  temperature: number;
  nllBefore: number;
  nllAfter: number;
  seconds: number;
  /** Calibrated out-of-fold probabilities (for the safety-rule grid). */
  probs: Array<Record<Category, number>>;
}

function toRecord(p: Float64Array): Record<Category, number> {
  return Object.fromEntries(CATEGORIES.map((c, i) => [c, p[i]!])) as Record<Category, number>;
}

export interface PipelineContext {
  rules: RuleResult[];
  spam: boolean[];
  auto: Array<ReturnType<typeof automaticMailEvidence>>;
  evidence: TrainingEvidence[];
}

export function pipelineContext(examples: TrainingExample[]): PipelineContext {
  return {
    rules: examples.map((e) => applyRules(e.input)),
    spam: examples.map((e) => spamVerdict(e.input) !== null),
    auto: examples.map((e) => automaticMailEvidence(e.input)),
    evidence: examples.map((e) => trainingEvidence(e.input.newText)),
  };
}

/** The classifier's decision path (a)–(c) on given probabilities. */
export function pipelineDecisions(
  probs: Array<Record<Category, number>>,
  ctx: PipelineContext,
  opts = DEFAULT_CLASSIFIER_OPTIONS,
): Category[] {
  return probs.map((p, i) => {
    if (ctx.spam[i]) return 'noise';
    const auto = ctx.auto[i] ?? null;
    if (auto && headerSaysNoise(auto, p, ctx.rules[i]!)) return 'noise';
    return decide(p, ctx.rules[i]!, auto, opts, ctx.evidence[i]).category;
  });
}

export function pipelineCounts(gold: Category[], pred: Category[]): PipelineCounts {
  return {
    metrics: computeMetrics(gold, pred, [...CATEGORIES]),
    humansAsNoise: gold.filter((g, i) => g !== 'noise' && pred[i] === 'noise').length,
    errorAsTraining: gold.filter((g, i) => g === 'error' && pred[i] === 'training').length,
  };
}

export function evaluateAlternative(
  alt: Alternative,
  examples: TrainingExample[],
  ctx: PipelineContext,
  folds: number,
  seed: number,
): AlternativeResult {
  const t0 = Date.now();
  const K = CATEGORIES.length;
  const y = examples.map((e) => CATEGORIES.indexOf(e.category));
  const combined = examples.map(() => new Float64Array(K));
  for (const m of resolveMembers({ members: alt.members })) {
    const cv = crossValidate(m.trainer, examples, folds, seed, vectorize(examples, m.features));
    const Tm = fitTemperature(cv.logits, y);
    cv.logits.forEach((z, i) => {
      for (let c = 0; c < K; c++) combined[i]![c]! += (m.weight * z[c]!) / Tm;
    });
  }
  const T = fitTemperature(combined, y);
  const probs = combined.map((z) => toRecord(softmax(z, T)));
  const gold = examples.map((e) => e.category);
  const bare = computeMetrics(
    gold,
    probs.map((p) => [...CATEGORIES].sort((a, b) => p[b] - p[a])[0]!),
    [...CATEGORIES],
  );
  const pipeline = pipelineCounts(gold, pipelineDecisions(probs, ctx));
  return {
    name: alt.name,
    bare,
    pipeline,
    temperature: T,
    nllBefore: meanNll(combined, y, 1),
    nllAfter: meanNll(combined, y, T),
    seconds: (Date.now() - t0) / 1000,
    probs,
  };
}

export function rulesBaseline(examples: TrainingExample[], ctx: PipelineContext): PipelineCounts {
  const gold = examples.map((e) => e.category);
  const pred = examples.map((_, i) => (ctx.spam[i] || ctx.auto[i] ? 'noise' : ctx.rules[i]!.category));
  return pipelineCounts(gold, pred);
}

/**
 * The classifier's workbench, for whoever changes the model. Operators use `servicedesk train`
 * and `servicedesk eval DIR`; this adds the knobs for experiments (after `npm run build`):
 *
 *   npm run classifier -- train   [--data DIR] [--out FILE]
 *   npm run classifier -- compare [--data DIR] [--folds 5] [--dev DIR] [--heldout DIR] [--heldout2 DIR] [--heldout3 DIR] [--heldout4 DIR] [--heldout5 DIR] [--out FILE]
 *   npm run classifier -- eval DIR [--model FILE] [--verbose]
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CATEGORIES } from '../domain/vocabulary';
import { createClassifier, DEFAULT_CLASSIFIER_OPTIONS } from '../pipeline/classify/classifier';
import {
  defaultAlternatives,
  evaluateAlternative,
  pipelineContext,
  pipelineCounts,
  pipelineDecisions,
  rulesBaseline,
  type AlternativeResult,
  type PipelineCounts,
} from './compare';
import { evaluateDir, type DirEvaluation } from './evaluate';
import { findDefaultModelPath, loadModel, readModelFile } from '../pipeline/classify/model';
import { DEFAULT_TRAIN_OPTIONS, trainModel } from './train';
import { CHOSEN_TRAIN_OPTIONS, findProjectRoot, serializeModel, trainAndSave } from './train-run';
import { loadTrainingData } from './training-data';

function arg(args: string[], name: string): string | undefined {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
}

const f3 = (v: number): string => v.toFixed(3);

function row(name: string, c: PipelineCounts, extra: string[] = []): string {
  const m = c.metrics;
  return `| ${name} | ${[
    f3(m.macroF1),
    f3(m.accuracy),
    f3(m.perClass.error.recall),
    String(c.humansAsNoise),
    String(c.errorAsTraining),
    ...extra,
  ].join(' | ')} |`;
}

function confusionTable(ev: DirEvaluation | PipelineCounts): string {
  const m = ev.metrics;
  const lines = [`| gold \\ predicted | ${CATEGORIES.join(' | ')} | recall |`, `|---|${CATEGORIES.map(() => '---:').join('|')}|---:|`];
  for (const g of CATEGORIES) lines.push(`| ${g} | ${CATEGORIES.map((p) => m.confusion[g][p]).join(' | ')} | ${f3(m.perClass[g].recall)} |`);
  return lines.join('\n');
}

/** The held-out sets compare can check the chosen model on: flag and how the report names it. */
const HELDOUT_SETS: ReadonlyArray<[flag: string, label: string]> = [
  ['--heldout', 'the held-out set (training/heldout, written before training, in another style)'],
  ['--heldout2', 'held-out set 2 (training/heldout2, by another writer, set aside before the b4 data was written)'],
  ['--heldout3', 'held-out set 3 (training/heldout3, by a third writer, set aside before the b5 data was written)'],
  ['--heldout4', 'held-out set 4 (training/heldout4, by a fourth writer, set aside before the b7 data was used)'],
  ['--heldout5', 'held-out set 5 (training/heldout5, by three more writers, never trained on)'],
];

async function compare(args: string[]): Promise<void> {
  const root = findProjectRoot();
  const dataDir = arg(args, '--data') ?? path.join(root, 'training', 'data');
  const folds = Number(arg(args, '--folds') ?? 5);
  const seed = DEFAULT_TRAIN_OPTIONS.seed;
  const out = arg(args, '--out') ?? path.join(root, 'training', 'eval', 'comparison.md');
  const devDir = arg(args, '--dev');
  const data = await loadTrainingData(dataDir);
  const ex = data.examples;
  const ctx = pipelineContext(ex);
  const counts = Object.fromEntries(CATEGORIES.map((c) => [c, ex.filter((e) => e.category === c).length]));
  const langs = { da: ex.filter((e) => e.language === 'da').length, en: ex.filter((e) => e.language === 'en').length };

  const results: AlternativeResult[] = [];
  for (const alt of defaultAlternatives()) {
    const r = evaluateAlternative(alt, ex, ctx, folds, seed);
    console.error(`${alt.name}: bare macroF1=${f3(r.bare.macroF1)} pipeline=${f3(r.pipeline.metrics.macroF1)} (${r.seconds}s)`);
    results.push(r);
  }
  const rules = rulesBaseline(ex, ctx);

  const md: string[] = [];
  md.push('# Classifier comparison', '');
  md.push(
    `Training data: ${ex.length} examples from ${data.files.join(', ')} (${Object.entries(counts)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ')}; da ${langs.da}, en ${langs.en}). Data hash of this run: see training/model/model.json.`,
    '',
  );
  md.push(
    `Method: stratified ${folds}-fold cross-validation on the TRAINING data only (seed ${seed}); every example goes through the production parser first.`,
    '"bare" = argmax of the model; "pipeline" = the full classifier decision path on the same out-of-fold',
    'probabilities: spam/automatic headers → noise, then the model, then safety rules S1–S7 (classifier.ts).',
    'Every feature configuration below includes the evidence-signal group (evidence.ts, weight 0.25) unless the name says otherwise.',
    'Temperature fitted on the out-of-fold logits of each alternative. Neither the dev corpus nor the held-out set is used here.',
    '',
  );
  md.push('## Cross-validated results on the training data', '');
  md.push('| alternative | macro-F1 (pipeline) | accuracy | error recall | humans→noise | error→training | macro-F1 (bare) | NLL before→after T | T | s |');
  md.push('|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
  md.push(row('rules baseline (keywords + headers)', rules, ['–', '–', '–', '–']));
  for (const r of results)
    md.push(
      row(r.name, r.pipeline, [f3(r.bare.macroF1), `${f3(r.nllBefore)}→${f3(r.nllAfter)}`, r.temperature.toFixed(3), r.seconds.toFixed(1)]),
    );
  md.push('');

  // Safety-rule thresholds on the chosen model's out-of-fold probabilities.
  const chosen = results.find((r) => r.name.startsWith('ensemble (chosen)')) ?? results[results.length - 1]!;
  md.push(`## Safety-rule thresholds (on the out-of-fold probabilities of "${chosen.name}")`, '');
  md.push('| errorMargin (S2) | trainingErrorFloor (S3) | macro-F1 | accuracy | error recall | humans→noise | error→training |');
  md.push('|---:|---:|---:|---:|---:|---:|---:|');
  const gold = ex.map((e) => e.category);
  md.push(row('off | off', pipelineCounts(gold, pipelineDecisions(chosen.probs, ctx, { ...DEFAULT_CLASSIFIER_OPTIONS, safetyRules: false }))));
  for (const errorMargin of [0.3, 0.4, 0.5, 0.7, 1.01]) {
    for (const trainingErrorFloor of [0.05, 0.1, 0.15, 0.25, 1.01]) {
      const c = pipelineCounts(gold, pipelineDecisions(chosen.probs, ctx, { ...DEFAULT_CLASSIFIER_OPTIONS, errorMargin, trainingErrorFloor }));
      md.push(row(`${errorMargin > 1 ? 'off' : errorMargin} | ${trainingErrorFloor > 1 ? 'off' : trainingErrorFloor}`, c));
    }
  }
  md.push('');
  md.push('| rule variant (other thresholds at their defaults) | macro-F1 | accuracy | error recall | humans→noise | error→training | training recall | noise recall |');
  md.push('|---|---:|---:|---:|---:|---:|---:|---:|');
  const variants: Array<[string, Partial<typeof DEFAULT_CLASSIFIER_OPTIONS>]> = [
    ['defaults', {}],
    ['S5 off (basicsTrainingFloor > 1)', { basicsTrainingFloor: 1.01 }],
    ['S5 basicsTrainingFloor 0.02', { basicsTrainingFloor: 0.02 }],
    ['S5 basicsTrainingFloor 0.15', { basicsTrainingFloor: 0.15 }],
    ['S1 noiseModelFloor off (text evidence only)', { noiseModelFloor: 1.01 }],
    ['S1 noiseModelFloor 0.99', { noiseModelFloor: 0.99 }],
    ['S1 noiseModelFloor 0.95', { noiseModelFloor: 0.95 }],
    ['S1 noiseModelFloor 0.9', { noiseModelFloor: 0.9 }],
    ['S1 noiseModelFloor 0.8', { noiseModelFloor: 0.8 }],
    ['S1 "is this really from you?" guard off', { genuineQuestionMin: Infinity }],
    ['S7 "is the system down?" off', { outageQuestionMin: Infinity }],
    ['S6 off (bulkWords > any score)', { bulkWords: 1e9 }],
    ['S6 bulkNoiseFloor 0.1', { bulkNoiseFloor: 0.1 }],
    ['S6 bulkWords 8', { bulkWords: 8 }],
    ['S3 error wording alone, whatever p(error) (errorWordsFloor 0)', { errorWordsFloor: 0 }],
    ['S3 error wording off (errorWordsFloor > 1)', { errorWordsFloor: 1.01 }],
  ];
  for (const [name, v] of variants) {
    const c = pipelineCounts(gold, pipelineDecisions(chosen.probs, ctx, { ...DEFAULT_CLASSIFIER_OPTIONS, ...v }));
    md.push(row(name, c, [f3(c.metrics.perClass.training.recall), f3(c.metrics.perClass.noise.recall)]));
  }
  md.push(
    '',
    `Chosen defaults: errorMargin=${DEFAULT_CLASSIFIER_OPTIONS.errorMargin}, trainingErrorFloor=${DEFAULT_CLASSIFIER_OPTIONS.trainingErrorFloor}, errorWordsFloor=${DEFAULT_CLASSIFIER_OPTIONS.errorWordsFloor}, basicsTrainingFloor=${DEFAULT_CLASSIFIER_OPTIONS.basicsTrainingFloor}, noiseModelFloor=${DEFAULT_CLASSIFIER_OPTIONS.noiseModelFloor}, bulkWords=${DEFAULT_CLASSIFIER_OPTIONS.bulkWords}, bulkNoiseFloor=${DEFAULT_CLASSIFIER_OPTIONS.bulkNoiseFloor}, genuineQuestionMin=${DEFAULT_CLASSIFIER_OPTIONS.genuineQuestionMin}, outageQuestionMin=${DEFAULT_CLASSIFIER_OPTIONS.outageQuestionMin}.`,
    '',
  );
  md.push('### Confusion matrix of the chosen configuration (cross-validated, pipeline)', '');
  md.push(confusionTable(pipelineCounts(gold, pipelineDecisions(chosen.probs, ctx))), '');

  const checks: Array<[string, string]> = [];
  if (devDir) checks.push(['the dev corpus', devDir]);
  for (const [flag, label] of HELDOUT_SETS) {
    const dir = arg(args, flag);
    if (dir) checks.push([label, dir]);
  }
  if (checks.length) {
    const { model } = trainModel(ex, CHOSEN_TRAIN_OPTIONS);
    const loaded = loadModel(JSON.parse(serializeModel(model)));
    for (const [label, dir] of checks) {
      const ev = await evaluateDir(dir, createClassifier(loaded));
      const bare = await evaluateDir(dir, createClassifier(loaded, { safetyRules: false }));
      md.push(`## Final check on ${label} (${ev.metrics.n} mails; never used for training or tuning)`, '');
      md.push('| configuration | macro-F1 | accuracy | error recall | humans→noise | error→training | training recall | noise recall | language acc. | median ms |');
      md.push('|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
      for (const [name, e] of [
        ['chosen, full pipeline', ev],
        ['chosen, safety rules off', bare],
      ] as const)
        md.push(
          row(name, e, [
            f3(e.metrics.perClass.training.recall),
            f3(e.metrics.perClass.noise.recall),
            e.languageAccuracy === null ? 'n/a' : f3(e.languageAccuracy),
            e.medianMs.toFixed(2),
          ]),
        );
      md.push('', confusionTable(ev), '');
      md.push('Per-class: ' + CATEGORIES.map((c) => `${c} P=${f3(ev.metrics.perClass[c].precision)} R=${f3(ev.metrics.perClass[c].recall)} F1=${f3(ev.metrics.perClass[c].f1)}`).join('; '), '');
    }
  }
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(out, md.join('\n') + '\n');
  console.error(`wrote ${out}`);
}

async function main(): Promise<void> {
  const [cmd, ...args] = process.argv.slice(2);
  if (cmd === 'train') {
    const r = await trainAndSave({ dataDir: arg(args, '--data'), outFile: arg(args, '--out') });
    for (const w of r.warnings) console.error(`warning: ${w}`);
    const cv = r.model.training.cv;
    console.log(
      `trained ${r.model.version} on ${r.examples} examples → ${r.file} (${(r.bytes / 1024).toFixed(0)} KiB, ${r.model.members.map((m) => m.weights.rows).join('+')} rows, T=${r.model.temperature}` +
        (cv ? `, ${cv.folds}-fold CV macro-F1 ${cv.macroF1})` : ')'),
    );
  } else if (cmd === 'compare') {
    await compare(args);
  } else if (cmd === 'eval') {
    const dir = args[0];
    if (!dir) throw new Error('usage: eval DIR [--model FILE]');
    const modelFile = arg(args, '--model') ?? findDefaultModelPath();
    if (!modelFile) throw new Error('no model file');
    const ev = await evaluateDir(dir, createClassifier(readModelFile(modelFile)));
    if (args.includes('--verbose'))
      for (const m of ev.mails)
        if (m.gold !== m.result.category)
          console.log(`${m.file}: gold ${m.gold} got ${m.result.category} (${m.result.confidence.toFixed(2)}) ${m.result.explanation.join(' ')}`);
    console.log(ev.report);
  } else {
    console.error('usage: npm run classifier -- train|compare|eval …');
    process.exitCode = 2;
  }
}

if (require.main === module) {
  main().catch((e: unknown) => {
    console.error(e instanceof Error ? e.message : e);
    process.exit(1);
  });
}

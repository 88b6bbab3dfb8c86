/**
 * The training run with I/O: load training/data/*.jsonl (through the production parser),
 * add extra examples (e.g. agents' corrections from the database, wired by the caller),
 * train with the chosen configuration and write training/model/model.json.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ModelFile } from '../pipeline/classify/model';
import { DEFAULT_MEMBERS, trainModel, type TrainingExample, type TrainOptions } from './train';
import { loadTrainingData } from './training-data';
import { NO_PROGRESS, type Progress } from '../shared/progress';

/**
 * The configuration chosen by cross-validation on the training data
 * (see training/eval/comparison.md): the DEFAULT_MEMBERS ensemble (logistic regression over
 * word uni+bigrams and character 3–5-grams ⊕ complement naive Bayes over word uni+bigrams),
 * 5-fold temperature calibration.
 */
export const CHOSEN_TRAIN_OPTIONS: TrainOptions = {
  members: DEFAULT_MEMBERS,
  folds: 5,
};

/** The project root: the nearest directory above `start` that has training/. */
export function findProjectRoot(start: string = __dirname): string {
  let dir = path.resolve(start);
  for (;;) {
    if (fs.existsSync(path.join(dir, 'training', 'data')) || fs.existsSync(path.join(dir, 'training', 'README.md'))) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`no training/ directory found above ${start}`);
    dir = parent;
  }
}

export interface TrainAndSaveOptions {
  dataDir?: string;
  outFile?: string;
  /** Extra labelled examples (e.g. agents' corrections); ids must not clash with the files'. */
  extra?: TrainingExample[];
  train?: TrainOptions;
  /** Reports reading the examples and the training itself (a bar on a terminal). */
  progress?: Progress;
}

export interface TrainAndSaveResult {
  file: string;
  model: ModelFile;
  examples: number;
  warnings: string[];
  bytes: number;
}

export async function trainAndSave(opts: TrainAndSaveOptions = {}): Promise<TrainAndSaveResult> {
  const root = findProjectRoot();
  const dataDir = opts.dataDir ?? path.join(root, 'training', 'data');
  const outFile = opts.outFile ?? path.join(root, 'training', 'model', 'model.json');
  const progress = opts.progress ?? NO_PROGRESS;
  progress.phase('reading training data', 0);
  const data = await loadTrainingData(dataDir, () => progress.tick());
  const examples = [...data.examples, ...(opts.extra ?? [])];
  progress.phase(`training on ${examples.length} examples`, 0);
  const { model } = trainModel(examples, { ...CHOSEN_TRAIN_OPTIONS, ...opts.train });
  progress.done();
  fs.mkdirSync(path.dirname(outFile), { recursive: true });
  const json = serializeModel(model);
  const tmp = `${outFile}.tmp`;
  fs.writeFileSync(tmp, json);
  fs.renameSync(tmp, outFile);
  return { file: outFile, model, examples: examples.length, warnings: data.warnings, bytes: Buffer.byteLength(json) };
}

/** Pretty metadata (diffable), each member's weights on one compact line. */
export function serializeModel(model: ModelFile): string {
  const compact: string[] = [];
  const json = JSON.stringify(
    model,
    (key, value: unknown) => {
      if (key === 'weights' && value && typeof value === 'object' && 'idx' in value) {
        compact.push(JSON.stringify(value));
        return `@@weights${compact.length - 1}@@`;
      }
      return value;
    },
    2,
  );
  return json.replace(/"@@weights(\d+)@@"/g, (_, i: string) => compact[Number(i)]!) + '\n';
}

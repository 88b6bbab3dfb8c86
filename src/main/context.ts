import type { DataSource } from 'typeorm';
import type { Config } from '../config/schema';
import type { Logger } from '../shared/logger';
import { createClassifier } from '../pipeline/classify/classifier';
import { createTemplateRenderer, defaultTemplatesDir } from '../pipeline/reply/render';
import type { PipelineDeps } from '../pipeline/deps';

/** Wires the pipeline's dependencies once per process. */
export function buildPipelineDeps(config: Config, log: Logger, db: DataSource): PipelineDeps {
  return {
    db,
    config,
    log,
    classifier: createClassifier(undefined, { abstainBelow: config.CLASSIFIER_ABSTAIN_BELOW }),
    renderer: createTemplateRenderer(defaultTemplatesDir()),
    now: () => new Date(),
  };
}

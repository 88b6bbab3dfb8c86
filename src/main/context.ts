import type { DataSource } from 'typeorm';
import type { Config } from '../config/schema';
import type { Logger } from '../shared/logger';
import { createClassifier } from '../pipeline/classify/classifier';
import { createTemplateRenderer, defaultTemplatesDir } from '../tickets/replies/render';
import type { PipelineDeps } from '../pipeline/deps';
import { createParsePool, type ParsePool } from '../pipeline/parse-pool/pool';
import { helpCatalogue } from '../help/catalogue';

/** Wires the pipeline's dependencies once per process. */
export function buildPipelineDeps(config: Config, log: Logger, db: DataSource): PipelineDeps {
  return {
    db,
    config,
    log,
    classifier: createClassifier(undefined, { abstainBelow: config.CLASSIFIER_ABSTAIN_BELOW }),
    renderer: createTemplateRenderer(defaultTemplatesDir()),
    parser: lazyParsePool(config),
    help: helpCatalogue(db),
    now: () => new Date(),
  };
}

/** The parse pool, started on first use (commands that parse nothing start no threads). */
function lazyParsePool(config: Config): ParsePool {
  let pool: ParsePool | null = null;
  const get = () => (pool ??= createParsePool({ threads: config.PARSE_THREADS, timeoutMs: config.PARSE_TIMEOUT_SECONDS * 1000, maxHeapMb: config.PARSE_MAX_HEAP_MB }));
  return {
    parse: (raw, opts) => get().parse(raw, opts),
    attachment: (raw, wanted) => get().attachment(raw, wanted),
    async close() {
      await pool?.close();
      pool = null;
    },
  };
}

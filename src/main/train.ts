import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Config } from '../config/schema';
import type { Logger } from '../shared/logger';
import { openDatabase } from '../db/open';
import { trainAndSave } from '../training/train-run';
import type { TrainingExample } from '../training/train';
import { toClassifierInput } from '../pipeline/classify/input';
import { parseMail } from '../pipeline/parse/parse-mail';
import type { Category } from '../domain/vocabulary';
import { NO_PROGRESS, type Progress } from '../shared/progress';

/**
 * `npm run train`: rebuilds training/model/model.json from training/data plus every agent
 * correction in the database (the latest correction per mail wins). Without a configured or
 * existing embedded database it trains on the files alone, and says so.
 */
export async function trainCommand(config: Config, log: Logger, out: (s: string) => void, opts: { outFile?: string; progress?: Progress } = {}): Promise<void> {
  const progress = opts.progress ?? NO_PROGRESS;
  const corrections = await loadCorrections(config, log, out, progress);
  const r = await trainAndSave({ extra: corrections, outFile: opts.outFile, progress });
  for (const w of r.warnings) out(`warning: ${w}`);
  out(`trained on ${r.examples} examples (${corrections.length} from agents' corrections); wrote ${r.file} (${(r.bytes / 1024).toFixed(0)} KiB)`);
}

export async function loadCorrections(config: Config, log: Logger, out: (s: string) => void, progress: Progress = NO_PROGRESS): Promise<TrainingExample[]> {
  if (!config.DATABASE_URL && !existsSync(join(config.DATA_DIR, 'pglite'))) {
    out('no database configured: training on training/data only');
    return [];
  }
  const db = await openDatabase(config, log, { migrate: true });
  try {
    const rows: { id: number; to_category: Category; raw: Buffer | null }[] = await db.dataSource.query(
      `SELECT DISTINCT ON (c.inbound_mail_id) c.id, c.to_category, m.raw
         FROM classification_corrections c JOIN inbound_mails m ON m.id = c.inbound_mail_id
        ORDER BY c.inbound_mail_id, c.id DESC`,
    );
    const examples: TrainingExample[] = [];
    progress.phase("reading agents' corrections", rows.length);
    for (const r of rows) {
      progress.tick();
      if (!r.raw) continue;
      const parsed = await parseMail(r.raw);
      examples.push({ id: `db:correction:${r.id}`, category: r.to_category, input: toClassifierInput(parsed), source: `db:correction:${r.id}` });
    }
    return examples;
  } finally {
    await db.close();
  }
}

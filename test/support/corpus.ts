import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';

/**
 * The shared MIME corpus (../shared/corpus/mime beside the checkout, as on developers'
 * machines and in CI), or MIME_CORPUS_DIR. Null when it is not there: the tests that need it
 * say so and skip.
 */
export function mimeCorpusDir(): string | null {
  const candidates = [process.env.MIME_CORPUS_DIR, join(__dirname, '..', '..', '..', 'shared', 'corpus', 'mime'), '/work/shared/corpus/mime'];
  return candidates.find((d): d is string => !!d && existsSync(join(d, 'MANIFEST.csv'))) ?? null;
}

export function mimeCorpusFiles(dir: string): string[] {
  return (parse(readFileSync(join(dir, 'MANIFEST.csv')), { columns: true, skip_empty_lines: true }) as { file: string }[]).map((r) => r.file);
}

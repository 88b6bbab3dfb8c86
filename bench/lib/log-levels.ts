/**
 * What a worker wrote to its log during a phase, by pino level, and its distinct warnings and
 * errors: a phase whose figures look right but whose log is full of retries is not a good run.
 */
import { readFileSync } from 'node:fs';

export interface LogLevels {
  counts: Record<string, number>;
  /** The most frequent distinct warn/error/fatal lines (at most 8), as "N× level: msg (err)". */
  problems: string[];
}

/** Counts the worker's log lines by level; the distinct warn/error messages. */
export function logLevels(file: string): LogLevels {
  const names: Record<number, string> = { 10: 'trace', 20: 'debug', 30: 'info', 40: 'warn', 50: 'error', 60: 'fatal' };
  const counts: Record<string, number> = {};
  const problems = new Map<string, number>();
  let text = '';
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return { counts, problems: [] };
  }
  for (const line of text.split('\n')) {
    if (!line.startsWith('{')) {
      if (line.trim()) counts.other = (counts.other ?? 0) + 1;
      continue;
    }
    try {
      const j = JSON.parse(line) as { level: number; msg?: string; err?: string };
      const lv = names[j.level] ?? String(j.level);
      counts[lv] = (counts[lv] ?? 0) + 1;
      if (j.level >= 40) {
        const key = `${lv}: ${j.msg ?? ''}${j.err ? ` (${String(j.err).slice(0, 120)})` : ''}`;
        problems.set(key, (problems.get(key) ?? 0) + 1);
      }
    } catch {
      counts.other = (counts.other ?? 0) + 1;
    }
  }
  return { counts, problems: [...problems.entries()].sort((a, b) => b[1] - a[1]).slice(0, 8).map(([k, n]) => `${n}× ${k}`) };
}

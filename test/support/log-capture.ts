import { Writable } from 'node:stream';
import pino from 'pino';
import type { Logger } from '../../src/shared/logger';

export interface CapturedLine {
  level: number;
  msg: string;
  [key: string]: unknown;
}

/** A real pino logger whose JSON lines are kept in memory, for tests that count or read log lines. */
export function captureLog(level = 'info'): { log: Logger; lines: CapturedLine[] } {
  const lines: CapturedLine[] = [];
  let partial = '';
  const stream = new Writable({
    write(chunk: Buffer, _enc, cb) {
      const text = partial + chunk.toString('utf8');
      const parts = text.split('\n');
      partial = parts.pop() ?? '';
      for (const p of parts) if (p.trim()) lines.push(JSON.parse(p) as CapturedLine);
      cb();
    },
  });
  return { log: pino({ level, base: {} }, stream), lines };
}

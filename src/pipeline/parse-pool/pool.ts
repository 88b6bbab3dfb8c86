import { existsSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import Piscina from 'piscina';
import type { MailView } from '../view/build-view';
import type { ParseResult, ThreadTask } from './thread';
import type { ParsedInbound } from '../parse/types';

/**
 * A small pool of worker threads (piscina) for everything that reads a mail's content: the
 * parse, the HTML work and the agents' view. Each thread has its own heap limit, and each
 * mail a deadline; a mail that runs out of either fails alone (ParseFailure) — the thread is
 * replaced and the worker process, its event loop and the other mails carry on.
 *
 * Measured before this: a 21 MB mail made of one 15 MiB "word" killed a 256 MB worker
 * (heap exhaustion, over and over, since the recovery sweep handed it back), and 2 MB of
 * nested tags held the event loop for 25–46 s. The parse limits (limits.ts) make both cheap;
 * the pool makes sure the next such mail, whatever it is, cannot do that either.
 */
export interface ParsePoolOptions {
  threads: number;
  /** Per mail: a parse still running after this is stopped (its thread is terminated). */
  timeoutMs: number;
  /** Old-generation heap of each thread, in MB. */
  maxHeapMb: number;
}

export type ParseOutcome = { ok: true; parsed: ParsedInbound; view: MailView | null } | { ok: false; error: string; view: MailView | null };

/** The parse did not finish: it ran out of time or memory, or its thread died. */
export class ParseFailure extends Error {
  readonly code = 'PARSE_FAILED';
  constructor(
    readonly kind: 'timeout' | 'out-of-memory' | 'crash',
    message: string,
  ) {
    super(message);
  }
}

export interface ParsePool {
  /** Parses one mail (and builds its view when asked); rejects with ParseFailure. */
  parse(raw: Buffer, opts?: { view?: boolean }): Promise<ParseOutcome>;
  /** The bytes of one attachment (matched by size and SHA-256), or null. */
  attachment(raw: Buffer, wanted: { size: number; sha256: string }): Promise<Buffer | null>;
  close(): Promise<void>;
}

/**
 * The thread's script: thread.js next to this file. Under jest (TypeScript sources) it is the
 * compiled copy in dist/, which `npm test` builds first.
 */
function threadFile(): string {
  const here = join(__dirname, 'thread.js');
  if (existsSync(here)) return here;
  let root = __dirname;
  while (!existsSync(join(root, 'package.json'))) root = resolve(root, '..');
  const compiled = join(root, 'dist', relative(root, __dirname), 'thread.js');
  if (!existsSync(compiled)) throw new Error(`parse pool: ${compiled} is missing; run \`npm run build\``);
  return compiled;
}

export function createParsePool(opts: ParsePoolOptions): ParsePool {
  const pool = new Piscina<ThreadTask, ParseResult | Uint8Array | null>({
    filename: threadFile(),
    maxThreads: Math.max(1, opts.threads),
    minThreads: Math.max(1, opts.threads),
    idleTimeout: 60_000,
    resourceLimits: { maxOldGenerationSizeMb: opts.maxHeapMb, maxYoungGenerationSizeMb: 32 },
  });
  // Tasks are handed to piscina only when a thread is free, so a mail's deadline counts its own
  // parse, not the time it waited behind a slow one.
  const threads = Math.max(1, opts.threads);
  let running = 0;
  const waiting: (() => void)[] = [];
  const slot = async (): Promise<void> => {
    if (running < threads) {
      running++;
      return;
    }
    await new Promise<void>((resolve) => waiting.push(resolve));
  };
  const release = (): void => {
    const next = waiting.shift();
    if (next) next();
    else running--;
  };
  const run = async <R>(task: ThreadTask, what: string): Promise<R> => {
    await slot();
    try {
      return (await pool.run(task, { signal: AbortSignal.timeout(opts.timeoutMs) })) as R;
    } catch (err) {
      const e = err as { name?: string; code?: string; message?: string };
      if (e.name === 'AbortError' || e.name === 'TimeoutError') throw new ParseFailure('timeout', `${what} did not finish within ${opts.timeoutMs} ms`);
      if (e.code === 'ERR_WORKER_OUT_OF_MEMORY') throw new ParseFailure('out-of-memory', `${what} ran out of memory (limit ${opts.maxHeapMb} MB)`);
      throw new ParseFailure('crash', `${what} failed: ${e.message ?? String(err)}`);
    } finally {
      release();
    }
  };
  return {
    parse: (raw, o = {}) => run<ParseOutcome>({ op: 'parse', raw, view: o.view ?? true }, 'parsing the mail'),
    async attachment(raw, wanted) {
      const bytes = await run<Uint8Array | null>({ op: 'attachment', raw, ...wanted }, 'reading the attachment');
      return bytes ? Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) : null;
    },
    close: () => pool.destroy(),
  };
}

/**
 * Quiet logging of an outside service that is down. A 45-second mailbox restart once wrote
 * hundreds of thousands of lines; this writes a handful:
 *  - one warning per failed attempt for the first `verboseAttempts` attempts (attempt number,
 *    next delay, error);
 *  - after that, each distinct error at most once per `repeatEveryMs` (with how many attempts
 *    were folded into it), so errors that alternate (a refused connection, a timed-out
 *    command) do not each make a line every time;
 *  - one info line when the service is back, with how long it was down.
 * It also remembers the outage (since when, last error) for /healthz.
 */
export interface OutageLogger {
  warn(obj: object, msg: string): void;
  info(obj: object, msg: string): void;
}

export interface Outage {
  /** When the first failure of this outage happened (ms since epoch). */
  since: number;
  attempts: number;
  lastError: string;
}

export interface OutageLogOptions {
  verboseAttempts?: number;
  repeatEveryMs?: number;
  now?: () => number;
  /** Extra fields on every line (e.g. { stage: 'fetch' }). */
  fields?: Record<string, unknown>;
}

export class OutageLog {
  private outage: Outage | null = null;
  /** Per distinct error of this outage: when it was last logged, and attempts folded since. */
  private logged = new Map<string, { at: number; folded: number }>();
  private readonly verbose: number;
  private readonly repeatMs: number;
  private readonly now: () => number;
  private readonly fields: Record<string, unknown>;

  constructor(
    private readonly log: OutageLogger,
    private readonly service: string,
    opts: OutageLogOptions = {},
  ) {
    this.verbose = opts.verboseAttempts ?? 3;
    this.repeatMs = opts.repeatEveryMs ?? 60_000;
    this.now = opts.now ?? Date.now;
    this.fields = opts.fields ?? {};
  }

  /** A failed attempt; `nextDelayMs` is when the caller tries again (null: it does not). */
  failure(err: unknown, nextDelayMs: number | null): void {
    const error = errorMessage(err);
    const now = this.now();
    this.outage = this.outage
      ? { ...this.outage, attempts: this.outage.attempts + 1, lastError: error }
      : { since: now, attempts: 1, lastError: error };
    const { attempts } = this.outage;
    const last = this.logged.get(error);
    if (attempts > this.verbose && last && now - last.at < this.repeatMs) {
      last.folded++;
      return;
    }
    const folded = last?.folded ?? 0;
    this.log.warn(
      {
        ...this.fields,
        service: this.service,
        attempt: attempts,
        nextRetryMs: nextDelayMs,
        downForMs: now - this.outage.since,
        err: error,
        ...(folded ? { sameErrorSinceLastLine: folded } : {}),
      },
      `${this.service} unavailable (attempt ${attempts}${nextDelayMs === null ? '' : `, next in ${formatMs(nextDelayMs)}`}): ${error}`,
    );
    this.logged.set(error, { at: now, folded: 0 });
  }

  /** The service answered again: one line if it had been down. */
  recovered(): void {
    if (!this.outage) return;
    const downForMs = this.now() - this.outage.since;
    this.log.info(
      { ...this.fields, service: this.service, downForMs, attempts: this.outage.attempts },
      `${this.service} is back after ${formatMs(downForMs)} (${this.outage.attempts} failed attempt${this.outage.attempts === 1 ? '' : 's'})`,
    );
    this.outage = null;
    this.logged.clear();
  }

  /** The current outage, or null while the service works. */
  get current(): Outage | null {
    return this.outage;
  }
}

export function errorMessage(err: unknown): string {
  if (err instanceof Error) {
    const { code, responseText } = err as { code?: unknown; responseText?: unknown };
    let msg = err.message || err.name;
    // imapflow says "Command failed" and keeps the server's words in responseText.
    if (typeof responseText === 'string' && responseText && !msg.includes(responseText)) msg = `${msg}: ${responseText}`;
    return typeof code === 'string' && !msg.includes(code) ? `${msg} (${code})` : msg;
  }
  return String(err);
}

function formatMs(ms: number): string {
  return ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(ms < 10_000 ? 1 : 0)} s`;
}

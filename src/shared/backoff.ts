/**
 * Exponential backoff with jitter, for every retry against an outside service (the mailbox,
 * PostgreSQL, Redis, SMTP, the OAuth token endpoint). Attempt n waits about
 * `initialMs · 2^(n-1)`, capped at `maxMs`, and "equal jitter" takes a random point in the
 * upper half of that step (AWS Architecture Blog, "Exponential Backoff And Jitter"): the delay
 * still grows, but workers that lost the same server at the same moment do not come back in
 * lockstep. Pure: the random source is injected.
 */
export interface BackoffOptions {
  initialMs: number;
  maxMs: number;
  /** Returns a number in [0, 1); Math.random by default. */
  random?: () => number;
}

export function backoffDelay(attempt: number, opts: BackoffOptions): number {
  const n = Math.max(1, Math.floor(attempt));
  // 2^(n-1) overflows to Infinity long before n gets large; the cap applies either way.
  const step = Math.min(opts.maxMs, opts.initialMs * 2 ** Math.min(n - 1, 52));
  const r = (opts.random ?? Math.random)();
  return Math.round(step / 2 + (step / 2) * r);
}

/** Attempt counter around backoffDelay: next() for each failure, reset() after a success. */
export class Backoff {
  private n = 0;

  constructor(private readonly opts: BackoffOptions) {}

  /** The delay before the next attempt (and counts this failure). */
  next(): number {
    this.n++;
    return backoffDelay(this.n, this.opts);
  }

  reset(): void {
    this.n = 0;
  }

  /** Failures since the last success. */
  get attempts(): number {
    return this.n;
  }
}

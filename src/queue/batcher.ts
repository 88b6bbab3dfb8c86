/**
 * Micro-batching: callers submit one item each and get their own result back, while the
 * work runs for many items at once (one database transaction for a batch of mails instead
 * of one per mail). A batch starts when `maxSize` items are waiting or `lingerMs` after the
 * first one arrived, so a lone mail at light load waits only `lingerMs`.
 *
 * `run` returns a result or an Error per item; an item it says nothing about, or a `run`
 * that throws, fails with an Error — one bad item never fails the others by itself.
 */
export class Batcher<T, R> {
  private waiting: { item: T; resolve: (r: R) => void; reject: (e: Error) => void }[] = [];
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly run: (items: T[]) => Promise<Map<T, R | Error>>,
    private readonly opts: { maxSize: number; lingerMs: number },
  ) {}

  submit(item: T): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.waiting.push({ item, resolve, reject });
      if (this.waiting.length >= this.opts.maxSize) this.flush();
      else if (!this.timer) this.timer = setTimeout(() => this.flush(), this.opts.lingerMs);
    });
  }

  /** Starts a batch with whatever is waiting now. */
  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const batch = this.waiting.splice(0, this.opts.maxSize);
    if (this.waiting.length) this.timer = setTimeout(() => this.flush(), this.opts.lingerMs);
    if (!batch.length) return;
    this.run(batch.map((b) => b.item)).then(
      (results) => {
        for (const b of batch) {
          const r = results.get(b.item);
          if (r instanceof Error) b.reject(r);
          else if (r === undefined && !results.has(b.item)) b.reject(new Error('batch returned no result for this item'));
          else b.resolve(r as R);
        }
      },
      (err: unknown) => {
        const e = err instanceof Error ? err : new Error(String(err));
        for (const b of batch) b.reject(e);
      },
    );
  }
}

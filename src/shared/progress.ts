/**
 * How long work reports how far it has come, without knowing where that goes. The commands
 * pass a terminal progress bar (src/main/progress.ts) when stderr is a terminal; everything
 * else gets NO_PROGRESS. Pure: no I/O here.
 */
export interface Progress {
  /** A new stage of the work, with the number of steps it has (0: unknown). */
  phase(label: string, total: number): void;
  /** `n` more steps of the current stage are done. */
  tick(n?: number): void;
  /** The work is over (also after a failure); the display is cleared or closed. */
  done(): void;
}

export const NO_PROGRESS: Progress = { phase() {}, tick() {}, done() {} };

import type { Logger } from '../shared/logger';

/**
 * Shutdown that always finishes. The first SIGTERM/SIGINT runs the process's own stop
 * (mailbox first, running jobs, connections) against SHUTDOWN_TIMEOUT_SECONDS; when the time
 * is up the process exits anyway, with whatever is still pending left to the recovery paths
 * (PostgreSQL keeps every mail and reply; another worker or the next start takes them over).
 * A second signal exits at once.
 */
export function exitOnSignals(log: Logger, timeoutMs: number, stop: (timeoutMs: number) => Promise<void>, exit: (code: number) => void = (c) => process.exit(c)): void {
  let stopping = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (stopping) {
      log.warn({ signal }, 'second signal: exiting now');
      exit(130);
      return;
    }
    stopping = true;
    log.info({ signal, timeoutSeconds: timeoutMs / 1000 }, 'shutting down');
    const hard = setTimeout(() => {
      log.error({ timeoutSeconds: timeoutMs / 1000 }, 'shutdown did not finish in time: exiting with work pending (it is recovered at the next start)');
      exit(1);
    }, timeoutMs);
    // Leave a little of the budget for the exit itself (flushing the log).
    stop(Math.max(0, timeoutMs - 500)).then(
      () => {
        clearTimeout(hard);
        log.info('stopped');
        exit(0);
      },
      (err: Error) => {
        clearTimeout(hard);
        log.error({ err: err.message }, 'unclean shutdown');
        exit(1);
      },
    );
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
}

/**
 * A time budget shared by the steps of a shutdown: each step gets what is left (or a share
 * of it) and is abandoned, not awaited, when that runs out.
 */
export class Deadline {
  readonly missed: string[] = [];
  private readonly end: number;

  constructor(totalMs: number) {
    this.end = Date.now() + totalMs;
  }

  remaining(): number {
    return Math.max(0, this.end - Date.now());
  }

  /** Runs `step` for at most `share` × the remaining time; true when it finished (or failed) in time. */
  async run(name: string, step: () => Promise<unknown>, share = 1): Promise<boolean> {
    const budget = Math.floor(this.remaining() * share);
    let timer: NodeJS.Timeout | undefined;
    const finished = await Promise.race([
      step().then(
        () => true,
        () => true,
      ),
      new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), budget))),
    ]);
    clearTimeout(timer);
    if (!finished) this.missed.push(name);
    return finished;
  }
}

import { Presets, SingleBar } from 'cli-progress';
import { NO_PROGRESS, type Progress } from '../shared/progress';

/**
 * Progress of long commands (import-contacts, run-folder, eval, train, report) for a person at
 * a terminal: a bar per stage on stderr, redrawn in place (cli-progress, at most 10 times a
 * second), left standing when the stage ends, so the last lines say how many of what took
 * how long. Nothing at all when stderr is not a terminal, on CI, for `--json`, or with
 * TERM=dumb: scripts and logs get exactly the output they always got. The command's result
 * (its summary) stays on stdout, as before.
 */
export interface ProgressEnvironment {
  isTTY: boolean | undefined;
  env: NodeJS.ProcessEnv;
  json?: boolean;
}

/** Whether a command shows progress. Pure. */
export function progressWanted(o: ProgressEnvironment): boolean {
  if (!o.isTTY || o.json) return false;
  const ci = o.env.CI;
  if (ci !== undefined && ci !== '' && ci !== '0' && ci.toLowerCase() !== 'false') return false;
  if (o.env.TERM === 'dumb') return false;
  return true;
}

const KNOWN = ' {label} [{bar}] {value}/{total} {percentage}% | {duration_formatted} | ETA {eta_formatted}';
const UNKNOWN = ' {label} … {value} | {duration_formatted}';

/** A bar per stage on `stream` (a terminal). */
export function terminalProgress(stream: NodeJS.WriteStream = process.stderr): Progress {
  let bar: SingleBar | null = null;
  const stop = () => {
    bar?.stop();
    bar = null;
  };
  return {
    phase(label, total) {
      stop();
      bar = new SingleBar(
        {
          stream,
          format: total > 0 ? KNOWN : UNKNOWN,
          hideCursor: true,
          clearOnComplete: false,
          stopOnComplete: false,
          etaBuffer: 50,
          fps: 10,
          // Redraw on a timer too, so a long single step still shows its time passing.
          noTTYOutput: false,
        },
        Presets.shades_classic,
      );
      bar.start(Math.max(total, 0), 0, { label });
    },
    tick(n = 1) {
      bar?.increment(n);
    },
    done() {
      stop();
    },
  };
}

/** The progress display for a command: the bar on a terminal, nothing otherwise. */
export function commandProgress(opts: { json?: boolean } = {}, stream: NodeJS.WriteStream = process.stderr): Progress {
  return progressWanted({ isTTY: stream.isTTY, env: process.env, json: opts.json }) ? terminalProgress(stream) : NO_PROGRESS;
}

import { join } from 'node:path';
import { runCli } from '../../support/cli';
import { ROOT } from '../../support/env';

jest.setTimeout(120_000);

/**
 * `servicedesk kb eval` on the labelled mails in training/kb-eval (the real binary, parser and
 * classifier; no database): one line per mail, then the metrics line, and the test split meets
 * the targets (right article in the top 3 for ≥ 80 %, nothing offered for ≥ 90 % of
 * the mails no article answers). A change to the search, the terms or the catalogue that
 * makes the suggestions worse fails here.
 */
const metrics = (stdout: string) => {
  const last = stdout.trimEnd().split('\n').pop()!;
  const m = /^kb_top3=(\d\.\d\d) kb_none_correct=(\d\.\d\d) n=(\d+)$/.exec(last);
  expect(m).not.toBeNull();
  return { top3: Number(m![1]), none: Number(m![2]), n: Number(m![3]), lines: stdout.trimEnd().split('\n') };
};

it('the test split meets the targets, and every mail has its line', async () => {
  const r = await runCli(['kb', 'eval', join(ROOT, 'training', 'kb-eval', 'test')], { LOG_LEVEL: 'warn' });
  expect(r.code).toBe(0);
  const m = metrics(r.stdout);
  expect(m.n).toBe(53);
  expect(m.lines.filter((l) => /^(ok {2}|MISS) \S+\.eml /.test(l))).toHaveLength(53);
  expect(m.top3).toBeGreaterThanOrEqual(0.8);
  expect(m.none).toBeGreaterThanOrEqual(0.9);
});

it('--min-score is the threshold that decides: at 0 some mails without an article are offered one; out of reach, nothing is ever offered', async () => {
  const tune = join(ROOT, 'training', 'kb-eval', 'tune');
  const none = metrics((await runCli(['kb', 'eval', tune, '--min-score', '0'], { LOG_LEVEL: 'warn' })).stdout);
  const unreachable = metrics((await runCli(['kb', 'eval', tune, '--min-score', '100000'], { LOG_LEVEL: 'warn' })).stdout);
  expect(none.none).toBeLessThan(1);
  expect(unreachable.top3).toBe(0);
  expect(unreachable.none).toBe(1);
});

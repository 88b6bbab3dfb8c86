import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';

/**
 * The dependency rules of .dependency-cruiser.cjs, run by dependency-cruiser as a child process
 * (it is an ES module; jest runs CommonJS): the code keeps them, and they do catch a breach.
 */
const ROOT = join(__dirname, '..', '..');
const run = promisify(execFile);

interface Violation {
  rule: { name: string };
  from: string;
  to: string;
}

async function cruise(cwd: string): Promise<{ violations: Violation[]; modules: number }> {
  const bin = join(ROOT, 'node_modules', 'dependency-cruiser', 'bin', 'dependency-cruise.mjs');
  const { stdout } = await run(process.execPath, [bin, 'src', '--config', join(ROOT, '.dependency-cruiser.cjs'), '--output-type', 'json', '--no-progress'], {
    cwd,
    maxBuffer: 64 * 1024 * 1024,
  }).catch((e: { stdout?: string; stderr?: string }) => {
    // depcruise exits non-zero when it finds errors; the JSON is still on stdout.
    if (e.stdout) return { stdout: e.stdout };
    throw new Error(`dependency-cruiser failed: ${e.stderr ?? e}`);
  });
  const result = JSON.parse(stdout) as { summary: { violations: Violation[]; totalCruised: number } };
  return { violations: result.summary.violations, modules: result.summary.totalCruised };
}

describe('dependency rules', () => {
  it('src/ keeps them: no folder or module cycle, the domain imports nothing, records never import the pipeline', async () => {
    const { violations, modules } = await cruise(ROOT);
    expect(violations.map((v) => `${v.rule.name}: ${v.from} → ${v.to}`)).toEqual([]);
    expect(modules).toBeGreaterThan(200);
  }, 120_000);

  it('a domain module importing node:fs and a tickets ↔ pipeline cycle are caught', async () => {
    const { violations } = await cruise(join(ROOT, 'test', 'fixtures', 'architecture'));
    const found = new Set(violations.map((v) => `${v.rule.name}: ${v.from} → ${v.to}`));
    expect(found).toEqual(
      new Set([
        'domain-imports-nothing: src/domain/vocabulary.ts → fs',
        'records-do-not-know-the-pipeline: src/tickets/open-ticket.ts → src/pipeline/stage.ts',
        'no-module-cycle: src/pipeline/stage.ts → src/tickets/open-ticket.ts',
        'no-folder-cycle: src/tickets → src/pipeline',
        'no-folder-cycle: src/pipeline → src/tickets',
      ]),
    );
  }, 120_000);
});

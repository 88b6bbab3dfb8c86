#!/usr/bin/env node
// `npm test`: everything the tests need, then every jest project (unit, integration, e2e).
// - compiles dist/ (the end-to-end tests run the real `servicedesk` CLI as child processes);
// - checks PostgreSQL and Redis answer, with a hint when they don't;
// - the Dovecot harness installs Dovecot itself when it is missing (scripts/ensure-dovecot.sh).
const { spawnSync } = require('node:child_process');
const { mkdtempSync, readFileSync, rmSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');
const net = require('node:net');

function run(cmd, args) {
  const r = spawnSync(cmd, args, { stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

function reachable(host, port) {
  return new Promise((resolve) => {
    const s = net.connect({ host, port, timeout: 2000 }, () => (s.destroy(), resolve(true)));
    s.on('error', () => resolve(false));
    s.on('timeout', () => (s.destroy(), resolve(false)));
  });
}

(async () => {
  const pg = new URL(process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test');
  const redis = new URL(process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379');
  const missing = [];
  if (!(await reachable(pg.hostname, Number(pg.port || 5432)))) missing.push(`PostgreSQL at ${pg.host} (see README: "Services")`);
  if (!(await reachable(redis.hostname, Number(redis.port || 6379)))) missing.push(`Redis at ${redis.host} (see README: "Services")`);
  if (missing.length) {
    console.error(`The integration tests need:\n  - ${missing.join('\n  - ')}`);
    process.exit(1);
  }
  run('npx', ['tsc', '-p', 'tsconfig.build.json']);
  const dir = mkdtempSync(join(tmpdir(), 'sd-jest-'));
  const resultsFile = join(dir, 'results.json');
  const r = spawnSync('npx', ['jest', '--ci', '--json', `--outputFile=${resultsFile}`, ...process.argv.slice(2)], { stdio: 'inherit' });
  try {
    // One plain closing line that any CI can read, whatever the runner prints above it.
    const res = JSON.parse(readFileSync(resultsFile, 'utf8'));
    console.log(`tests: ${res.numPassedTests} passed, ${res.numFailedTests} failed, ${res.numPendingTests} skipped`);
  } catch {
    console.log('tests: jest wrote no results');
  }
  rmSync(dir, { recursive: true, force: true });
  process.exit(r.status ?? 1);
})();

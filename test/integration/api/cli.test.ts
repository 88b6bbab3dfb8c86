import { checkLogin } from '../../../src/users/users';
import { killHard, runCli, spawnCli } from '../../support/cli';
import { createTestDatabase } from '../../support/db';
import { REDIS_URL, waitUntil } from '../../support/env';
import { freePort } from '../../../harness/ports';

jest.setTimeout(60_000);

/**
 * The real `servicedesk` binary (dist/, built by `npm test`): `users add` reads the password
 * from stdin when piped, and `serve` answers /healthz and guards /api on HTTP_PORT.
 */
let db: Awaited<ReturnType<typeof createTestDatabase>>;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => db?.drop());


it('`users add` creates a user whose password comes from stdin, never from the command line', async () => {
  const env = { DATABASE_URL: db.url, LOG_LEVEL: 'warn' };
  const ok = await runCli(['users', 'add', '--email', 'Leder@Ventu.dk', '--role', 'manager', '--name', 'Lone Leder'], env, 'Et-rigtig-godt-kodeord\n');
  expect(ok).toMatchObject({ code: 0 });
  expect(ok.stdout).toMatch(/^user \d+ leder@ventu\.dk \(manager\) created\n$/);
  expect(await checkLogin(db.dataSource, 'leder@ventu.dk', 'Et-rigtig-godt-kodeord')).toMatchObject({ role: 'manager', name: 'Lone Leder' });

  const bad = await runCli(['users', 'add', '--email', 'x@ventu.dk', '--role', 'root'], env, 'Et-rigtig-godt-kodeord\n');
  expect(bad.code).toBe(1);
  expect(bad.stderr).toContain('role: must be one of agent, manager, admin');
  const list = await runCli(['users', 'list', '--json'], env, '');
  expect(JSON.parse(list.stdout).map((u: { email: string }) => u.email)).toEqual(['leder@ventu.dk']);
});

it('`serve` listens on HTTP_PORT: /healthz without login, /api only with it', async () => {
  const port = await freePort();
  const child = spawnCli(['serve'], { DATABASE_URL: db.url, REDIS_URL, HTTP_PORT: String(port), LOG_LEVEL: 'warn', QUEUE_PREFIX: `sdtest-serve-${port}` });
  try {
    await waitUntil(async () => /agent workspace on/.test(child.output()), 20_000, 'serve to listen');
    const health = await fetch(`http://127.0.0.1:${port}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: 'ok', database: 'ok', redis: 'ok' });
    expect((await fetch(`http://127.0.0.1:${port}/api/tickets`)).status).toBe(401);
    const css = await fetch(`http://127.0.0.1:${port}/static/app.css`);
    expect(css.status).toBe(200);
    expect(css.headers.get('content-type')).toContain('text/css');
    // SIGTERM closes the server, the queues and the database, and exits cleanly.
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  } finally {
    await killHard(child);
  }
});

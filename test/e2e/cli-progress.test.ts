import { spawn } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CLI, runCli } from '../support/cli';
import { ROOT } from '../support/env';

jest.setTimeout(300_000);

/**
 * The long commands as a person runs them at a terminal, and as a script runs them in a pipe:
 * the real CLI under a pseudo-terminal (util-linux `script`), its stdout redirected to a file
 * so the terminal shows stderr alone. On a terminal: a progress bar per stage, then the same
 * summary as always. In a pipe, on CI or with --json: not one byte more than before.
 */
let work: string;
beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'sd-progress-'));
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

const ESC = '\x1b[';
const baseEnv = (dataDir: string): Record<string, string> => ({ DATA_DIR: dataDir, LOG_LEVEL: 'warn' });
const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

/**
 * `servicedesk <args>` with stderr on a pseudo-terminal and stdout into a file. `screen` is
 * what the terminal showed; `stdout` what the command wrote for scripts.
 */
function inTerminal(args: string[], env: Record<string, string>, cli = CLI): Promise<{ code: number | null; screen: string; stdout: string }> {
  const outFile = join(work, `stdout-${Math.random().toString(36).slice(2)}`);
  const command = `${quote(process.execPath)} ${[cli, ...args].map(quote).join(' ')} > ${quote(outFile)}`;
  return new Promise((resolve, reject) => {
    // A fresh environment: no CI variable from the test runner, a terminal type.
    const child = spawn('script', ['-qec', command, '/dev/null'], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', TERM: 'xterm', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let screen = '';
    child.stdout.on('data', (d) => (screen += d));
    child.stderr.on('data', (d) => (screen += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, screen, stdout: readFileSync(outFile, 'utf8') }));
  });
}

/** A registry as a CRM exports it (a bricklayer on gmail.com), and a labelled folder of mails for eval. */
function fixtures(): { companies: string; contacts: string; evalDir: string } {
  const companies = join(work, 'companies.csv');
  const contacts = join(work, 'contacts.csv');
  writeFileSync(companies, `${readFileSync(join(ROOT, 'examples', 'registry', 'companies.csv'), 'utf8').trimEnd()}\nMurer Hansen,gmail.com,basis\n`);
  writeFileSync(contacts, `${readFileSync(join(ROOT, 'examples', 'registry', 'contacts.csv'), 'utf8').trimEnd()}\nMurer Hansen,Ole Hansen,murer.ole@gmail.com\n`);
  const evalDir = join(work, 'eval');
  mkdirSync(join(evalDir, 'mails'), { recursive: true });
  const mail = (from: string, subject: string, text: string) =>
    `From: ${from}\r\nTo: support@microbizz.dk\r\nSubject: ${subject}\r\nDate: Fri, 27 Nov 2026 08:00:00 +0100\r\nMessage-ID: <${Math.random().toString(36).slice(2)}@test.example>\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n${text}\r\n`;
  writeFileSync(join(evalDir, 'mails', 'ole.eml'), mail('Ole Hansen <murer.ole@gmail.com>', 'Appen lukker ned', 'Hej\r\n\r\nAppen lukker ned hver gang jeg åbner en opgave. Vi får fejlen "uventet fejl".\r\n\r\nOle'));
  writeFileSync(join(evalDir, 'mails', 'stranger.eml'), mail('Nabo <nabo.jensen@gmail.com>', 'Appen lukker ned', 'Hej\r\n\r\nAppen lukker ned hver gang jeg åbner en opgave. Vi får fejlen "uventet fejl".\r\n\r\nNabo'));
  const rows = ['file,category,language,sender_status', 'ole.eml,error,da,registered_contact', 'stranger.eml,error,da,unknown_domain'];
  for (const f of readdirSync(join(ROOT, 'examples', 'inbox'))) {
    cpSync(join(ROOT, 'examples', 'inbox', f), join(evalDir, 'mails', f));
  }
  rows.push('01-app-nede.eml,error,da,registered_contact', '02-kreditnota.eml,support,da,registered_contact', '05-autosvar.eml,noise,da,automated', '06-ukendt-afsender.eml,error,da,unknown_domain');
  writeFileSync(join(evalDir, 'labels.csv'), `${rows.join('\n')}\n`);
  cpSync(companies, join(evalDir, 'companies.csv'));
  cpSync(contacts, join(evalDir, 'contacts.csv'));
  return { companies, contacts, evalDir };
}

describe('progress on a terminal, none in a pipe', () => {
  let f: ReturnType<typeof fixtures>;
  beforeAll(() => {
    f = fixtures();
  });

  it('import-contacts and run-folder: bars on the terminal; stdout byte for byte what a pipe gets', async () => {
    const inbox = join(ROOT, 'examples', 'inbox');
    const a = baseEnv(join(work, 'var-tty'));
    const b = baseEnv(join(work, 'var-pipe'));

    const importArgs = ['import-contacts', '--companies', f.companies, '--contacts', f.contacts];
    const shown = await inTerminal(importArgs, a);
    expect(shown.code).toBe(0);
    expect(shown.screen).toContain(ESC);
    expect(shown.screen).toMatch(/ companies \[[█░]+\] 5\/5 100%/);
    expect(shown.screen).toMatch(/ contacts \[[█░]+\] 6\/6 100%/);
    const piped = await runCli(importArgs, b);
    expect(piped.code).toBe(0);
    expect(piped.stderr).toBe('');
    expect(shown.stdout).toBe(piped.stdout);
    // The CRM export with a firm on gmail.com imports, with a warning naming the file and line.
    expect(piped.stdout).toContain('companies: 5 created, 0 updated, 0 unchanged');
    expect(piped.stdout).toContain(`warning: ${f.companies} line 6: gmail.com is a public mail domain (Murer Hansen): kept as information, never used to match senders`);

    const runArgs = (dir: string) => ['run-folder', inbox, '--outbox', join(dir, 'out')];
    const shownRun = await inTerminal(runArgs(join(work, 'var-tty')), a);
    expect(shownRun.code).toBe(0);
    for (const stage of [/ storing mails \[[█░]+\] 6\/6 100%/, / processing mails \[[█░]+\] 6\/6 100%/, / writing replies \[[█░]+\] 5\/5 100%/]) expect(shownRun.screen).toMatch(stage);
    const pipedRun = await runCli(runArgs(join(work, 'var-pipe')), b);
    expect(pipedRun.stderr).toBe('');
    expect(pipedRun.stdout).toMatch(/^files=6 stored=6 duplicates=0 processed=5 ignored=1 quarantined=0 tickets_created=5 replies_written=5 replies_suppressed=0\nreplies in .*\n$/);
    expect(shownRun.stdout.split('\n')[0]).toBe(pipedRun.stdout.split('\n')[0]);

    // CI=true at a terminal: no progress either.
    const ci = await inTerminal(['import-contacts', '--companies', f.companies, '--contacts', f.contacts], { ...a, CI: 'true' });
    expect(ci.code).toBe(0);
    expect(ci.screen).toBe('');
    expect(ci.stdout).toContain('companies: 0 created, 0 updated, 5 unchanged');
  });

  it('report: progress and a summary on the terminal; the report itself is untouched', async () => {
    const a = baseEnv(join(work, 'var-tty'));
    const b = baseEnv(join(work, 'var-pipe'));
    const day = new Date().toISOString().slice(0, 10);
    const from = new Date(Date.now() - 3 * 86_400_000).toISOString().slice(0, 10);
    const args = ['report', 'training', '--from', from, '--to', day, '--format', 'csv'];
    const shown = await inTerminal(args, a);
    expect(shown.code).toBe(0);
    expect(shown.screen).toMatch(new RegExp(` training report ${from} – ${day} \\[[█░]+\\] 2/2 100%`));
    expect(shown.screen).toMatch(/\r?\n5 tickets, 3 companies, 1 training needs, \d offers sent\r?\n/);
    const piped = await runCli(args, b);
    expect(piped.stderr).toBe('');
    expect(shown.stdout).toBe(piped.stdout);
    expect(piped.stdout).toContain('Skovgaard Rengøring ApS');
    // --json at a terminal is for a script: nothing on the terminal but the JSON.
    const json = await inTerminal(['report', 'training', '--from', from, '--to', day, '--format', 'json'], a);
    expect(json.screen).toBe('');
    expect(JSON.parse(json.stdout).period).toEqual({ from, to: day });
  });

  it('eval on a registry with a firm on gmail.com: progress per mail; warnings on stderr; the last stdout line stays the metrics', async () => {
    const env = { LOG_LEVEL: 'warn' };
    const shown = await inTerminal(['eval', f.evalDir], env);
    expect(shown.code).toBe(0);
    expect(shown.screen).toMatch(/ classifying mails \[[█░]+\] 6\/6 100%/);
    expect(shown.screen).toMatch(/ matching senders \[[█░]+\] 6\/6 100%/);
    expect(shown.screen).toMatch(/warning: .*companies\.csv line 6: gmail\.com is a public mail domain \(Murer Hansen\)/);
    const piped = await runCli(['eval', f.evalDir], env);
    expect(piped.code).toBe(0);
    expect(piped.stderr).not.toContain(ESC);
    expect(piped.stderr).not.toMatch(/classifying|matching senders/);
    expect(piped.stderr).toMatch(/^warning: .*line 6: gmail\.com is a public mail domain/);
    // Byte for byte, but for the one timing line.
    const timing = (s: string) => s.replace(/median_classify_ms=[\d.]+/, 'median_classify_ms=…').replace(/p95_classify_ms=[\d.]+/, 'p95_classify_ms=…');
    expect(timing(shown.stdout)).toBe(timing(piped.stdout));
    const lines = piped.stdout.trimEnd().split('\n');
    expect(lines[lines.length - 1]).toMatch(/^macro_f1=\d\.\d{3} accuracy=\d\.\d{3} n=6$/);
    // Ole (registered on gmail.com) is his firm's contact; the stranger at gmail.com is unknown.
    expect(piped.stdout).toContain('sender_status_accuracy=1.000 (6/6)');
    const json = await inTerminal(['eval', f.evalDir, '--json'], env);
    expect(json.screen).not.toMatch(/classifying|matching senders/);
    expect(JSON.parse(json.stdout).senderStatus.accuracy).toBe(1);
  });

  it('train: a counter of examples and the training on a terminal; nothing extra in a pipe', async () => {
    // A copy of the program and its training data, so the committed model is never rewritten.
    const copy = join(work, 'copy');
    for (const dir of ['bin', 'dist', 'training']) cpSync(join(ROOT, dir), join(copy, dir), { recursive: true });
    cpSync(join(ROOT, 'package.json'), join(copy, 'package.json'));
    symlinkSync(join(ROOT, 'node_modules'), join(copy, 'node_modules'));
    const cli = join(copy, 'bin', 'servicedesk.js');
    const modelTime = statSync(join(ROOT, 'training', 'model', 'model.json')).mtimeMs;
    const env = { DATA_DIR: join(work, 'var-none'), LOG_LEVEL: 'warn' };
    const shown = await inTerminal(['train'], env, cli);
    expect(shown.code).toBe(0);
    expect(shown.screen).toMatch(/ reading training data … \d{3,} \| \d+s/);
    expect(shown.screen).toMatch(/ training on \d{3,} examples … 0 \| \d+s/);
    expect(shown.stdout).toMatch(/^no database configured: training on training\/data only\ntrained on \d+ examples \(0 from agents' corrections\); wrote .*model\.json \(\d+ KiB\)\n$/);
    expect(statSync(join(copy, 'training', 'model', 'model.json')).mtimeMs).toBeGreaterThan(modelTime);
    expect(statSync(join(ROOT, 'training', 'model', 'model.json')).mtimeMs).toBe(modelTime);

    const child = spawn(process.execPath, [cli, 'train'], { cwd: copy, env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const code = await new Promise((resolve) => child.on('close', resolve));
    expect(code).toBe(0);
    expect(stderr).toBe('');
    expect(stdout).toBe(shown.stdout);
  });
});

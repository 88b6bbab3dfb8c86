import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig } from '../../src/config/load';
import type { Config } from '../../src/config/schema';
import { readCompaniesCsv, readContactsCsv } from '../../src/contacts/csv';
import { importRegistry } from '../../src/contacts/import';
import type { DataSource } from 'typeorm';
import type { DovecotHandle } from '../../harness/dovecot';
import type { SmtpSink } from '../../harness/smtp-sink';

export const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
export const ROOT = join(__dirname, '..', '..');

/** Environment for a worker wired to this test's database, Dovecot, SMTP sink and a private queue prefix. */
export function workerEnv(p: { databaseUrl: string; dovecot?: DovecotHandle; sink?: SmtpSink; extra?: Record<string, string> }): Record<string, string> {
  const user = p.dovecot?.users[0];
  return {
    DATABASE_URL: p.databaseUrl,
    REDIS_URL,
    QUEUE_PREFIX: `sdtest-${randomBytes(4).toString('hex')}`,
    LOG_LEVEL: 'warn',
    IMAP_POLL_SECONDS: '2',
    // Off unless a test asks for it: parallel test files would compete for one port.
    WORKER_HTTP_PORT: '0',
    ...(p.dovecot && user
      ? { IMAP_HOST: p.dovecot.host, IMAP_PORT: String(p.dovecot.port), IMAP_SECURE: 'false', IMAP_USER: user.user, IMAP_PASSWORD: user.password }
      : {}),
    ...(p.sink ? { SMTP_HOST: p.sink.host, SMTP_PORT: String(p.sink.port), SMTP_SECURE: 'false' } : {}),
    ...p.extra,
  };
}

export function configFrom(env: Record<string, string>): Config {
  return loadConfig(env, { envFile: false });
}

export async function importTestRegistry(ds: DataSource): Promise<void> {
  const dir = join(ROOT, 'test', 'fixtures', 'registry');
  await importRegistry(
    ds,
    readCompaniesCsv(readFileSync(join(dir, 'companies.csv'), 'utf8')),
    readContactsCsv(readFileSync(join(dir, 'contacts.csv'), 'utf8')),
  );
}

export async function waitUntil<T>(fn: () => Promise<T | null | undefined | false>, timeoutMs: number, what: string): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

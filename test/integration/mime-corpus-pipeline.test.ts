import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createTestDatabase } from '../support/db';
import { mimeCorpusDir, mimeCorpusFiles } from '../support/corpus';
import { configFrom, importTestRegistry } from '../support/env';
import { buildPipelineDeps } from '../../src/main/context';
import { storeRawMail } from '../../src/pipeline/ingest/store-raw-mail';
import { processInboundMail } from '../../src/pipeline/process-inbound-mail';
import { replay } from '../../src/pipeline/ingest/mail-state';
import { createLogger } from '../../src/shared/logger';

const dir = mimeCorpusDir();
jest.setTimeout(600_000);

/**
 * Bad input: every message of the shared MIME corpus (1,185 real-world and malformed mails)
 * goes through the real pipeline on PostgreSQL. Each ends processed, ignored or quarantined
 * with its raw bytes kept; nothing throws, nothing stays half-done, and no NUL byte or invalid
 * UTF-8 reaches a text column (PostgreSQL would refuse it and the mail would fail).
 */
(dir ? describe : describe.skip)('the MIME corpus through the pipeline', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  beforeAll(async () => {
    db = await createTestDatabase();
    await importTestRegistry(db.dataSource);
  });
  afterAll(async () => db?.drop());

  it('every message ends as a ticket, ignored or quarantined, with its bytes kept', async () => {
    // Many corpus mails share senders: the reply budget is not what this test is about.
    const config = configFrom({ DATABASE_URL: 'postgres://unused@127.0.0.1/x', REPLY_BUDGET_PER_HOUR: '100000', REPLY_BUDGET_PER_DAY: '100000' });
    const deps = buildPipelineDeps(config, createLogger('silent'), db.dataSource);
    const files = mimeCorpusFiles(dir!);
    expect(files.length).toBeGreaterThan(1000);
    const failures: string[] = [];
    for (const file of files) {
      const raw = readFileSync(join(dir!, file));
      try {
        const stored = await storeRawMail(db.dataSource, { raw, mailbox: 'corpus' });
        if (!stored.duplicate) await processInboundMail(deps, stored.id);
      } catch (err) {
        failures.push(`${file}: ${(err as Error).message}`);
      }
    }
    expect(failures).toEqual([]);
    const states: { state: string; n: number }[] = await db.dataSource.query(`SELECT state, count(*)::int AS n FROM inbound_mails GROUP BY state ORDER BY state`);
    expect(states.find((s) => s.state === 'received')).toBeUndefined();
    const [{ missing }] = await db.dataSource.query(`SELECT count(*)::int AS missing FROM inbound_mails WHERE raw IS NULL`);
    expect(missing).toBe(0);
    // eslint-disable-next-line no-console
    console.log(`MIME corpus: ${files.length} files → ${states.map((s) => `${s.state}=${s.n}`).join(' ')}`);

    // A quarantined mail can be replayed: it goes back to received and is processed again.
    const [q] = await db.dataSource.query(`SELECT id FROM inbound_mails WHERE state = 'quarantined' LIMIT 1`);
    if (q) {
      expect(await replay(db.dataSource, String(q.id))).toBe(true);
      const outcome = await processInboundMail(deps, String(q.id));
      expect(['processed', 'ignored', 'quarantined']).toContain(outcome.state);
    }
  });
});

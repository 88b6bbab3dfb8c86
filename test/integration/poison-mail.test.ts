import { createTestDatabase } from '../support/db';
import { buildMail } from '../support/mails';
import { giantWordMail } from '../../harness/hostile-mail';
import { configFrom, importTestRegistry } from '../support/env';
import { buildPipelineDeps } from '../../src/main/context';
import { createParsePool, type ParsePool } from '../../src/pipeline/parse-pool/pool';
import { storeRawMail } from '../../src/pipeline/ingest/store-raw-mail';
import { processInboundMails } from '../../src/pipeline/process-inbound-mail';
import { replay } from '../../src/pipeline/ingest/mail-state';
import { createLogger } from '../../src/shared/logger';
import type { PipelineDeps } from '../../src/pipeline/deps';

jest.setTimeout(120_000);

/**
 * Poison mail on the real PostgreSQL and the real parse pool: a mail whose parse keeps failing
 * (here: a 500 ms deadline that a 65 MB mail, about a second of parsing, cannot meet) or
 * crashing the process ends in quarantine after MAIL_MAX_FAILED_ATTEMPTS, while the mails beside it are processed; a replay
 * starts it afresh.
 */
describe('a poison mail ends in quarantine; the others flow', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let deps: PipelineDeps;
  let tight: ParsePool;

  beforeAll(async () => {
    db = await createTestDatabase();
    await importTestRegistry(db.dataSource);
    // A deadline with room on both sides, measured on this machine: a fresh thread (a timed-out
    // parse takes its thread with it) needs about 240 ms for the ordinary mail, and the 48 MiB
    // word takes about 1 s on a warm thread. (300 ms against a 12 MiB word, 250–460 ms, was flaky.)
    tight = createParsePool({ threads: 1, timeoutMs: 500, maxHeapMb: 192 });
    deps = { ...buildPipelineDeps(configFrom({ DATABASE_URL: db.url, LOG_LEVEL: 'silent', MAIL_MAX_FAILED_ATTEMPTS: '3', MAX_MAIL_BYTES: String(128 * 1024 * 1024) }), createLogger('silent'), db.dataSource), parser: tight };
  });
  afterAll(async () => {
    await tight.close();
    await db.drop();
  });

  const store = async (raw: Buffer) => (await storeRawMail(db.dataSource, { raw, mailbox: 'INBOX' })).id;
  const row = async (id: string) => (await db.dataSource.query(`SELECT state, strikes, parse_started_at, last_error FROM inbound_mails WHERE id = $1`, [id]))[0];

  it('fails alone, is quarantined at the third strike, and a replay starts it afresh', async () => {
    const slow = await store(giantWordMail(48));
    const ok = await store((await buildMail({ from: 'Mette Fjordby <mette@fjordby-el.dk>', subject: 'Appen', text: 'Appen lukker ned. Det er en fejl.' })).raw);

    const first = await processInboundMails(deps, [slow, ok]);
    expect(first.get(ok)).toMatchObject({ state: 'processed' });
    expect(first.get(slow)).toBeInstanceOf(Error);
    expect(await row(slow)).toMatchObject({ state: 'received', strikes: 1, parse_started_at: null, last_error: expect.stringMatching(/did not finish within 500 ms/) });

    expect((await processInboundMails(deps, [slow])).get(slow)).toBeInstanceOf(Error);
    expect((await processInboundMails(deps, [slow])).get(slow)).toBeInstanceOf(Error);
    expect(await row(slow)).toMatchObject({ state: 'received', strikes: 3 });
    const fourth = (await processInboundMails(deps, [slow])).get(slow);
    expect(fourth).toMatchObject({ state: 'quarantined', reason: expect.stringMatching(/^poison: parsing failed or crashed 3 time\(s\)/) });
    const [view] = await db.dataSource.query(`SELECT parse_error FROM mail_views WHERE inbound_mail_id = $1`, [slow]);
    expect(view.parse_error).toMatch(/poison/);

    expect(await replay(db.dataSource, slow)).toBe(true);
    expect(await row(slow)).toMatchObject({ state: 'received', strikes: 0, parse_started_at: null });
  });

  it('an attempt that finds the previous one never finished (the process died parsing) counts a strike', async () => {
    const id = await store((await buildMail({ from: 'Mette Fjordby <mette@fjordby-el.dk>', subject: 'Hej', text: 'Appen lukker ned.' })).raw);
    // What a worker killed in the middle of this mail's parse leaves behind, twice over.
    await db.dataSource.query(`UPDATE inbound_mails SET parse_started_at = now() - interval '1 minute', strikes = 2 WHERE id = $1`, [id]);
    const out = await processInboundMails(deps, [id]);
    expect(out.get(id)).toMatchObject({ state: 'quarantined', reason: expect.stringMatching(/crashed 3 time\(s\).*never finished/) });
  });

  it('the same mail with a sensible deadline is processed, and its view is kept', async () => {
    const normal = { ...deps, parser: createParsePool({ threads: 1, timeoutMs: 30_000, maxHeapMb: 192 }) };
    try {
      const id = await store((await buildMail({ from: 'Mette Fjordby <mette@fjordby-el.dk>', subject: 'Stor igen', html: `<p>Hej</p><p>${'ord '.repeat(200_000)}</p>` })).raw);
      expect((await processInboundMails(normal, [id])).get(id)).toMatchObject({ state: 'processed' });
      const [view] = await db.dataSource.query(`SELECT subject, length(text) AS n, html IS NOT NULL AS has_html FROM mail_views WHERE inbound_mail_id = $1`, [id]);
      expect(view).toMatchObject({ subject: 'Stor igen', has_html: true });
      expect(view.n).toBeGreaterThan(100_000);
    } finally {
      await normal.parser.close();
    }
  });
});

import { createTestDatabase } from '../support/db';
import { startDovecot, type DovecotHandle } from '../support/dovecot';
import { startSmtpSink, type SmtpSink } from '../support/smtp-sink';
import { buildMail } from '../support/mails';
import { configFrom, importTestRegistry, waitUntil, workerEnv } from '../support/env';
import { startWorker, type RunningWorker } from '../../src/main/worker';
import { listTickets, pipelineStats } from '../../src/tickets/queries';
import { createLogger } from '../../src/shared/logger';

jest.setTimeout(60_000);

describe('a mail above MAX_MAIL_BYTES', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let dovecot: DovecotHandle;
  let sink: SmtpSink;
  let worker: RunningWorker;
  beforeAll(async () => {
    [db, dovecot, sink] = await Promise.all([createTestDatabase(), startDovecot(), startSmtpSink()]);
    await importTestRegistry(db.dataSource);
    worker = await startWorker(configFrom(workerEnv({ databaseUrl: db.url, dovecot, sink, extra: { MAX_MAIL_BYTES: '20000' } })), createLogger('silent'));
  });
  afterAll(async () => {
    await worker?.stop();
    await Promise.allSettled([dovecot?.stop(), sink?.stop()]);
    await db?.drop();
  });

  it('is quarantined unread (headers only), its sender gets one notice, agents get a needs-triage ticket', async () => {
    const big = await buildMail({ from: 'Søren Havn <soeren@havnens-vvs.dk>', subject: 'Billeder af fejlen', text: 'Se vedhæftede billeder. '.repeat(2000) });
    const autoBig = await buildMail({ from: 'Ferie <soeren@havnens-vvs.dk>', subject: 'Automatisk svar', text: 'x'.repeat(40000), headers: { 'Auto-Submitted': 'auto-replied' } });
    expect(big.raw.length).toBeGreaterThan(20000);
    await dovecot.append('support@microbizz.dk', big.raw);
    await dovecot.append('support@microbizz.dk', autoBig.raw);
    const [notice] = await sink.waitFor(1, 20_000);
    expect(notice.parsed.headers.get('x-servicedesk-reply')).toBe('oversize');
    expect(notice.parsed.inReplyTo).toBe(`<${big.messageId}>`);
    expect(notice.parsed.text).toMatch(/for stor/);
    await waitUntil(async () => (await pipelineStats(db.dataSource)).inbound.quarantined === 2, 10_000, 'both mails quarantined');
    const rows = await db.dataSource.query(`SELECT raw IS NULL AS no_raw, length(raw_headers) > 0 AS has_headers, size FROM inbound_mails ORDER BY id`);
    for (const r of rows) expect(r).toMatchObject({ no_raw: true, has_headers: true });
    const [t] = await listTickets(db.dataSource);
    expect(t).toMatchObject({ queue: 'needs_triage', fromAddress: 'soeren@havnens-vvs.dk', messageIds: [big.messageId] });
    await new Promise((r) => setTimeout(r, 1000));
    expect(sink.messages).toHaveLength(1);
  });
});

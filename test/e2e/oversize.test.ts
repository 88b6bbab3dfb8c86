import { createTestDatabase } from '../support/db';
import { startDovecot, type DovecotHandle } from '../../harness/dovecot';
import { startSmtpSink, type SmtpSink } from '../../harness/smtp-sink';
import { buildMail } from '../support/mails';
import { configFrom, importTestRegistry, waitUntil, workerEnv } from '../support/env';
import { startWorker, type RunningWorker } from '../../src/main/worker';
import { listTickets, pipelineStats } from '../../src/tickets/queries';
import { createLogger } from '../../src/shared/logger';

jest.setTimeout(60_000);

/** A database, Dovecot, an SMTP sink and an in-process worker for one describe block. */
function workerStack(extra: Record<string, string> = {}) {
  const stack = {} as { db: Awaited<ReturnType<typeof createTestDatabase>>; dovecot: DovecotHandle; sink: SmtpSink; worker: RunningWorker };
  beforeAll(async () => {
    [stack.db, stack.dovecot, stack.sink] = await Promise.all([createTestDatabase(), startDovecot(), startSmtpSink()]);
    await importTestRegistry(stack.db.dataSource);
    stack.worker = await startWorker(configFrom(workerEnv({ databaseUrl: stack.db.url, dovecot: stack.dovecot, sink: stack.sink, extra })), createLogger('silent'));
  });
  afterAll(async () => {
    await stack.worker?.stop();
    await Promise.allSettled([stack.dovecot?.dispose(), stack.sink?.stop()]);
    await stack.db?.drop();
  });
  return stack;
}

describe('a mail above MAX_MAIL_BYTES', () => {
  const stack = workerStack({ MAX_MAIL_BYTES: '20000' });

  it('is quarantined unread (headers only), its sender gets one notice, agents get a needs-triage ticket', async () => {
    const big = await buildMail({ from: 'Søren Havn <soeren@havnens-vvs.dk>', subject: 'Billeder af fejlen', text: 'Se vedhæftede billeder. '.repeat(2000) });
    const autoBig = await buildMail({ from: 'Ferie <soeren@havnens-vvs.dk>', subject: 'Automatisk svar', text: 'x'.repeat(40000), headers: { 'Auto-Submitted': 'auto-replied' } });
    expect(big.raw.length).toBeGreaterThan(20000);
    await stack.dovecot.append('support@microbizz.dk', big.raw);
    await stack.dovecot.append('support@microbizz.dk', autoBig.raw);
    const [notice] = await stack.sink.waitFor(1, 20_000);
    expect(notice.parsed.headers.get('x-servicedesk-reply')).toBe('oversize');
    expect(notice.parsed.inReplyTo).toBe(`<${big.messageId}>`);
    expect(notice.parsed.text).toMatch(/for stor/);
    await waitUntil(async () => (await pipelineStats(stack.db.dataSource)).inbound.quarantined === 2, 10_000, 'both mails quarantined');
    const rows = await stack.db.dataSource.query(`SELECT raw IS NULL AS no_raw, length(raw_headers) > 0 AS has_headers, size FROM inbound_mails ORDER BY id`);
    for (const r of rows) expect(r).toMatchObject({ no_raw: true, has_headers: true });
    const [t] = await listTickets(stack.db.dataSource);
    expect(t).toMatchObject({ queue: 'needs_triage', fromAddress: 'soeren@havnens-vvs.dk', messageIds: [big.messageId] });
    await new Promise((r) => setTimeout(r, 1000));
    expect(stack.sink.messages).toHaveLength(1);
  });
});

describe('large mails under MAX_MAIL_BYTES', () => {
  const stack = workerStack();

  it('are downloaded whole, stored byte for byte, and processed alongside small ones', async () => {
    // Random bytes as an attachment: base64 that does not compress, several MiB on the wire.
    const blob = (n: number, seed: number) => Buffer.from(Array.from({ length: n }, (_, i) => (i * 7919 + seed * 104729 + (i >> 5)) & 0xff));
    const mails = await Promise.all([
      buildMail({ from: 'Søren Havn <soeren@havnens-vvs.dk>', subject: 'Fejl ved fakturering, log vedhæftet', text: 'Vi får en fejl når vi fakturerer. Loggen er vedhæftet.' }),
      buildMail({ from: 'Søren Havn <soeren@havnens-vvs.dk>', subject: 'Fejl i lagerliste, skærmbilleder', text: 'Lagerlisten viser forkerte antal. Se billederne.' }),
      buildMail({ from: 'Søren Havn <soeren@havnens-vvs.dk>', subject: 'Fejl ved udskrift', text: 'Udskriften af ordren fejler med en tom side.' }),
    ]);
    const withAttachment = async (i: number, bytes: number) => {
      const { default: MailComposer } = await import('nodemailer/lib/mail-composer');
      const composer = new MailComposer({
        from: 'Søren Havn <soeren@havnens-vvs.dk>',
        to: 'support@microbizz.dk',
        subject: `Fejl i rapport ${i}, data vedhæftet`,
        text: 'Rapporten fejler når vi åbner den. Data er vedhæftet.',
        messageId: `<large-${i}-${Date.now()}@test.example>`,
        attachments: [{ filename: `data-${i}.bin`, content: blob(bytes, i) }],
      });
      return new Promise<Buffer>((resolve, reject) => composer.compile().build((err, msg) => (err ? reject(err) : resolve(msg))));
    };
    const large = [await withAttachment(1, 3 * 1024 * 1024), await withAttachment(2, 2 * 1024 * 1024)];
    expect(large[0]!.length).toBeGreaterThan(4 * 1024 * 1024);
    for (const raw of [mails[0]!.raw, large[0]!, mails[1]!.raw, large[1]!, mails[2]!.raw]) await stack.dovecot.append('support@microbizz.dk', raw);

    await stack.sink.waitFor(5, 30_000);
    const stats = await pipelineStats(stack.db.dataSource);
    expect(stats.inbound).toMatchObject({ processed: 5, received: 0, quarantined: 0 });
    const stored: { raw: Buffer; size: number }[] = await stack.db.dataSource.query(`SELECT raw, size FROM inbound_mails WHERE octet_length(raw) > 1048576 ORDER BY id`);
    expect(stored.map((r) => r.raw.equals(large[0]!) || r.raw.equals(large[1]!))).toEqual([true, true]);
    for (const r of stored) expect(r.size).toBe(r.raw.length);
    await new Promise((r) => setTimeout(r, 500));
    expect(stack.sink.messages).toHaveLength(5);
  });
});

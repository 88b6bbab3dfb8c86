import type { DataSource } from 'typeorm';
import { startDovecot, type DovecotHandle } from '../../harness/dovecot';
import { startSmtpSink, type SmtpSink } from '../../harness/smtp-sink';
import { startPrivatePostgres, startPrivateRedis, type PrivateServer } from '../../harness/private-services';
import { buildMail } from '../support/mails';
import { configFrom, importTestRegistry, waitUntil, workerEnv } from '../support/env';
import { captureLog, type CapturedLine } from '../support/log-capture';
import { createDataSource } from '../../src/db/data-source';
import { migrate } from '../../src/db/open';
import { startWorker, type RunningWorker } from '../../src/main/worker';

jest.setTimeout(180_000);

/**
 * PostgreSQL and Redis go away under a running worker while mail keeps arriving: the worker
 * retries with backoff, says so in a handful of log lines, and once they are back every mail
 * is answered, once. (`npm run outage` runs the 45-second version and measures CPU and memory.)
 */
describe('PostgreSQL and Redis go away and come back', () => {
  let pg: PrivateServer;
  let redis: PrivateServer;
  let dovecot: DovecotHandle;
  let sink: SmtpSink;
  let ds: DataSource;
  let worker: RunningWorker | null = null;
  let lines: CapturedLine[] = [];
  const OUTAGE_MS = 8_000;

  beforeAll(async () => {
    [pg, redis, dovecot, sink] = await Promise.all([startPrivatePostgres(), startPrivateRedis(), startDovecot(), startSmtpSink()]);
    ds = createDataSource({ url: pg.url, poolSize: 2 });
    await ds.initialize();
    await migrate(ds);
    await importTestRegistry(ds);
    const captured = captureLog('info');
    lines = captured.lines;
    const env = workerEnv({ databaseUrl: pg.url, dovecot, sink, extra: { REDIS_URL: redis.url, SERVICE_RETRY_MAX_SECONDS: '2', IMAP_RECONNECT_MAX_SECONDS: '2', REPLY_BUDGET_PER_HOUR: '100', REPLY_BUDGET_PER_DAY: '100' } });
    worker = await startWorker(configFrom(env), captured.log, { sweepMs: 1000 });
    await waitUntil(async () => worker!.watcher?.lastSyncAt, 15_000, 'a first mailbox sync');
  });
  afterAll(async () => {
    await worker?.stop();
    if (ds?.isInitialized) await ds.destroy();
    await Promise.allSettled([dovecot?.dispose(), sink?.stop(), redis?.dispose(), pg?.dispose()]);
  });

  const mails = (tag: string, n: number) =>
    Promise.all(Array.from({ length: n }, (_, i) => buildMail({ from: 'Mette Fjordby <mette@fjordby-el.dk>', subject: `${tag} ${i}`, text: 'Appen lukker ned hver gang jeg åbner skemaet. Det er en fejl.' })));
  const answeredOnce = (sent: { messageId: string | null }[]) =>
    sent.every((m) => sink.messages.filter((r) => r.parsed.inReplyTo === `<${m.messageId}>`).length === 1);

  for (const which of ['PostgreSQL', 'Redis'] as const) {
    it(`${which} stopped for ${OUTAGE_MS / 1000} s while mail arrives: few log lines, every mail answered once afterwards`, async () => {
      const server = which === 'PostgreSQL' ? pg : redis;
      const before = await mails(`Før ${which}`, 2);
      for (const m of before) await dovecot.append('support@microbizz.dk', m.raw);
      await waitUntil(async () => answeredOnce(before), 20_000, 'the mails before the outage');

      const mark = lines.length;
      await server.stop();
      const during = await mails(`Under ${which}`, 3);
      for (const m of during) {
        await dovecot.append('support@microbizz.dk', m.raw);
        await new Promise((r) => setTimeout(r, OUTAGE_MS / 4));
      }
      await new Promise((r) => setTimeout(r, OUTAGE_MS / 4));
      const outageLines = lines.length - mark;
      await server.start();
      await waitUntil(async () => answeredOnce([...before, ...during]), 60_000, `every mail answered after ${which} came back`);
      const warns = lines.slice(mark).filter((l) => l.level >= 40);
      // A few services notice (the sweep, the worker lease, the mailbox lease or the queue):
      // each says so a few times, not once per retry.
      expect(outageLines).toBeLessThanOrEqual(25);
      expect(warns.length).toBeLessThanOrEqual(20);
      expect(lines.slice(mark).some((l) => /is back after/.test(l.msg))).toBe(true);
      await new Promise((r) => setTimeout(r, 1500));
      expect(answeredOnce([...before, ...during])).toBe(true);
    });
  }
});

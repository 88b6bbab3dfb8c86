import { randomUUID } from 'node:crypto';
import { Queue } from 'bullmq';
import type { DataSource } from 'typeorm';
import { createTestDatabase } from '../../support/db';
import { startSmtpSink, type SmtpSink } from '../../../harness/smtp-sink';
import { createDataSource } from '../../../src/db/data-source';
import { loadConfig } from '../../../src/config/load';
import type { Config } from '../../../src/config/schema';
import { createLogger } from '../../../src/shared/logger';
import { smtpTransport } from '../../../src/mail/transport';
import { redisConnection } from '../../../src/queue/queues';
import { addDays, previousWeek } from '../../../src/reports/period';
import { sendTrainingReportOnce } from '../../../src/reports/send';
import { REPORT_QUEUE, TRAINING_SCHEDULER_ID, startReportScheduler } from '../../../src/reports/schedule';
import { insertCompany, insertTicket } from './seed';

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const log = createLogger('silent');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Exactly once per period, against the real PostgreSQL, Redis and an SMTP server: several
 * "workers" (each with its own connection pool, like separate processes) race for the same
 * period; only one mail leaves.
 */
describe('scheduled training report: exactly once per period', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let sink: SmtpSink;
  let config: Config;
  const pools: DataSource[] = [];
  const pool = async () => {
    const ds = createDataSource({ url: db.url, poolSize: 3 });
    await ds.initialize();
    pools.push(ds);
    return ds;
  };

  beforeAll(async () => {
    db = await createTestDatabase();
    sink = await startSmtpSink();
    const id = await insertCompany(db.dataSource, 'Havnens VVS & Blik A/S', [{ kind: 'basis' }]);
    await insertTicket(db.dataSource, { companyId: id, category: 'training', topic: 'forms', at: new Date(Date.now() - 7 * 86_400_000).toISOString(), subject: 'Skema fra bunden' });
    config = loadConfig(
      {
        DATABASE_URL: db.url,
        REDIS_URL,
        QUEUE_PREFIX: `test-reports-${randomUUID()}`,
        SMTP_HOST: sink.host,
        SMTP_PORT: String(sink.port),
        REPORT_RECIPIENTS: 'leder@ventu.dk, salg@ventu.dk',
        REPORT_CRON: '* * * * * *', // every second, so a test sees several ticks
        LOG_LEVEL: 'silent',
      },
      { envFile: false },
    );
  });
  afterAll(async () => {
    const q = new Queue(REPORT_QUEUE, { connection: redisConnection(config), prefix: config.QUEUE_PREFIX });
    await q.removeJobScheduler(TRAINING_SCHEDULER_ID);
    await q.obliterate({ force: true });
    await q.close();
    for (const p of pools) await p.destroy();
    await sink.stop();
    await db.drop();
  });
  beforeEach(async () => {
    sink.clear();
    await db.dataSource.query(`DELETE FROM report_runs`);
  });

  it('concurrent callers for the same period: one sends, the others do nothing', async () => {
    const workers = await Promise.all([pool(), pool(), pool()]);
    const transports = workers.map(() => smtpTransport(config));
    try {
      for (let week = 0; week < 8; week++) {
        const from = addDays('2026-09-07', 7 * week);
        const period = { from, to: addDays(from, 6) };
        const outcomes = await Promise.all(workers.map((w, i) => sendTrainingReportOnce(w, transports[i], config, period)));
        expect(outcomes.map((o) => o.state).sort()).toEqual(['already-sent', 'already-sent', 'sent']);
      }
    } finally {
      transports.forEach((t) => t.close());
    }
    expect(sink.messages).toHaveLength(8);
    const runs = await db.dataSource.query(`SELECT period_key, recipients, message_id, sent_at FROM report_runs ORDER BY period_key`);
    expect(runs).toHaveLength(8);
    expect(new Set(runs.map((r: { period_key: string }) => r.period_key)).size).toBe(8);
    for (const r of runs) expect(r.sent_at).not.toBeNull();
    expect(runs[0]).toMatchObject({ period_key: 'training:2026-09-07..2026-09-13', recipients: ['leder@ventu.dk', 'salg@ventu.dk'] });
    expect(sink.messages.map((m) => m.parsed.messageId).sort()).toEqual(runs.map((r: { message_id: string }) => `<${r.message_id}>`).sort());
    expect(sink.messages[0].envelopeTo.sort()).toEqual(['leder@ventu.dk', 'salg@ventu.dk']);
  });

  it('a failed send releases the claim, so a later attempt sends', async () => {
    const period = { from: '2026-10-05', to: '2026-10-11' };
    const transport = smtpTransport(config);
    try {
      await sink.pause();
      await expect(sendTrainingReportOnce(db.dataSource, transport, config, period)).rejects.toThrow();
      expect(await db.dataSource.query(`SELECT * FROM report_runs`)).toEqual([]);
      await sink.resume();
      expect((await sendTrainingReportOnce(db.dataSource, transport, config, period)).state).toBe('sent');
      expect((await sendTrainingReportOnce(db.dataSource, transport, config, period)).state).toBe('already-sent');
    } finally {
      transport.close();
    }
    expect(sink.messages).toHaveLength(1);
  });

  it('two workers with the BullMQ scheduler, ticking every second, and a restart: one mail', async () => {
    const start = async () => Promise.all([startReportScheduler(config, log, await pool()), startReportScheduler(config, log, await pool())]);
    let running = await start();
    expect(await running[0].queue.getJobSchedulersCount()).toBe(1);
    await sink.waitFor(1, 10_000);
    await sleep(3_000);
    await Promise.all(running.map((s) => s.stop()));
    running = await start(); // both "processes" restart
    await sleep(2_500);
    const queue = running[0].queue;
    const completed = await queue.getJobs(['completed'], 0, 200);
    await Promise.all(running.map((s) => s.stop()));

    const runs = await db.dataSource.query(`SELECT period_key FROM report_runs`);
    // Normally one period; two only if the test straddled midnight before a Monday.
    expect(runs.length).toBeGreaterThanOrEqual(1);
    expect(runs.length).toBeLessThanOrEqual(2);
    expect(sink.messages).toHaveLength(runs.length);
    const week = previousWeek(new Date(), config.REPORT_TZ);
    expect(runs.map((r: { period_key: string }) => r.period_key)).toContain(`training:${week.from}..${week.to}`);
    // Several ticks ran; all but one per period found the claim taken.
    expect(completed.length).toBeGreaterThanOrEqual(4);
    expect(completed.filter((j) => j.returnvalue?.state === 'sent')).toHaveLength(runs.length);
    expect(completed.filter((j) => j.returnvalue?.state === 'already-sent').length).toBe(completed.length - runs.length);
    expect(sink.messages[0].parsed.subject).toMatch(/^Undervisningstilbud: uge \d+/);
    expect(sink.messages[0].parsed.attachments.map((a) => a.filename)).toEqual([`undervisningstilbud-${week.from}-${week.to}.csv`]);
    expect(sink.messages[0].parsed.html).toContain('Havnens VVS &amp; Blik A/S');
  }, 30_000);

  it('no recipients: the scheduler is removed and nothing runs', async () => {
    const off = await startReportScheduler({ ...config, REPORT_RECIPIENTS: [] }, log, await pool());
    expect(off.worker).toBeNull();
    expect(await off.queue.getJobSchedulersCount()).toBe(0);
    await off.stop();
  });
});

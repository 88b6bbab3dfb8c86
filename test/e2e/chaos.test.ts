import { Client } from 'pg';
import { createDataSource } from '../../src/db/data-source';
import { migrate } from '../../src/db/open';
import { listTickets, pipelineStats } from '../../src/tickets/queries';
import { startDovecot, type DovecotHandle } from '../../harness/dovecot';
import { startSmtpSink, type SmtpSink } from '../../harness/smtp-sink';
import { buildMail, HUMAN_MAILS } from '../support/mails';
import { importTestRegistry, waitUntil, workerEnv } from '../support/env';
import { killHard, spawnCli } from '../support/cli';
import { startPrivatePostgres, startPrivateRedis, type PrivateServer } from '../../harness/private-services';
import type { DataSource } from 'typeorm';

/**
 * Faults while mail arrives (issue: nothing lost, nothing doubled). Two workers as real
 * processes; during the run: SIGKILL a worker (twice), restart Redis (it keeps nothing, so
 * every queued job vanishes and PostgreSQL must bring them back), restart PostgreSQL, stop
 * the SMTP server for a while. Afterwards every mail is exactly one ticket or one ignored
 * record, and every human mail got exactly one reply.
 *
 * CI runs the short form; `npm run chaos` runs CHAOS_N=2000 with a 30 s SMTP outage.
 */
const N = Number(process.env.CHAOS_N ?? 120);
const SMTP_OUTAGE_MS = Number(process.env.CHAOS_SMTP_OUTAGE_MS ?? 5_000);
jest.setTimeout(Math.max(300_000, N * 600));

describe(`chaos: ${N} mails, two workers, kills and restarts`, () => {
  let pg: PrivateServer;
  let redis: PrivateServer;
  let dovecot: DovecotHandle;
  let sink: SmtpSink;
  let ds: DataSource;

  beforeAll(async () => {
    [pg, redis, dovecot, sink] = await Promise.all([startPrivatePostgres(), startPrivateRedis(), startDovecot(), startSmtpSink()]);
    ds = createDataSource({ url: pg.url, poolSize: 2 });
    await ds.initialize();
    await migrate(ds);
    await importTestRegistry(ds);
  });
  afterAll(async () => {
    if (ds?.isInitialized) await ds.destroy();
    await Promise.allSettled([dovecot?.dispose(), sink?.stop(), redis?.dispose(), pg?.dispose()]);
  });

  it('loses nothing and doubles nothing', async () => {
    const env = workerEnv({
      databaseUrl: pg.url,
      dovecot,
      sink,
      extra: { REDIS_URL: redis.url, REPLY_BUDGET_PER_HOUR: '100000', REPLY_BUDGET_PER_DAY: '100000', OUTBOX_STALE_SECONDS: '60', LOG_LEVEL: 'error' },
    });
    const mails = await Promise.all(
      Array.from({ length: N }, (_, i) =>
        i % 10 === 9
          ? buildMail({ from: 'Ferie <ferie@fjordby-el.dk>', subject: `Automatisk svar ${i}`, text: 'Jeg er på ferie.', headers: { 'Auto-Submitted': 'auto-replied' } })
          : buildMail({ ...HUMAN_MAILS[i % HUMAN_MAILS.length], subject: `${HUMAN_MAILS[i % HUMAN_MAILS.length].subject} #${i}` }),
      ),
    );
    const humans = mails.filter((_, i) => i % 10 !== 9);
    const workers = [spawnCli(['worker'], env), spawnCli(['worker'], env)];
    const faults: [number, string, () => Promise<void>][] = [
      [0.15, 'SIGKILL worker A', async () => { await killHard(workers[0]); workers[0] = spawnCli(['worker'], env); }],
      [0.3, 'restart Redis', () => redis.restart()],
      [0.45, 'restart PostgreSQL', () => pg.restart()],
      [0.6, `SMTP down ${SMTP_OUTAGE_MS} ms`, async () => { await sink.pause(); setTimeout(() => void sink.resume(), SMTP_OUTAGE_MS); }],
      [0.75, 'SIGKILL worker B', async () => { await killHard(workers[1]); workers[1] = spawnCli(['worker'], env); }],
    ];
    try {
      for (let i = 0; i < mails.length; i++) {
        await dovecot.append('support@microbizz.dk', mails[i].raw);
        while (faults.length && i >= faults[0][0] * N) {
          const [, , fault] = faults.shift()!;
          await fault();
        }
        if (i % 20 === 19) await new Promise((r) => setTimeout(r, 100));
      }
      await waitUntil(async () => sink.messages.length >= humans.length, Math.max(240_000, N * 400), `${humans.length} replies`);
      // Time for a wrong second reply or a late duplicate to show up.
      await new Promise((r) => setTimeout(r, 5_000));
    } finally {
      await Promise.all(workers.map((w) => killHard(w)));
    }

    const tickets = await listTickets(ds);
    const ticketIds = tickets.flatMap((t) => t.messageIds);
    const lost = humans.filter((m) => !ticketIds.includes(m.messageId!));
    const doubledTickets = humans.filter((m) => ticketIds.filter((id) => id === m.messageId).length > 1);
    const repliesTo = sink.messages.map((r) => r.parsed.inReplyTo);
    const doubledReplies = humans.filter((m) => repliesTo.filter((x) => x === `<${m.messageId}>`).length > 1);
    const unanswered = humans.filter((m) => !repliesTo.includes(`<${m.messageId}>`));
    expect({ lost: lost.length, doubledTickets: doubledTickets.length, doubledReplies: doubledReplies.length, unanswered: unanswered.length }).toEqual({
      lost: 0,
      doubledTickets: 0,
      doubledReplies: 0,
      unanswered: 0,
    });
    expect(tickets).toHaveLength(humans.length);
    expect(sink.messages).toHaveLength(humans.length);
    const stats = await pipelineStats(ds);
    expect(stats.inbound).toEqual({ received: 0, processed: humans.length, ignored: N - humans.length, quarantined: 0 });
    const c = new Client({ connectionString: pg.url });
    await c.connect();
    const { rows } = await c.query(`SELECT state, count(*)::int AS n FROM outbox GROUP BY state`);
    await c.end();
    expect(rows).toEqual([{ state: 'sent', n: humans.length }]);
  });
});

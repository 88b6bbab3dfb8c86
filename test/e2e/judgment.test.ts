import { createTestDatabase } from '../support/db';
import { startDovecot, type DovecotHandle } from '../../harness/dovecot';
import { startSmtpSink, type SmtpSink, type ReceivedMail } from '../../harness/smtp-sink';
import { buildMail } from '../support/mails';
import { configFrom, importTestRegistry, waitUntil, workerEnv } from '../support/env';
import { runCli } from '../support/cli';
import { LOOPING_BOT, OUTAGE_ONE_LINER, STRANGER_ASKING, TEN_REQUESTS, TRAINING_NEEDS, UNWANTED } from '../support/judgment-mails';
import { startWorker, type RunningWorker } from '../../src/main/worker';
import { listTickets, pipelineStats } from '../../src/tickets/queries';
import { createLogger } from '../../src/shared/logger';

jest.setTimeout(180_000);

/**
 * The judgment at the seed's boundaries, through a real mailbox: spam, phishing and cold
 * outreach get no automatic reply; a registered contact's ten separate requests in one hour
 * all get exactly one; a looping machine is stopped; the training-offer report lists the
 * training needs with their evidence.
 */
describe('judgment through the real pipeline (Dovecot → worker → SMTP sink)', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let dovecot: DovecotHandle;
  let sink: SmtpSink;
  let worker: RunningWorker;
  const ids = { unwanted: [] as string[], requests: [] as string[], training: [] as string[], stranger: '', outage: '', bot: [] as string[] };
  const AUTH = (domain: string) => ({ 'Authentication-Results': `mx1.microbizz.dk; spf=pass smtp.mailfrom=${domain}; dkim=pass header.d=${domain}; dmarc=pass header.from=${domain}` });
  const domainOf = (from: string) => from.replace(/.*@|>.*/g, '');
  const BOT_MAILS = 8;

  beforeAll(async () => {
    [db, dovecot, sink] = await Promise.all([createTestDatabase(), startDovecot(), startSmtpSink()]);
    await importTestRegistry(db.dataSource);
    worker = await startWorker(configFrom(workerEnv({ databaseUrl: db.url, dovecot, sink, extra: { TRUSTED_AUTHSERV_IDS: 'mx1.microbizz.dk' } })), createLogger('silent'));
    const append = async (m: Parameters<typeof buildMail>[0]) => {
      const built = await buildMail({ ...m, headers: { ...AUTH(domainOf(m.from)), ...m.headers } });
      await dovecot.append('support@microbizz.dk', built.raw);
      return built.messageId!;
    };
    for (const m of UNWANTED) ids.unwanted.push(await append(m));
    for (const r of TEN_REQUESTS) ids.requests.push(await append({ from: 'Søren Havn <soeren@havnens-vvs.dk>', subject: r.subject, text: r.text }));
    for (const m of TRAINING_NEEDS) ids.training.push(await append(m));
    ids.stranger = await append(STRANGER_ASKING);
    ids.outage = await append(OUTAGE_ONE_LINER);
    for (let i = 0; i < BOT_MAILS; i++) ids.bot.push(await append(LOOPING_BOT));

    // 10 requests + 3 training offers + 1 stranger + 1 outage + 5 bot replies (the loop budget).
    await sink.waitFor(10 + TRAINING_NEEDS.length + 1 + 1 + 5, 60_000);
    await waitUntil(async () => (await pipelineStats(db.dataSource)).inbound.received === 0, 30_000, 'every mail to be processed');
    // Time for a wrong reply to arrive before asserting that none did.
    await waitUntil(async () => (await pipelineStats(db.dataSource)).replies.pending === 0, 20_000, 'the outbox to drain');
    await new Promise((r) => setTimeout(r, 1500));
  });
  afterAll(async () => {
    await worker?.stop();
    await Promise.allSettled([dovecot?.stop(), sink?.stop()]);
    await db?.drop();
  });

  const repliesTo = (messageId: string): ReceivedMail[] => sink.messages.filter((m) => m.parsed.inReplyTo === `<${messageId}>`);

  it('sends no automatic reply to spam, phishing or cold outreach', async () => {
    for (const id of ids.unwanted) expect(repliesTo(id)).toHaveLength(0);
    const senders = new Set(UNWANTED.map((m) => m.from.replace(/.*<|>.*/g, '').toLowerCase()));
    expect(sink.messages.filter((m) => m.envelopeTo.some((r) => senders.has(r.toLowerCase())))).toHaveLength(0);
    // Each is either filtered as noise or an unanswered needs-triage ticket whose reason is recorded.
    const rows: { state: string; queue: string | null; outbox_state: string | null; reason: string | null }[] = await db.dataSource.query(
      `SELECT m.state, t.queue, o.state AS outbox_state, o.reason
         FROM inbound_mails m LEFT JOIN tickets t ON t.id = m.ticket_id LEFT JOIN outbox o ON o.inbound_mail_id = m.id
        WHERE m.message_id = ANY($1)`,
      [ids.unwanted],
    );
    expect(rows).toHaveLength(UNWANTED.length);
    for (const r of rows) {
      if (r.state === 'ignored') continue;
      expect(r).toMatchObject({ state: 'processed', queue: 'needs_triage', outbox_state: 'suppressed' });
      expect(r.reason).toMatch(/unknown sender/);
    }
  });

  it("answers each of a registered contact's ten separate requests within the hour exactly once", () => {
    for (const id of ids.requests) {
      const replies = repliesTo(id);
      expect(replies).toHaveLength(1);
      expect(String(replies[0]!.parsed.headers.get('x-servicedesk-reply'))).toMatch(/^(error|support|training-offer|service-request|needs-triage)(\/[a-z-]+)?$/);
    }
  });

  it('still answers an unknown sender who clearly asks for help', () => {
    const [reply] = repliesTo(ids.stranger);
    expect(reply?.parsed.headers.get('x-servicedesk-reply')).toMatch(/^(error\/)?unknown-sender$/);
  });

  it("takes a contact's two-line 'is the system down?' for an outage: an error ticket in the error queue, with the error reply", async () => {
    const [reply] = repliesTo(ids.outage);
    expect(String(reply?.parsed.headers.get('x-servicedesk-reply'))).toMatch(/^error(\/[a-z-]+)?$/);
    const t = (await listTickets(db.dataSource)).find((x) => x.messageIds.includes(ids.outage));
    expect(t).toMatchObject({ category: 'error' });
    expect(t!.queue).not.toBe('needs_triage');
  });

  it('stops a machine that repeats itself at the loop budget, and records why', async () => {
    const answered = ids.bot.filter((id) => repliesTo(id).length === 1);
    expect(answered).toHaveLength(5);
    expect(ids.bot.every((id) => repliesTo(id).length <= 1)).toBe(true);
    const suppressed: { reason: string }[] = await db.dataSource.query(`SELECT reason FROM outbox WHERE to_address = $1 AND state = 'suppressed'`, ['monitor@havnens-vvs.dk']);
    expect(suppressed).toHaveLength(BOT_MAILS - 5);
    for (const s of suppressed) expect(s.reason).toMatch(/limit 5, loop budget\); loop-like: sender is not a registered support contact/);
  });

  it('the training-offer report lists every training need, with its evidence', async () => {
    const tickets = await listTickets(db.dataSource);
    const trainingTickets = tickets.filter((t) => t.category === 'training');
    for (const id of ids.training) {
      const t = tickets.find((x) => x.messageIds.includes(id));
      expect(t?.category).toBe('training');
      expect(t?.trainingEvidence.length).toBeGreaterThan(0);
    }
    const today = new Date().toLocaleDateString('sv-SE', { timeZone: 'Europe/Copenhagen' });
    const res = await runCli(['report', 'training', '--from', today, '--to', today, '--format', 'json'], { DATABASE_URL: db.url, LOG_LEVEL: 'silent' });
    expect(res.code).toBe(0);
    const report = JSON.parse(res.stdout);
    const listed = [...report.companies.flatMap((c: { trainingTicketList: unknown[] }) => c.trainingTicketList), ...report.unmatchedTrainingTickets] as { reference: string; evidence: string[] }[];
    expect(listed.map((x) => x.reference).sort()).toEqual(trainingTickets.map((t) => t.reference).sort());
    for (const id of ids.training) {
      const ref = tickets.find((x) => x.messageIds.includes(id))!.reference;
      expect(listed.find((x) => x.reference === ref)!.evidence.join(' ')).toMatch(/ny bruger|forstår ikke|gennemgang|ved ikke hvor|undervis|ord der pegede/);
    }
  });
});

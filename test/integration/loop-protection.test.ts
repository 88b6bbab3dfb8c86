import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestDatabase } from '../support/db';
import { buildMail } from '../support/mails';
import { configFrom, importTestRegistry } from '../support/env';
import { buildPipelineDeps } from '../../src/main/context';
import { storeRawMail } from '../../src/pipeline/ingest/store-raw-mail';
import { processInboundMail } from '../../src/pipeline/process-inbound-mail';
import { sendReply } from '../../src/mail/send-reply';
import { folderTransport } from '../../src/mail/transport';
import { createLogger } from '../../src/shared/logger';
import type { PipelineDeps } from '../../src/pipeline/deps';

jest.setTimeout(120_000);

/** Twelve separate, different requests one customer might send in an hour (subject, text). */
const SEPARATE_REQUESTS: [string, string][] = [
  ['Kreditnota', 'Hej\n\nHvordan laver jeg en kreditnota på to linjer af faktura 20417? Kunden har fået for mange timer.\n\nMvh Søren'],
  ['Ny lærling', 'Hej\n\nVi har fået en lærling, Oliver, som skal have en bruger i appen. Kan I oprette ham? oliver@havnens-vvs.dk\n\nSøren'],
  ['Timer forsvundet', 'Hej\n\nAlle timer fra i går er væk for to af montørerne. De kunne ses i morges, nu står der nul.\n\nSøren'],
  ['Kursus i skemaer', 'Hej\n\nEr der plads til to fra os på skemakurset i marts? Vi vil gerne lære at lave vores egne servicerapporter.\n\nSøren'],
  ['Logo på tilbud', 'Hej\n\nKan I skifte logoet på vores tilbud til det nye, jeg har vedhæftet? Fakturaen har allerede det nye.\n\nSøren'],
  ['Ferie i planlægningen', 'Hej\n\nKan man lægge en medarbejders ferie ind, så han ikke bliver planlagt på de faste opgaver i ugerne 28-30?\n\nSøren'],
  ['Lagerflytning', 'Hej\n\nHvordan flytter jeg varer fra lageret til en servicebil, så det står rigtigt på bilen?\n\nSøren'],
  ['Appen lukker ned', 'Hej\n\nAppen lukker ned hos Kasper, hver gang han tager et billede på en opgave. Han har en ny iPhone.\n\nSøren'],
  ['Betalingsbetingelser', 'Hej\n\nHvor ændrer jeg standard betalingsbetingelse for nye kunder fra 8 til 14 dage?\n\nSøren'],
  ['Rapport over kørsel', 'Hej\n\nFindes der en rapport, der viser kørte kilometer pr. montør pr. måned?\n\nSøren'],
  ['Dinero', 'Hej\n\nKunderne bliver ikke overført til Dinero længere, der står "Forbindelse afvist" i loggen.\n\nSøren'],
  ['Ekstra supportkontakt', 'Hej\n\nVi vil gerne købe en ekstra supportkontakt til vores kontorchef Lone (lone@havnens-vvs.dk).\n\nSøren'],
];

/** Loop protection on the real PostgreSQL: the pipeline without IMAP, replies written by nodemailer to a folder. */
describe('loop protection', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let deps: PipelineDeps;
  let outDir: string;
  const config = configFrom({ DATABASE_URL: 'postgres://unused@127.0.0.1/x', LOG_LEVEL: 'silent' });

  beforeAll(async () => {
    db = await createTestDatabase();
    await importTestRegistry(db.dataSource);
    deps = buildPipelineDeps(config, createLogger('silent'), db.dataSource);
    outDir = mkdtempSync(join(tmpdir(), 'sd-loop-'));
  });
  afterAll(async () => {
    await db.drop();
    rmSync(outDir, { recursive: true, force: true });
  });

  async function deliver(raw: Buffer) {
    const stored = await storeRawMail(db.dataSource, { raw, mailbox: 'INBOX' });
    return processInboundMail(deps, stored.id);
  }
  const repliesTo = async (address: string) =>
    (await db.dataSource.query(`SELECT state, reason FROM outbox WHERE to_address = $1 ORDER BY id`, [address])) as { state: string; reason: string | null }[];

  it('a storm of 200 auto-replies from one address: no ticket, no reply', async () => {
    for (let i = 0; i < 200; i++) {
      const m = await buildMail({
        from: 'Ferie <ferie@storm.example>',
        subject: `Automatisk svar: [MB-00000${i % 9}] Vi har modtaget din henvendelse`,
        text: 'Jeg er på ferie.',
        headers: i % 2 ? { 'Auto-Submitted': 'auto-replied' } : { 'X-Autoreply': 'yes', Precedence: 'auto_reply' },
      });
      expect((await deliver(m.raw)).state).toBe('ignored');
    }
    expect(await repliesTo('ferie@storm.example')).toEqual([]);
    const [{ n }] = await db.dataSource.query(`SELECT count(*)::int AS n FROM tickets WHERE from_address = 'ferie@storm.example'`);
    expect(n).toBe(0);
  });

  it('ping-pong with an auto-responder that sets no headers but threads: one reply, then silence', async () => {
    let previousReply: string | undefined;
    for (let i = 0; i < 30; i++) {
      const m = await buildMail({
        from: 'Robot <robot@pingpong.example>',
        subject: `Re: Tak for din mail ${i}`,
        text: 'Hej\n\nVores system kan ikke åbne fakturaerne, der kommer en fejl 500. Venligst undersøg det.\n',
        inReplyTo: previousReply,
      });
      const outcome = await deliver(m.raw);
      expect(outcome.state).toBe('processed');
      if (outcome.state === 'processed' && outcome.outboxId) {
        await sendReply(db.dataSource, folderTransport(outDir), config, outcome.outboxId);
        [{ message_id: previousReply }] = await db.dataSource.query(`SELECT message_id FROM outbox WHERE id = $1`, [outcome.outboxId]);
      }
    }
    // Every answer to our reply joins the ticket, and a follow-up gets no new acknowledgement.
    expect(await repliesTo('robot@pingpong.example')).toEqual([{ state: 'sent', reason: null }]);
  });

  it('a responder that never threads: replies stop at the budget (5 per hour), the rest are recorded as suppressed', async () => {
    for (let i = 0; i < 30; i++) {
      const m = await buildMail({
        from: 'Bot <bot@nothread.example>',
        subject: `Ny besked ${i}`,
        text: 'Hej\n\nVores system kan ikke åbne fakturaerne, der kommer en fejl 500. Venligst undersøg det.\n',
      });
      const outcome = await deliver(m.raw);
      expect(outcome.state).toBe('processed');
      if (outcome.state === 'processed' && outcome.outboxId) await sendReply(db.dataSource, folderTransport(outDir), config, outcome.outboxId);
    }
    const replies = await repliesTo('bot@nothread.example');
    expect(replies).toHaveLength(30);
    expect(replies.filter((r) => r.state === 'sent')).toHaveLength(5);
    for (const r of replies.slice(5)) {
      expect(r.state).toBe('suppressed');
      expect(r.reason).toMatch(/budget: 5 automatic replies to bot@nothread.example in the last hour/);
    }
    // The same reason as a code, for the workspace to put into the reader's language.
    const [detail] = await db.dataSource.query(`SELECT reason_detail FROM outbox WHERE to_address = 'bot@nothread.example' AND state = 'suppressed' ORDER BY id LIMIT 1`);
    expect(detail.reason_detail).toEqual({ code: 'reply.budget_hour', params: { count: 5, address: 'bot@nothread.example', limit: 5, budget: 'loop', signals: 'not_contact' } });
    // Every mail still became a ticket.
    const [{ n }] = await db.dataSource.query(`SELECT count(*)::int AS n FROM tickets WHERE from_address = 'bot@nothread.example'`);
    expect(n).toBe(30);
  });

  it("a registered contact's separate requests are all acknowledged; the same text again is a loop", async () => {
    const requests = SEPARATE_REQUESTS.slice(0, 12);
    for (const [subject, text] of requests) {
      const outcome = await deliver((await buildMail({ from: 'Søren Havn <soeren@havnens-vvs.dk>', subject, text })).raw);
      expect(outcome.state).toBe('processed');
      if (outcome.state === 'processed' && outcome.outboxId) await sendReply(db.dataSource, folderTransport(outDir), config, outcome.outboxId);
    }
    const acks = await repliesTo('soeren@havnens-vvs.dk');
    expect(acks).toHaveLength(requests.length);
    expect(acks.every((r) => r.state === 'sent')).toBe(true);

    // The same mail sent again (no threading) is a resend or a loop: the loop budget applies,
    // and twelve replies this hour are already over it.
    for (let i = 0; i < 3; i++) {
      const outcome = await deliver((await buildMail({ from: 'Søren Havn <soeren@havnens-vvs.dk>', subject: requests[0]![0], text: requests[0]![1] })).raw);
      expect(outcome).toMatchObject({ state: 'processed' });
    }
    const after = await repliesTo('soeren@havnens-vvs.dk');
    expect(after.slice(requests.length).map((r) => r.state)).toEqual(['suppressed', 'suppressed', 'suppressed']);
    expect(after[after.length - 1]!.reason).toMatch(/limit 5, loop budget\); loop-like: same text as \d+ earlier mail/);
  });

  it("a machine mailing the same alert from a registered contact's address is stopped at the loop budget", async () => {
    const alert = 'Alarm fra kølerum 4: temperaturen er over grænseværdien. Kontakt servicetekniker.\n';
    for (let i = 0; i < 10; i++) {
      const outcome = await deliver((await buildMail({ from: 'Jens Holm <jh@fjordby-el.dk>', subject: `Alarm ${1000 + i}`, text: alert })).raw);
      expect(outcome.state).toBe('processed');
      if (outcome.state === 'processed' && outcome.outboxId) await sendReply(db.dataSource, folderTransport(outDir), config, outcome.outboxId);
    }
    const replies = await repliesTo('jh@fjordby-el.dk');
    expect(replies).toHaveLength(10);
    expect(replies.filter((r) => r.state === 'sent')).toHaveLength(5);
    for (const r of replies.slice(5)) expect(r.reason).toMatch(/loop budget\); loop-like: same text as/);
  });

  it('our own reply coming back is ignored', async () => {
    const [{ message_id, body_text }] = await db.dataSource.query(`SELECT message_id, body_text FROM outbox WHERE state = 'sent' LIMIT 1`);
    const echo = await buildMail({ from: 'Microbizz Servicedesk <support@microbizz.dk>', subject: 'echo', text: body_text, messageId: message_id });
    expect(await deliver(echo.raw)).toMatchObject({ state: 'ignored' });
  });

  it('a bounce of one of our replies marks it bounced and sends nothing', async () => {
    const human = await buildMail({ from: 'Mette Fjordby <mette@fjordby-el.dk>', subject: 'Kan ikke logge ind', text: 'Ingen af os kan logge ind i Microbizz siden i morges, vi får en fejl ved login.' });
    const outcome = await deliver(human.raw);
    if (outcome.state !== 'processed' || !outcome.outboxId) throw new Error(`expected a reply, got ${JSON.stringify(outcome)}`);
    await sendReply(db.dataSource, folderTransport(outDir), config, outcome.outboxId);
    const [{ message_id }] = await db.dataSource.query(`SELECT message_id FROM outbox WHERE id = $1`, [outcome.outboxId]);
    const boundary = 'dsn-boundary';
    const dsn = Buffer.from(
      [
        'From: Mail Delivery System <MAILER-DAEMON@mx.fjordby-el.dk>',
        'To: support@microbizz.dk',
        'Subject: Undelivered Mail Returned to Sender',
        `Message-ID: <dsn.${Date.now()}@mx.fjordby-el.dk>`,
        'Auto-Submitted: auto-replied',
        'MIME-Version: 1.0',
        `Content-Type: multipart/report; report-type=delivery-status; boundary="${boundary}"`,
        '',
        `--${boundary}`,
        'Content-Type: text/plain',
        '',
        'The mail could not be delivered: mailbox full.',
        `--${boundary}`,
        'Content-Type: message/delivery-status',
        '',
        'Reporting-MTA: dns; mx.fjordby-el.dk',
        '',
        'Final-Recipient: rfc822; mette@fjordby-el.dk',
        'Action: failed',
        'Status: 5.2.2',
        `--${boundary}`,
        'Content-Type: text/rfc822-headers',
        '',
        'From: Microbizz Servicedesk <support@microbizz.dk>',
        `Message-ID: <${message_id}>`,
        'Subject: [MB-000001] Vi har modtaget din fejlmelding',
        `--${boundary}--`,
        '',
      ].join('\r\n'),
    );
    const before = (await repliesTo('mailer-daemon@mx.fjordby-el.dk')).length;
    expect(await deliver(dsn)).toMatchObject({ state: 'ignored' });
    const [{ state }] = await db.dataSource.query(`SELECT state FROM outbox WHERE id = $1`, [outcome.outboxId]);
    expect(state).toBe('bounced');
    expect((await repliesTo('mailer-daemon@mx.fjordby-el.dk')).length).toBe(before);
  });
});

import { createTestDatabase } from '../support/db';
import { startDovecot, type DovecotHandle } from '../../harness/dovecot';
import { startSmtpSink, type SmtpSink, type ReceivedMail } from '../../harness/smtp-sink';
import { buildMail, type TestMail } from '../support/mails';
import { configFrom, importTestRegistry, waitUntil, workerEnv } from '../support/env';
import { startWorker, type RunningWorker } from '../../src/main/worker';
import { listTickets, pipelineStats } from '../../src/tickets/queries';
import { createLogger } from '../../src/shared/logger';

jest.setTimeout(120_000);

const ERROR_DA = 'Hej\n\nSiden i morges kan vi ikke åbne nogen opgaver i Microbizz. Vi får fejlbeskeden "500 Internal Server Error" hver gang, og ingen af montørerne kan arbejde.\n\nMvh';
const SUPPORT_DA = 'Hej\n\nHvor finder jeg feltet til rekvisitionsnummer, når jeg opretter en faktura i vores normale fakturaflow? Jeg kan ikke se det på skærmen.\n\nVenlig hilsen';
const TRAINING_DA = 'Hej\n\nVi har fået to nye kontormedarbejdere, som aldrig har brugt Microbizz. Kan I holde et kursus for dem og give dem en grundig gennemgang af hele planlægningsmodulet fra bunden?\n\nHilsen';
const SERVICE_DA = 'Hej\n\nVi vil gerne bestille, at I ændrer opsætningen af vores fakturalayout, så logoet står til højre, og tilføjer vores bankoplysninger nederst. Send gerne et tilbud på opgaven.\n\nMvh';
const SUPPORT_EN = 'Hi,\n\nWhere do I find the setting for the default payment terms when I create a new customer? We use the normal customer workflow.\n\nBest regards';

interface Row {
  name: string;
  mail: TestMail;
  /** The whole From header as sent, when it is more than nodemailer writes (several authors). */
  rawFrom?: string;
  /** Expected X-Servicedesk-Reply, or null for no reply. */
  header: string | null;
  text?: RegExp[];
  cc?: string[];
  senderStatus?: string;
}

const rows: Row[] = [
  { name: 'error from a registered contact (udvidet)', mail: { from: 'Mette Fjordby <mette@fjordby-el.dk>', subject: 'Alt står stille', text: ERROR_DA }, header: 'error', text: [/uden beregning/], senderStatus: 'registered_contact' },
  { name: 'support, basis: phone time billed', mail: { from: 'Søren Havn <soeren@havnens-vvs.dk>', subject: 'Rekvisitionsnummer på faktura', text: SUPPORT_DA }, header: 'support/basis', text: [/950 kr\./, /30 min/, /1\.850 kr\./, /ekskl\. moms/] },
  { name: 'support, udvidet: phone line included', mail: { from: 'Mette Fjordby <mette@fjordby-el.dk>', subject: 'Rekvisitionsnummer', text: SUPPORT_DA }, header: 'support/udvidet', text: [/\+45 7023 5323/] },
  { name: 'support, hypercare', mail: { from: 'Lise Skovgaard <lise@skovgaard-rent.dk>', subject: 'Felt på faktura', text: SUPPORT_DA }, header: 'support/hypercare', text: [/\+45 7023 5323/] },
  { name: 'support, timefakturering, in English', mail: { from: 'Karsten Østerlund <k.oesterlund@hotmail.com>', subject: 'Payment terms', text: SUPPORT_EN }, header: 'support/timefakturering', text: [/950/, /30 minutes/, /excl/i] },
  { name: 'training need → training offer', mail: { from: 'Lise Skovgaard <lise@skovgaard-rent.dk>', subject: 'Nye medarbejdere', text: TRAINING_DA }, header: 'training-offer', text: [/undervisning|kursus/i] },
  { name: 'service request, udvidet: included', mail: { from: 'Jens Holm <jh@fjordby-el.dk>', subject: 'Fakturalayout', text: SERVICE_DA }, header: 'service-request/included' },
  { name: 'service request, basis: billable', mail: { from: 'Søren Havn <soeren@havnens-vvs.dk>', subject: 'Fakturalayout', text: SERVICE_DA }, header: 'service-request/billable', text: [/overslag|estimat|tilbud/i] },
  { name: 'same-domain colleague: registered, contacts named and copied', mail: { from: 'Lager <lager@havnens-vvs.dk>', subject: 'Rekvisitionsnummer', text: SUPPORT_DA }, header: 'not-registered', text: [/Søren Havn/], cc: ['soeren@havnens-vvs.dk'], senderStatus: 'same_domain_unregistered' },
  { name: 'same-domain colleague reporting an error: accepted', mail: { from: 'Lager <lager@havnens-vvs.dk>', subject: 'Nede', text: ERROR_DA }, header: 'error/not-registered', text: [/uden beregning/], cc: ['soeren@havnens-vvs.dk'] },
  { name: 'unknown sender: asked which company', mail: { from: 'Peter <peter@it-partner.example>', subject: 'Faktura', text: SUPPORT_DA }, header: 'unknown-sender', senderStatus: 'unknown_domain' },
  { name: 'unknown sender reporting an error: still accepted', mail: { from: 'Peter <peter@it-partner.example>', subject: 'Nede!', text: ERROR_DA }, header: 'error/unknown-sender', text: [/uden beregning/] },
  { name: 'expired hypercare falls back to the next agreement', mail: { from: 'Lars Lindholm <lars@lindholm-koel.dk>', subject: 'Rekvisitionsnummer', text: SUPPORT_DA }, header: 'support/basis' },
  {
    name: 'forged From (DMARC fail at our server): no reply, not a contact',
    mail: { from: 'Mette Fjordby <mette@fjordby-el.dk>', subject: 'Skift bankkonto', text: SERVICE_DA, headers: { 'Authentication-Results': 'mx.microbizz.dk; spf=fail smtp.mailfrom=evil.example; dkim=none; dmarc=fail (p=none) header.from=fjordby-el.dk' } },
    header: null,
    senderStatus: 'unknown_domain',
  },
  {
    name: 'two From addresses, DMARC passing for the second one\'s domain: not a contact, no reply',
    mail: { from: 'Mette Fjordby <mette@fjordby-el.dk>', subject: 'Skift bankkonto', text: SERVICE_DA, headers: { 'Authentication-Results': 'mx.microbizz.dk; spf=pass smtp.mailfrom=evil.example; dkim=pass header.d=evil.example; dmarc=pass header.from=evil.example' } },
    rawFrom: 'Mette Fjordby <mette@fjordby-el.dk>, Attacker <attacker@evil.example>',
    header: null,
    senderStatus: 'unknown_domain',
  },
  {
    name: 'mail from our own address: ignored, never answered',
    mail: { from: 'Microbizz Servicedesk <Support@Microbizz.dk>', subject: 'Rekvisitionsnummer', text: SUPPORT_DA },
    header: null,
  },
  {
    name: 'mail from our own domain without a DMARC pass: ignored, never answered',
    mail: { from: 'Kursus <kursus@microbizz.dk>', subject: 'Kursus', text: TRAINING_DA, headers: { 'Authentication-Results': 'mx.microbizz.dk; spf=fail smtp.mailfrom=evil.example; dmarc=fail header.from=microbizz.dk' } },
    header: null,
  },
  {
    name: 'newsletter: no ticket, no reply',
    mail: { from: 'Branchenyt <news@branchenyt.example>', subject: 'Nyhedsbrev: nye kurser', text: 'Se vores kurser.', headers: { 'List-Unsubscribe': '<mailto:u@branchenyt.example>', Precedence: 'bulk' } },
    header: null,
  },
];

describe('reply policy through the real pipeline (Dovecot → worker → SMTP sink)', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let dovecot: DovecotHandle;
  let sink: SmtpSink;
  let worker: RunningWorker;
  const sent = new Map<string, string>();

  beforeAll(async () => {
    [db, dovecot, sink] = await Promise.all([createTestDatabase(), startDovecot(), startSmtpSink()]);
    await importTestRegistry(db.dataSource);
    const [{ id }] = await db.dataSource.query(`INSERT INTO companies (name, domains) VALUES ('Lindholm Køl ApS', '{lindholm-koel.dk}') RETURNING id`);
    await db.dataSource.query(`INSERT INTO agreements (company_id, kind, valid_from, valid_to) VALUES ($1, 'hypercare', '2026-01-01', '2026-06-30'), ($1, 'basis', NULL, NULL)`, [id]);
    const [{ id: contactId }] = await db.dataSource.query(`INSERT INTO support_contacts (company_id, name) VALUES ($1, 'Lars Lindholm') RETURNING id`, [id]);
    await db.dataSource.query(`INSERT INTO contact_addresses (contact_id, address) VALUES ($1, 'lars@lindholm-koel.dk')`, [contactId]);

    worker = await startWorker(configFrom(workerEnv({ databaseUrl: db.url, dovecot, sink, extra: { TRUSTED_AUTHSERV_IDS: 'mx.microbizz.dk' } })), createLogger('silent'));
    for (const row of rows) {
      // Our receiving server vouches for the sender's domain unless the row says otherwise.
      const domain = /@([^>\s]+)>?$/.exec(row.mail.from)![1]!.toLowerCase();
      const headers = { 'Authentication-Results': `mx.microbizz.dk; spf=pass smtp.mailfrom=${domain}; dkim=pass header.d=${domain}; dmarc=pass header.from=${domain}`, ...row.mail.headers };
      const m = await buildMail({ ...row.mail, headers });
      const raw = row.rawFrom ? Buffer.from(m.raw.toString('latin1').replace(/^From: .*$/m, `From: ${row.rawFrom}`), 'latin1') : m.raw;
      sent.set(row.name, m.messageId!);
      await dovecot.append('support@microbizz.dk', raw);
    }
    const expected = rows.filter((r) => r.header).length;
    await sink.waitFor(expected, 30_000);
    await waitUntil(async () => (await pipelineStats(db.dataSource)).inbound.received === 0, 20_000, 'every mail to be processed');
    await new Promise((r) => setTimeout(r, 1000));
  });
  afterAll(async () => {
    await worker?.stop();
    await Promise.allSettled([dovecot?.dispose(), sink?.stop()]);
    await db?.drop();
  });

  const replyTo = (name: string): ReceivedMail[] => sink.messages.filter((m) => m.parsed.inReplyTo === `<${sent.get(name)}>`);

  it.each(rows.map((r) => [r.name, r] as const))('%s', async (_name, row) => {
    const replies = replyTo(row.name);
    if (!row.header) {
      expect(replies).toHaveLength(0);
    } else {
      expect(replies).toHaveLength(1);
      const r = replies[0];
      expect(r.parsed.headers.get('x-servicedesk-reply')).toBe(row.header);
      for (const re of row.text ?? []) expect(r.parsed.text).toMatch(re);
      const cc = ([] as { value: { address?: string }[] }[]).concat((r.parsed.cc as never) ?? []).flatMap((a) => a.value.map((v) => v.address));
      expect(cc).toEqual(row.cc ?? []);
    }
    if (row.senderStatus) {
      const t = (await listTickets(db.dataSource)).find((x) => x.messageIds.includes(sent.get(row.name)!));
      expect(t?.senderStatus).toBe(row.senderStatus);
    }
  });

  const byName = (prefix: string) => sent.get(rows.find((r) => r.name.startsWith(prefix))!.name);
  const reasonOf = async (prefix: string) => (await db.dataSource.query(`SELECT o.state, o.reason FROM outbox o JOIN inbound_mails m ON m.id = o.inbound_mail_id WHERE m.message_id = $1`, [byName(prefix)]))[0];
  const mailOf = async (prefix: string) => (await db.dataSource.query(`SELECT state, ticket_id, last_error FROM inbound_mails WHERE message_id = $1`, [byName(prefix)]))[0];

  it('records the forged mail as a ticket with a suppressed reply, and the newsletter as ignored', async () => {
    const forged = await reasonOf('forged From');
    expect(forged).toMatchObject({ state: 'suppressed' });
    expect(forged.reason).toMatch(/DMARC/);
    expect(await mailOf('newsletter')).toMatchObject({ state: 'ignored', ticket_id: null });
  });

  it('two From addresses: a ticket from an unknown sender, its reply suppressed; our own address and domain: ignored', async () => {
    const two = await reasonOf('two From addresses');
    expect(two).toMatchObject({ state: 'suppressed' });
    expect(two.reason).toMatch(/several From addresses/);
    expect(await mailOf('mail from our own address')).toMatchObject({ state: 'ignored', ticket_id: null, last_error: expect.stringMatching(/our own address/) });
    expect(await mailOf('mail from our own domain')).toMatchObject({ state: 'ignored', ticket_id: null, last_error: expect.stringMatching(/our own domain/) });
  });
});

describe('low confidence through the real pipeline', () => {
  it('below CLASSIFIER_ABSTAIN_BELOW: a neutral acknowledgement and the needs-triage queue', async () => {
    const [db, dovecot, sink] = await Promise.all([createTestDatabase(), startDovecot(), startSmtpSink()]);
    // Every classification is below a threshold of 1: each mail abstains.
    const worker = await startWorker(configFrom(workerEnv({ databaseUrl: db.url, dovecot, sink, extra: { CLASSIFIER_ABSTAIN_BELOW: '1' } })), createLogger('silent'));
    try {
      await importTestRegistry(db.dataSource);
      const m = await buildMail({ from: 'Søren Havn <soeren@havnens-vvs.dk>', subject: 'Rekvisitionsnummer', text: SUPPORT_DA });
      await dovecot.append('support@microbizz.dk', m.raw);
      const [reply] = await sink.waitFor(1, 20_000);
      expect(reply.parsed.headers.get('x-servicedesk-reply')).toBe('needs-triage');
      expect(reply.parsed.inReplyTo).toBe(`<${m.messageId}>`);
      expect(reply.parsed.text).not.toMatch(/950 kr|kursus|undervisning/i);
      const [t] = await listTickets(db.dataSource);
      expect(t).toMatchObject({ queue: 'needs_triage', messageIds: [m.messageId] });
    } finally {
      await worker.stop();
      await Promise.allSettled([dovecot.dispose(), sink.stop()]);
      await db.drop();
    }
  });
});

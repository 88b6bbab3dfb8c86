import { addUser, ingest, login, startHarness, type Harness, type TestUser } from './harness';
import { buildMail, HUMAN_MAILS } from '../../support/mails';

jest.setTimeout(60_000);

/**
 * The agent's actions through the API (and once through an HTML form): each changes the
 * database as the use case promises, and replies and replays land on the real BullMQ queues.
 */
let h: Harness;
let agent: TestUser;
const q = (sql: string, params: unknown[] = []) => h.db.dataSource.query(sql, params);
const post = (url: string, payload?: object) => h.app.inject({ method: 'POST', url, headers: { authorization: `Bearer ${agent.token}` }, ...(payload ? { payload } : {}) });
const ticket = async (ref: string) => (await q(`SELECT * FROM tickets WHERE reference = $1`, [ref]))[0];
const notes = async (ref: string) => (await q(`SELECT m.new_text FROM ticket_messages m JOIN tickets t ON t.id = m.ticket_id WHERE t.reference = $1 AND m.direction = 'note' ORDER BY m.id`, [ref])).map((r: { new_text: string }) => r.new_text);

let mette: { mailId: string; messageId: string };
beforeAll(async () => {
  h = await startHarness();
  const m = await buildMail(HUMAN_MAILS[0]);
  mette = { mailId: (await ingest(h, m.raw)).mailId, messageId: m.messageId! };
  for (const mail of HUMAN_MAILS.slice(1)) await ingest(h, mail);
  agent = await addUser(h, 'agent');
});
afterAll(async () => h?.close());

it('reclassify: moves the ticket and records the correction `npm run train` learns from', async () => {
  const res = await post('/api/tickets/MB-000001/reclassify', { category: 'support' });
  expect(res.statusCode).toBe(200);
  expect(res.json()).toEqual({ queue: 'support' });
  expect(await ticket('MB-000001')).toMatchObject({ category: 'support', queue: 'support' });
  expect(await q(`SELECT ticket_id, inbound_mail_id::text AS mail, from_category, to_category, created_by FROM classification_corrections`)).toEqual([
    { ticket_id: 1, mail: mette.mailId, from_category: 'error', to_category: 'support', created_by: agent.email },
  ]);
  expect(await notes('MB-000001')).toEqual(['Omklassificeret: error → support (kø: support)']);
});

it('assign and unassign', async () => {
  expect((await post('/api/tickets/MB-000002/assign', { userId: agent.user.id })).statusCode).toBe(200);
  expect((await ticket('MB-000002')).assigned_user_id).toBe(agent.user.id);
  expect((await post('/api/tickets/MB-000002/assign', { userId: 999_999 })).statusCode).toBe(400);
  expect((await post('/api/tickets/MB-000002/assign', { userId: null })).statusCode).toBe(200);
  expect((await ticket('MB-000002')).assigned_user_id).toBeNull();
});

it('close and reopen set status and closed_at; closing twice is a conflict', async () => {
  expect((await post('/api/tickets/MB-000003/close')).statusCode).toBe(200);
  const closed = await ticket('MB-000003');
  expect(closed.status).toBe('closed');
  expect(closed.closed_at).toBeInstanceOf(Date);
  expect((await post('/api/tickets/MB-000003/close')).statusCode).toBe(409);
  expect((await post('/api/tickets/MB-000003/reopen')).statusCode).toBe(200);
  expect(await ticket('MB-000003')).toMatchObject({ status: 'open', closed_at: null });
});

it('reply: an outbox row of kind agent, threaded to the customer\'s mail, queued for the worker', async () => {
  const res = await post('/api/tickets/MB-000001/reply', { text: 'Hej Mette\n\nPrøv at opdatere appen til version 7.2.' });
  expect(res.statusCode).toBe(202);
  const { outboxId, messageId, queued } = res.json();
  expect(queued).toBe(true);
  const [row] = await q(`SELECT * FROM outbox WHERE id = $1`, [outboxId]);
  expect(row).toMatchObject({
    kind: 'agent',
    state: 'pending',
    to_address: 'mette@fjordby-el.dk',
    subject: 'SV: [MB-000001] Appen lukker ned',
    message_id: messageId,
    in_reply_to: mette.messageId,
    inbound_mail_id: null,
  });
  // RFC 5322 §3.6.4: the parent's ancestry plus the parent; our automatic reply came after it, so it is not an ancestor.
  expect(row.references).toEqual([mette.messageId]);
  expect(messageId).toMatch(/^sd\.[0-9a-f-]{36}@microbizz\.dk$/);
  expect(row.body_text).toMatch(/^Hej Mette\n\nPrøv at opdatere appen til version 7\.2\.\n\nVenlig hilsen\nAgent \d+\nMicrobizz Servicedesk/);
  const job = await h.queues.outbound.getJob(`reply-${outboxId}`);
  expect(job?.data).toEqual({ outboxId });
  const thread = await q(`SELECT direction, message_id, from_address FROM ticket_messages WHERE ticket_id = 1 AND direction = 'outbound' ORDER BY id DESC LIMIT 1`);
  expect(thread).toEqual([{ direction: 'outbound', message_id: messageId, from_address: agent.email }]);
  expect((await post('/api/tickets/MB-000001/reply', { text: '   ' })).statusCode).toBe(400);
});

it('internal note', async () => {
  expect((await post('/api/tickets/MB-000004/notes', { text: 'Kunden ringede også.' })).statusCode).toBe(201);
  expect(await notes('MB-000004')).toEqual(['Kunden ringede også.']);
});

describe('unknown senders', () => {
  it('link to a company and register as support contact; the ticket leaves "Ukendt afsender"', async () => {
    const { outcome } = await ingest(h, { from: 'Bo Østerlund <bo@oesterlund-nyt.dk>', subject: 'Kreditnota på faktura', text: 'Hej\n\nHvordan laver jeg en kreditnota på en faktura, der allerede er sendt til kunden?\n\nBo' });
    const ref = (outcome as { ticketReference: string }).ticketReference;
    expect(await ticket(ref)).toMatchObject({ queue: 'unknown_sender', sender_status: 'unknown_domain' });
    const [company] = await q(`SELECT id FROM companies WHERE name = 'Østerlund Anlæg I/S'`);
    expect((await post(`/api/tickets/${ref}/link-sender`, { companyId: company.id, contact: { name: 'Bo Østerlund' } })).statusCode).toBe(200);
    expect(await ticket(ref)).toMatchObject({ company_id: company.id, sender_status: 'registered_contact', agreement_kind: 'timefakturering', queue: 'support' });
    expect(await q(`SELECT sc.name FROM contact_addresses ca JOIN support_contacts sc ON sc.id = ca.contact_id WHERE ca.address = 'bo@oesterlund-nyt.dk'`)).toEqual([{ name: 'Bo Østerlund' }]);
    expect((await post(`/api/tickets/${ref}/link-sender`, { companyId: company.id })).statusCode).toBe(409);
  });

  it('a third support contact only when marked as purchased', async () => {
    const { outcome } = await ingest(h, { from: 'Ole <ole@gmail.com>', subject: 'Appen crasher', text: 'Appen lukker ned, når jeg åbner en opgave. Fejlbesked: "Der opstod en uventet fejl".' });
    const ref = (outcome as { ticketReference: string }).ticketReference;
    const [fjordby] = await q(`SELECT id FROM companies WHERE name = 'Fjordby Elektro ApS'`);
    const third = await post(`/api/tickets/${ref}/link-sender`, { companyId: fjordby.id, contact: { name: 'Ole Montør' } });
    expect(third.statusCode).toBe(409);
    expect(third.json().message).toMatch(/already has 2 support contacts/);
    expect((await ticket(ref)).company_id).toBeNull();
    expect((await post(`/api/tickets/${ref}/link-sender`, { companyId: fjordby.id, contact: { name: 'Ole Montør', purchased: true } })).statusCode).toBe(200);
    expect(await q(`SELECT purchased FROM support_contacts WHERE name = 'Ole Montør'`)).toEqual([{ purchased: true }]);
  });
});

describe('held-back mail', () => {
  it('replays a quarantined mail onto the inbound queue', async () => {
    const raw = Buffer.from('Subject: Ingen afsender\r\nMessage-ID: <q1@test.example>\r\nDate: Thu, 26 Nov 2026 10:00:00 +0100\r\n\r\nHjælp, appen virker ikke.\r\n');
    const { mailId, outcome } = await ingest(h, raw);
    expect(outcome.state).toBe('quarantined');
    const list = (await h.app.inject({ url: '/api/mails?state=quarantined', headers: { authorization: `Bearer ${agent.token}` } })).json();
    expect(list.mails.map((m: { id: string }) => m.id)).toEqual([mailId]);
    const res = await post(`/api/mails/${mailId}/replay`);
    expect(res.statusCode).toBe(202);
    expect(res.json()).toEqual({ queued: true });
    expect((await q(`SELECT state FROM inbound_mails WHERE id = $1`, [mailId]))[0].state).toBe('received');
    expect((await h.queues.inbound.getJob(`mail-${mailId}`))?.data).toEqual({ mailId });
    expect((await post(`/api/mails/${mailId}/replay`)).statusCode).toBe(409);
  });

  const NEWSLETTER_TEXT = 'Kære Microbizz-bruger\n\nNyt i december:\n• Kurser i januar: Grundkursus og Fakturering – tilmeld dig nu\n• Nye funktioner i appen\n\nLæs mere på vores hjemmeside.\n\nAfmeld nyhedsbrevet her.';

  it('a newsletter-like text from a registered contact is not filtered: it becomes a needs-triage ticket', async () => {
    // Changed with issue #13: the text-based noise rules never silence a customer.
    const { outcome } = await ingest(h, { from: 'Lise Skovgaard <lise@skovgaard-rent.dk>', subject: 'Microbizz Nyt – december 2026', text: NEWSLETTER_TEXT });
    if (outcome.state !== 'processed') throw new Error(`expected a ticket, got ${JSON.stringify(outcome)}`);
    expect(await ticket(outcome.ticketReference)).toMatchObject({ queue: 'needs_triage', sender_status: 'registered_contact' });
  });

  it('rescues a filtered newsletter-like mail into a ticket of the chosen category, with no automatic reply', async () => {
    const { mailId, outcome } = await ingest(h, { from: 'Branchenyt <nyt@branchenyt-medier.example>', subject: 'Microbizz Nyt – december 2026', text: NEWSLETTER_TEXT });
    expect(outcome).toMatchObject({ state: 'ignored', reason: expect.stringMatching(/^noise/) });
    const res = await post(`/api/mails/${mailId}/rescue`, { category: 'training' });
    expect(res.statusCode).toBe(201);
    const { reference } = res.json();
    // The agent's category decides the queue; an unknown sender's request goes to "Ukendt afsender".
    expect(await ticket(reference)).toMatchObject({ category: 'training', queue: 'unknown_sender', confidence: 1, sender_status: 'unknown_domain' });
    expect((await q(`SELECT state, ticket_id FROM inbound_mails WHERE id = $1`, [mailId]))[0].state).toBe('processed');
    const replies = await q(`SELECT state, reason_detail FROM outbox o JOIN tickets t ON t.id = o.ticket_id WHERE t.reference = $1`, [reference]);
    expect(replies.every((r: { state: string }) => r.state === 'suppressed')).toBe(true);
    expect(replies[0].reason_detail).toEqual({ code: 'reply.rescued', params: { actor: agent.email } });
    // Who rescued it and why it was filtered come first in the explanation, as codes.
    const [{ explanation }] = await q(`SELECT explanation FROM tickets WHERE reference = $1`, [reference]);
    expect(explanation.slice(0, 2)).toEqual([
      { code: 'rescue.by', params: { actor: agent.email } },
      { code: 'rescue.filtered_because', params: { why: expect.stringMatching(/^noise: /) } },
    ]);
    expect(await q(`SELECT from_category, to_category FROM classification_corrections WHERE inbound_mail_id = $1`, [mailId])).toEqual([{ from_category: 'noise', to_category: 'training' }]);
    expect((await post(`/api/mails/${mailId}/rescue`, { category: 'training' })).statusCode).toBe(409);
  });

  it('a mail filtered for its headers (auto-reply) is rescued without pretending the classifier erred', async () => {
    const { mailId } = await ingest(h, { from: 'Søren Havn <soeren@havnens-vvs.dk>', subject: 'Automatisk svar: faktura', text: 'Jeg er på ferie, men: kreditnotaen mangler stadig.', headers: { 'Auto-Submitted': 'auto-replied' } });
    expect((await post(`/api/mails/${mailId}/rescue`, { category: 'support' })).statusCode).toBe(201);
    expect(await q(`SELECT * FROM classification_corrections WHERE inbound_mail_id = $1`, [mailId])).toEqual([]);
  });
});

it('the HTML form calls the same use case and redirects back with a confirmation', async () => {
  const s = await login(h.app, agent.email, agent.password);
  const res = await h.app.inject({
    method: 'POST',
    url: '/tickets/MB-000002/reclassify',
    headers: { cookie: s.cookie, 'content-type': 'application/x-www-form-urlencoded' },
    payload: `_csrf=${s.csrf}&category=training`,
  });
  expect(res.statusCode).toBe(303);
  expect(res.headers.location).toBe('/tickets/MB-000002?done=reclassified');
  expect(await ticket('MB-000002')).toMatchObject({ category: 'training', queue: 'training' });
  const page = await h.app.inject({ url: res.headers.location as string, headers: { cookie: s.cookie } });
  expect(page.body).toContain('Kategorien er ændret');
  const refused = await h.app.inject({
    method: 'POST',
    url: '/tickets/MB-000002/reclassify',
    headers: { cookie: s.cookie, 'content-type': 'application/x-www-form-urlencoded' },
    payload: `_csrf=${s.csrf}&category=noise`,
  });
  expect(refused.statusCode).toBe(400);
  expect(refused.body).toContain('category: one of');
});

import { addUser, hiddenCsrf, ingest, login, startHarness, type Harness, type TestUser } from './harness';
import { buildMail } from '../../support/mails';

jest.setTimeout(60_000);

/**
 * A phishing mail that pretends to come from a registered contact (DMARC failed at our own
 * server) and a stranger at gmail.com, through the real pipeline: the ticket knows it was
 * forged, the page says so in Danish at the top, and the link-to-company form starts empty,
 * suggests the company whose domain matches (never for a public domain) and repeats the
 * warning. Every reason is in the reader's language.
 */
let h: Harness;
let agent: TestUser;
let english: TestUser;
let forgedRef: string;
let strangerRef: string;
const as = (u: TestUser) => ({ authorization: `Bearer ${u.token}` });
const q = (sql: string, params: unknown[] = []) => h.db.dataSource.query(sql, params);

const FORGED = {
  from: 'Mette Fjordby <mette@fjordby-el.dk>',
  subject: 'Ny bankkonto til jeres fakturaer',
  text: 'Hej\n\nVi har skiftet bank. Betal fremover jeres fakturaer til konto 1234-5678901, og bekræft venligst.\n\nMette',
  headers: { 'Authentication-Results': 'mx.microbizz.dk; spf=fail smtp.mailfrom=evil.example; dkim=none; dmarc=fail (p=none) header.from=fjordby-el.dk' },
};

beforeAll(async () => {
  h = await startHarness({ TRUSTED_AUTHSERV_IDS: 'mx.microbizz.dk' });
  forgedRef = ((await ingest(h, FORGED)).outcome as { ticketReference: string }).ticketReference;
  strangerRef = (
    (
      await ingest(h, {
        from: 'Ukendt <ukendt.person@gmail.com>',
        subject: 'Kan I hjælpe med appen?',
        text: 'Hej\n\nAppen lukker ned, når jeg åbner en opgave. Hvad gør jeg?\n\nMvh',
        // A real stranger: our receiving server vouches for gmail.com (DMARC pass).
        headers: { 'Authentication-Results': 'mx.microbizz.dk; dkim=pass header.d=gmail.com; dmarc=pass header.from=gmail.com' },
      })
    ).outcome as { ticketReference: string }
  ).ticketReference;
  agent = await addUser(h, 'agent');
  english = await addUser(h, 'agent');
  await q(`UPDATE users SET language = 'en' WHERE id = $1`, [english.user.id]);
});
afterAll(async () => h?.close());

it('stores the forged fact on the ticket and the reason as a code; no reply was sent', async () => {
  const [t] = await q(`SELECT sender_forged, sender_status, company_id FROM tickets WHERE reference = $1`, [forgedRef]);
  expect(t).toEqual({ sender_forged: true, sender_status: 'unknown_domain', company_id: null });
  const outbox = await q(`SELECT o.state, o.reason, o.reason_detail FROM outbox o JOIN tickets t ON t.id = o.ticket_id WHERE t.reference = $1`, [forgedRef]);
  expect(outbox).toEqual([{ state: 'suppressed', reason: 'DMARC failed: no reply to a forged sender', reason_detail: { code: 'policy.forged' } }]);
  expect((await q(`SELECT sender_forged FROM tickets WHERE reference = $1`, [strangerRef]))[0].sender_forged).toBe(false);
});

it('the ticket page warns in Danish at the top; the company selector starts empty and suggests the domain\'s company', async () => {
  const page = await h.app.inject({ url: `/tickets/${forgedRef}`, headers: as(agent) });
  expect(page.statusCode).toBe(200);
  const body = page.body;
  const warning = 'Afsenderen kunne ikke bekræftes (DMARC fejlede) — muligvis forfalsket. Intet automatisk svar er sendt.';
  expect(body).toContain(`<div class="forged-warning" role="alert"><strong>${warning}</strong></div>`);
  // At the top: before the thread and the side panel.
  expect(body.indexOf(warning)).toBeLessThan(body.indexOf('aria-label="Tråd"'));
  const select = /<select name="companyId"[^>]*>([\s\S]*?)<\/select>/.exec(body)![1];
  expect(select.match(/ selected/g)).toHaveLength(1);
  expect(select).toMatch(/^\s*<option value="" selected>Vælg virksomhed …<\/option>/);
  expect(body).toContain('Forslag: Fjordby Elektro ApS — domænet fjordby-el.dk er registreret hos dem.');
  expect(body).toMatch(/<p class="forged-note small" role="note">Afsenderen kunne ikke bekræftes \(DMARC fejlede\)/);
  expect(body).toContain('name="confirmForged" required');
  // Every reason in Danish.
  expect(body).toContain('DMARC fejlede på vores modtageserver: afsenderadressen kan ikke bekræftes');
  expect(body).toContain('Automatisk svar ikke sendt: DMARC fejlede: intet svar til en muligvis forfalsket afsender');
  expect(body).not.toMatch(/DMARC failed|not trusted|no reply to a forged/);
});

it('a user who chose English reads the reasons and the warning in English', async () => {
  const body = (await h.app.inject({ url: `/tickets/${forgedRef}`, headers: as(english) })).body;
  expect(body).toContain('The sender could not be verified (DMARC failed) — possibly forged. No automatic reply has been sent.');
  expect(body).toContain('Automatic reply not sent: DMARC failed: no reply to a forged sender');
  expect(body).toContain('DMARC failed at our receiving server: the From address is not trusted');
  const api = (await h.app.inject({ url: `/api/tickets/${forgedRef}`, headers: as(english) })).json();
  expect(api.senderForged).toBe(true);
  expect(api.explanation).toContain('DMARC failed at our receiving server: the From address is not trusted');
  expect(api.reasons).toContainEqual({ code: 'sender.forged' });
  expect(api.suppressed[0].reason).toBe('DMARC failed: no reply to a forged sender');
  expect((await h.app.inject({ url: `/api/tickets/${forgedRef}`, headers: as(agent) })).json().suppressed[0].reason).toBe('DMARC fejlede: intet svar til en muligvis forfalsket afsender');
});

it('a stranger at gmail.com gets no suggestion: a public domain points to no company', async () => {
  const body = (await h.app.inject({ url: `/tickets/${strangerRef}`, headers: as(agent) })).body;
  expect(body).not.toContain('forged-warning');
  expect(body).not.toContain('Forslag:');
  expect(body).toContain('gmail.com er et offentligt maildomæne: det peger ikke på nogen virksomhed, så der er intet forslag.');
  expect(body).toContain('Ukendt afsender');
});

it('linking a forged sender needs the agent\'s confirmation; without a company the form says so in Danish', async () => {
  const [{ id: fjordby }] = await q(`SELECT id FROM companies WHERE name = 'Fjordby Elektro ApS'`);
  const refused = await h.app.inject({ method: 'POST', url: `/api/tickets/${forgedRef}/link-sender`, headers: as(agent), payload: { companyId: fjordby } });
  expect(refused.statusCode).toBe(400);
  expect(refused.json().message).toMatch(/^Afsenderen kunne ikke bekræftes \(DMARC fejlede\)/);
  expect((await q(`SELECT company_id FROM tickets WHERE reference = $1`, [forgedRef]))[0].company_id).toBeNull();

  const session = await login(h.app, agent.email, agent.password);
  const form = (payload: Record<string, string>) =>
    h.app.inject({
      method: 'POST',
      url: `/tickets/${forgedRef}/link-sender`,
      headers: { cookie: session.cookie, 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ _csrf: session.csrf, ...payload }).toString(),
    });
  const empty = await form({ companyId: '' });
  expect(empty.statusCode).toBe(400);
  expect(empty.body).toContain('Vælg den virksomhed, afsenderen skal knyttes til.');
  expect(hiddenCsrf(empty.body)).toBe(session.csrf);

  const ok = await form({ companyId: String(fjordby), confirmForged: 'on' });
  expect(ok.statusCode).toBe(303);
  expect((await q(`SELECT company_id FROM tickets WHERE reference = $1`, [forgedRef]))[0].company_id).toBe(fjordby);
  const notes = await q(`SELECT m.new_text FROM ticket_messages m JOIN tickets t ON t.id = m.ticket_id WHERE t.reference = $1 AND m.direction = 'note'`, [forgedRef]);
  expect(notes).toEqual([{ new_text: 'Afsender knyttet til Fjordby Elektro ApS (DMARC fejlede; agenten har bekræftet afsenderen ad anden vej)' }]);
});

it('a row from before reasons had codes still shows its text', async () => {
  await q(`UPDATE tickets SET explanation = $2::jsonb WHERE reference = $1`, [strangerRef, JSON.stringify(['Vurdering: Fejl (80 %).', 'no customer uses the domain gammel.dk'])]);
  const body = (await h.app.inject({ url: `/tickets/${strangerRef}`, headers: as(agent) })).body;
  expect(body).toContain('<li>no customer uses the domain gammel.dk</li>');
  expect(body).toContain('<li>Vurdering: Fejl (80 %).</li>');
});

it('the account page sets the language; the API does too', async () => {
  const session = await login(h.app, agent.email, agent.password);
  const res = await h.app.inject({
    method: 'POST',
    url: '/account/language',
    headers: { cookie: session.cookie, 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams({ _csrf: session.csrf, language: 'en' }).toString(),
  });
  expect(res.statusCode).toBe(303);
  expect((await h.app.inject({ url: '/api/me', headers: as(agent) })).json().language).toBe('en');
  expect((await h.app.inject({ method: 'PATCH', url: '/api/me', headers: as(agent), payload: { language: 'da' } })).json()).toEqual({ language: 'da' });
  expect((await h.app.inject({ method: 'PATCH', url: '/api/me', headers: as(agent), payload: { language: 'de' } })).statusCode).toBe(400);
  expect((await h.app.inject({ url: '/account', headers: { cookie: session.cookie } })).body).toContain('<option value="da" selected>Dansk</option>');
});

it('a mail with two From addresses: the ticket says the sender is unverified, and linking needs the confirmation too', async () => {
  const built = await buildMail({
    from: 'Mette Fjordby <mette@fjordby-el.dk>',
    subject: 'Ny bankkonto',
    text: 'Hej\n\nVi har skiftet bank. Kan I rette kontonummeret på vores aftale?\n\nMvh',
    headers: { 'Authentication-Results': 'mx.microbizz.dk; dkim=pass header.d=evil.example; dmarc=pass header.from=evil.example' },
  });
  const raw = Buffer.from(built.raw.toString('latin1').replace(/^From: .*$/m, 'From: Mette Fjordby <mette@fjordby-el.dk>, Attacker <attacker@evil.example>'), 'latin1');
  const ref = ((await ingest(h, raw)).outcome as { ticketReference: string }).ticketReference;
  const [t] = await q(`SELECT sender_unverified, sender_forged, sender_status, company_id FROM tickets WHERE reference = $1`, [ref]);
  expect(t).toEqual({ sender_unverified: true, sender_forged: false, sender_status: 'unknown_domain', company_id: null });
  const body = (await h.app.inject({ url: `/tickets/${ref}`, headers: as(agent) })).body;
  expect(body).toContain('<div class="forged-warning" role="alert"><strong>Afsenderen kunne ikke bekræftes (flere afsenderadresser');
  expect(body).toContain('name="confirmForged" required');
  const [{ id: fjordby }] = await q(`SELECT id FROM companies WHERE name = 'Fjordby Elektro ApS'`);
  const refused = await h.app.inject({ method: 'POST', url: `/api/tickets/${ref}/link-sender`, headers: as(agent), payload: { companyId: fjordby } });
  expect(refused.statusCode).toBe(400);
  expect(refused.json().message).toMatch(/^Afsenderen kunne ikke bekræftes\. Bekræft afsenderen/);
});

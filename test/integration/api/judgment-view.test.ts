import { addUser, ingest, startHarness, type Harness, type TestUser } from './harness';

jest.setTimeout(60_000);

/** The ticket page shows why a mail was judged a training need, and why a stranger got no reply. */
describe('ticket view', () => {
  let h: Harness;
  let agent: TestUser;
  const get = (url: string) => h.app.inject({ url, headers: { authorization: `Bearer ${agent.token}` } });
  beforeAll(async () => {
    h = await startHarness();
    agent = await addUser(h, 'agent');
  });
  afterAll(async () => h?.close());

  it('a training need shows its evidence, stored in tickets.training_evidence', async () => {
    const { outcome } = await ingest(h, {
      from: 'Lise Skovgaard <lise@skovgaard-rent.dk>',
      subject: 'Fejl?',
      text: 'Hej\n\nJeg er ny på kontoret og har aldrig brugt Microbizz før. Jeg forstår ikke hvordan besøg, tjek ind og timer hænger sammen. Hvor starter jeg?\n\nHilsen Lise',
    });
    if (outcome.state !== 'processed') throw new Error(`expected a ticket, got ${JSON.stringify(outcome)}`);
    const [row] = await h.db.dataSource.query(`SELECT category, training_evidence FROM tickets WHERE reference = $1`, [outcome.ticketReference]);
    expect(row.category).toBe('training');
    expect(row.training_evidence.join(' ')).toMatch(/ny bruger \(".*"\).*forstår ikke sammenhængen/);
    const html = (await get(`/tickets/${outcome.ticketReference}`)).body;
    expect(html).toContain('Derfor undervisning');
    expect(html).toMatch(/<li>ny bruger \(&quot;[^<]+&quot;\)<\/li>/);
    expect(html).toContain('<li>forstår ikke sammenhængen (');
  });

  it('a support ticket shows no training evidence', async () => {
    const { outcome } = await ingest(h, {
      from: 'Søren Havn <soeren@havnens-vvs.dk>',
      subject: 'Kreditnota',
      text: 'Hej\n\nVi plejer at kreditere hele fakturaen. Kan man kreditere to linjer af faktura 3312 direkte?\n\nSøren',
    });
    if (outcome.state !== 'processed') throw new Error(`expected a ticket, got ${JSON.stringify(outcome)}`);
    expect((await get(`/tickets/${outcome.ticketReference}`)).body).not.toContain('Derfor undervisning');
  });
});

describe('an unknown sender with an uncertain classification', () => {
  let h: Harness;
  let agent: TestUser;
  beforeAll(async () => {
    // Every classification is below a threshold of 1: each mail is uncertain.
    h = await startHarness({ CLASSIFIER_ABSTAIN_BELOW: '1' });
    agent = await addUser(h, 'agent');
  });
  afterAll(async () => h?.close());

  it('goes to needs triage without a reply; the page says why', async () => {
    const { outcome } = await ingest(h, { from: 'Bo <bo@ukendt-firma.example>', subject: 'Faktura', text: 'Hej, hvor finder jeg rekvisitionsnummeret på en faktura? Mvh Bo' });
    if (outcome.state !== 'processed') throw new Error(`expected a ticket, got ${JSON.stringify(outcome)}`);
    expect(outcome.outboxId).toBeNull();
    const [t] = await h.db.dataSource.query(`SELECT queue FROM tickets WHERE reference = $1`, [outcome.ticketReference]);
    expect(t.queue).toBe('needs_triage');
    const [o] = await h.db.dataSource.query(`SELECT state, reason FROM outbox WHERE inbound_mail_id = (SELECT inbound_mail_id FROM ticket_messages WHERE ticket_id = (SELECT id FROM tickets WHERE reference = $1) LIMIT 1)`, [outcome.ticketReference]);
    expect(o).toMatchObject({ state: 'suppressed' });
    const html = (await h.app.inject({ url: `/tickets/${outcome.ticketReference}`, headers: { authorization: `Bearer ${agent.token}` } })).body;
    expect(html).toContain('Automatisk svar ikke sendt: ukendt afsender og en usikker klassifikation');
  });
});

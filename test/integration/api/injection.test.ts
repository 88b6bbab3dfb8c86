import { addUser, ingest, startHarness, type Harness, type TestUser } from './harness';
import { HUMAN_MAILS } from '../../support/mails';

jest.setTimeout(60_000);

/**
 * Hostile input in search, filters, ids and bodies: every answer is a clean 2xx/4xx, nothing
 * is interpreted as SQL or as a LIKE wildcard, and the data is untouched afterwards.
 */
let h: Harness;
let agent: TestUser;
const auth = () => ({ authorization: `Bearer ${agent.token}` });
const counts = async () =>
  (await h.db.dataSource.query(`SELECT (SELECT count(*) FROM tickets)::int AS t, (SELECT count(*) FROM users)::int AS u, (SELECT count(*) FROM companies)::int AS c`))[0];

beforeAll(async () => {
  h = await startHarness();
  for (const m of HUMAN_MAILS) await ingest(h, m);
  await ingest(h, { from: 'Søren Havn <soeren@havnens-vvs.dk>', subject: 'Rabat på 50% vises forkert', text: 'Hej\n\nNår vi giver 50% rabat på en ordrelinje, viser fakturaen 5% i stedet. Hvordan retter vi det?\n\nSøren' });
  agent = await addUser(h, 'agent');
});
afterAll(async () => h?.close());

const SQLISH = ["' OR 1=1 --", "'; DROP TABLE tickets; --", '" OR ""="', '1) OR (1=1', "\\'; SELECT pg_sleep(5); --", '$1', '%', '_', '%%%_%', '\\', '\u0000', '😀'.repeat(300)];

describe('search and filters', () => {
  it.each(SQLISH)('search text %j is matched literally and answered 200', async (q) => {
    const before = await counts();
    const res = await h.app.inject({ url: `/api/tickets?status=all&q=${encodeURIComponent(q)}`, headers: auth() });
    expect(res.statusCode).toBe(200);
    const tickets = res.json().tickets as { subject: string }[];
    // Only a ticket that literally contains the text may match; "%" and "_" are not wildcards.
    if (q === '%') expect(tickets.map((t) => t.subject)).toEqual(['Rabat på 50% vises forkert']);
    // NUL cannot reach PostgreSQL text; a search of nothing but control characters is no search.
    else if (q === '\u0000') expect(tickets).toHaveLength(5);
    else expect(tickets).toEqual([]);
    const page = await h.app.inject({ url: `/queues/support?status=all&q=${encodeURIComponent(q)}`, headers: auth() });
    expect(page.statusCode).toBe(200);
    expect(await counts()).toEqual(before);
  });

  it('finds by subject text, by new text, by sender and by reference', async () => {
    const find = async (q: string) => ((await h.app.inject({ url: `/api/tickets?status=all&q=${encodeURIComponent(q)}`, headers: auth() })).json().tickets as { reference: string }[]).map((t) => t.reference);
    expect(await find('kreditnota')).toEqual(['MB-000002']);
    expect(await find('montørerne')).toEqual(['MB-000001']);
    expect(await find('lise@skovgaard')).toEqual(['MB-000003']);
    expect(await find('MB-000004')).toEqual(['MB-000004']);
    expect(await find('50%')).toEqual(['MB-000005']);
  });

  it('filters by company, agreement and status', async () => {
    const refs = async (qs: string) => ((await h.app.inject({ url: `/api/tickets?${qs}`, headers: auth() })).json().tickets as { reference: string }[]).map((t) => t.reference);
    const [havn] = await h.db.dataSource.query(`SELECT id FROM companies WHERE name = 'Havnens VVS & Blik A/S'`);
    expect(await refs(`company=${havn.id}`)).toEqual(['MB-000002', 'MB-000005']);
    expect(await refs('agreement=hypercare')).toEqual(['MB-000003']);
    expect(await refs('agreement=udvidet&queue=error')).toEqual(['MB-000001']);
    expect(await refs('status=closed')).toEqual([]);
    expect(await refs('status=all')).toHaveLength(5);
  });

  it('refuses unknown queues and ignores unknown filter values instead of passing them on', async () => {
    expect((await h.app.inject({ url: `/api/tickets?queue=${encodeURIComponent("support' OR '1'='1")}`, headers: auth() })).statusCode).toBe(400);
    const res = await h.app.inject({ url: `/api/tickets?status=${encodeURIComponent("open' OR 1=1 --")}&company=${encodeURIComponent('1 OR 1=1')}&agreement=x&page=-5`, headers: auth() });
    expect(res.statusCode).toBe(200);
    expect(res.json().page).toBe(1);
    expect((await h.app.inject({ url: `/queues/${encodeURIComponent("error' --")}`, headers: auth() })).statusCode).toBe(404);
    expect((await h.app.inject({ url: `/api/mails?state=${encodeURIComponent("quarantined' OR 1=1")}`, headers: auth() })).statusCode).toBe(400);
  });
});

describe('ids in the URL', () => {
  const IDS = ["1 OR 1=1", "1; DROP TABLE tickets", "1' --", '../../etc/passwd', '-1', '99999999999999999999999', '0x1', '1e3', ' 1'];
  it.each(IDS)('%j is not found (or refused), never an error', async (id) => {
    const before = await counts();
    const e = encodeURIComponent(id);
    for (const [method, url, payload] of [
      ['GET', `/api/tickets/${e}`],
      ['GET', `/tickets/${e}`],
      ['POST', `/api/tickets/${e}/close`],
      ['GET', `/api/mails/${e}`],
      ['GET', `/mails/${e}/body`],
      ['GET', `/mails/1/attachments/${e}`],
      ['GET', `/api/companies/${e}`],
      ['GET', `/companies/${e}`],
      ['POST', `/api/mails/${e}/replay`],
      ['POST', `/api/tickets/MB-000001/assign`, { userId: id }],
      ['POST', `/api/tickets/MB-000001/link-sender`, { companyId: id }],
    ] as const) {
      const res = await h.app.inject({ method, url, headers: auth(), ...(payload ? { payload } : {}) });
      expect({ url, status: res.statusCode }).toEqual({ url, status: expect.any(Number) });
      expect([400, 404]).toContain(res.statusCode);
    }
    expect(await counts()).toEqual(before);
  });

  it('a reference that looks right but does not exist is 404', async () => {
    expect((await h.app.inject({ url: '/api/tickets/MB-999999', headers: auth() })).statusCode).toBe(404);
  });
});

describe('bodies', () => {
  it('unknown properties and wrong types are refused, with nothing changed', async () => {
    const url = '/api/tickets/MB-000001/reclassify';
    for (const payload of [{ category: "support' --" }, { category: 'noise' }, { category: 'support', queue: 'needs_triage' }, { category: ['support'] }, {}]) {
      expect((await h.app.inject({ method: 'POST', url, headers: auth(), payload })).statusCode).toBe(400);
    }
    expect((await h.db.dataSource.query(`SELECT category FROM tickets WHERE reference = 'MB-000001'`))[0].category).toBe('error');
    expect(await h.db.dataSource.query(`SELECT * FROM classification_corrections`)).toEqual([]);
  });

  it('a note with SQL and HTML in it is stored and shown as text', async () => {
    const text = "'); DELETE FROM tickets; -- <script>alert(1)</script>";
    expect((await h.app.inject({ method: 'POST', url: '/api/tickets/MB-000001/notes', headers: auth(), payload: { text } })).statusCode).toBe(201);
    const page = await h.app.inject({ url: '/tickets/MB-000001', headers: auth() });
    expect(page.body).toContain('&#39;); DELETE FROM tickets; -- &lt;script&gt;alert(1)&lt;/script&gt;');
    expect(page.body).not.toContain('<script>alert(1)');
    expect((await counts()).t).toBe(5);
  });
});

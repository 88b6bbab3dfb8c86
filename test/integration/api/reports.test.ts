import { addUser, ingest, login, startHarness, type Harness, type TestUser } from './harness';
import { localDay, presetPeriod, weekOf } from '../../../src/reports/period';

jest.setTimeout(60_000);

/** The managers' training-offer report in the workspace: managers only, same figures as the CLI report. */
let h: Harness;
let agent: TestUser;
let manager: TestUser;
const as = (u: TestUser) => ({ authorization: `Bearer ${u.token}` });

beforeAll(async () => {
  h = await startHarness();
  [agent, manager] = [await addUser(h, 'agent'), await addUser(h, 'manager')];
  await ingest(h, {
    from: 'Lise Skovgaard <lise@skovgaard-rent.dk>',
    subject: 'Kursus i planlægning',
    text: 'Hej\n\nVi har nye planlæggere, som aldrig har brugt Microbizz. Kan I give dem et kursus og en gennemgang af hele planlægningsmodulet fra bunden?\n\nHilsen Lise',
  });
});
afterAll(async () => h?.close());

const today = new Date().toISOString().slice(0, 10);

describe('/reports/training', () => {
  it('is for managers: agents get 403, nobody without login gets in', async () => {
    expect((await h.app.inject({ url: '/api/reports/training' })).statusCode).toBe(401);
    expect((await h.app.inject({ url: '/api/reports/training', headers: as(agent) })).statusCode).toBe(403);
  });

  it('counts the training ticket of the period in JSON, and renders the page and the CSV', async () => {
    const json = await h.app.inject({ url: `/api/reports/training?from=${today}&to=${today}`, headers: as(manager) });
    expect(json.statusCode).toBe(200);
    const body = json.json();
    const [{ n }] = await h.db.dataSource.query(`SELECT count(*)::int AS n FROM tickets WHERE category = 'training'`);
    expect(n).toBe(1);
    expect(JSON.stringify(body)).toContain('Skovgaard Rengøring ApS');

    const page = await h.app.inject({ url: `/reports/training?from=${today}&to=${today}`, headers: as(manager) });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-security-policy']).toMatch(/default-src 'none'/);
    expect(page.body).toContain('Skovgaard Rengøring ApS');
    expect(page.body).not.toMatch(/<script/i);

    // The weekly mail's HTML, for printing or forwarding.
    const mail = await h.app.inject({ url: `/reports/training?from=${today}&to=${today}&format=mail`, headers: as(manager) });
    expect(mail.headers['content-security-policy']).toMatch(/style-src 'unsafe-inline'/);
    expect(mail.body).toMatch(/^<!DOCTYPE html>/);

    const csv = await h.app.inject({ url: `/reports/training?from=${today}&to=${today}&format=csv`, headers: as(manager) });
    expect(csv.rawPayload.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    expect(csv.body).toContain(';');
  });

  it('a bad period is a clear 400', async () => {
    const res = await h.app.inject({ url: '/api/reports/training?from=2026-13-01&to=2026-12-01', headers: as(manager) });
    expect(res.statusCode).toBe(400);
    expect((await h.app.inject({ url: '/api/reports/training?period=last-year', headers: as(manager) })).statusCode).toBe(400);
    const lastMonth = (await h.app.inject({ url: '/api/reports/training?period=last-month', headers: as(manager) })).json();
    expect(lastMonth.period).toEqual(presetPeriod('last-month', new Date(), h.config.REPORT_TZ));
  });
});

describe('the managers\' home', () => {
  const tz = () => h.config.REPORT_TZ;
  it('after login a manager lands on the report, an agent on the queues', async () => {
    for (const [u, home] of [[manager, '/reports/training'], [agent, '/queues/error']] as const) {
      const { cookie } = await login(h.app, u.email, u.password);
      const res = await h.app.inject({ url: '/', headers: { cookie } });
      expect([res.statusCode, res.headers.location]).toEqual([303, home]);
    }
  });

  it('opens inside the app frame on the most recent period with data, and says which', async () => {
    const res = await h.app.inject({ url: '/reports/training', headers: as(manager) });
    expect(res.statusCode).toBe(200);
    const body = res.body;
    // The app's frame: top navigation, the queue column with "Mine sager", the logout form.
    expect(body).toContain('class="topbar"');
    expect(body).toContain('aria-label="Køer"');
    expect(body).toContain('<span>Mine sager</span>');
    expect(body).toContain('action="/logout"');
    expect(body).toMatch(/<a href="\/reports\/training" class="active" aria-current="page">Undervisningsrapport<\/a>/);
    // The ticket was opened today, so this week has data and is chosen.
    const week = presetPeriod('this-week', new Date(), tz());
    expect(body).toMatch(/Viser: <strong>Denne uge · uge \d+ \d{4} \(/);
    expect(body).toContain('Valgt automatisk: den seneste periode med henvendelser.');
    expect(body).toMatch(/<a class="preset active" href="\/reports\/training\?period=this-week" aria-current="page">Denne uge<\/a>/);
    // Each company row links to its tickets of the period.
    const [{ id }] = await h.db.dataSource.query(`SELECT id FROM companies WHERE name = 'Skovgaard Rengøring ApS'`);
    const link = `/tickets?from=${week.from}&amp;to=${week.to}&amp;company=${id}&amp;status=all`;
    expect(body).toContain(`<a href="${link}" title="Se firmaets sager i perioden">Skovgaard Rengøring ApS</a>`);
    expect(body).toContain('Undervisningsbehov i perioden');

    const tickets = await h.app.inject({ url: link.replace(/&amp;/g, '&'), headers: as(manager) });
    expect(tickets.statusCode).toBe(200);
    expect(tickets.body).toContain('<h1>Sager fra Skovgaard Rengøring ApS</h1>');
    expect(tickets.body).toContain('Kursus i planlægning');
    // The same company in a week without tickets: none.
    const old = weekOf('2026-01-05');
    const none = await h.app.inject({ url: `/tickets?from=${old.from}&to=${old.to}&company=${id}&status=all`, headers: as(manager) });
    expect(none.body).toContain('Ingen sager her.');
  });

  it('explains an empty period and points to the latest period with data', async () => {
    const res = await h.app.inject({ url: '/reports/training?period=last-month', headers: as(manager) });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('<a class="preset active" href="/reports/training?period=last-month" aria-current="page">Sidste måned</a>');
    expect(res.body).toMatch(/Ingen undervisningstilbud i perioden [a-zæøå]+ \d{4} \(1\. [a-z]+\. \d{4} – \d+\. [a-z]+\. \d{4}\): der kom ingen henvendelser, og der blev ikke sendt tilbud\./);
    const week = weekOf(localDay(new Date(), tz()));
    expect(res.body).toContain(`Seneste periode med henvendelser: <a href="/reports/training?from=${week.from}&amp;to=${week.to}">Denne uge · uge`);
  });

  it('a bad custom range is a Danish message on the page (400), never a 500', async () => {
    const bad = await h.app.inject({ url: '/reports/training?period=custom&from=2026-13-01&to=2026-12-01', headers: as(manager) });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('Fra-datoen &quot;2026-13-01&quot; er ikke en dato. Skriv den som ÅÅÅÅ-MM-DD, fx 2026-11-02.');
    expect(bad.body).toContain('value="2026-13-01"');
    const reversed = await h.app.inject({ url: '/reports/training?from=2026-12-08&to=2026-12-01', headers: as(manager) });
    expect(reversed.statusCode).toBe(400);
    expect(reversed.body).toContain('Perioden slutter (2026-12-01) før den begynder (2026-12-08). Byt om på datoerne.');
    const unknown = await h.app.inject({ url: '/reports/training?period=%3Cscript%3E', headers: as(manager) });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.body).toContain('Ukendt periode &quot;&lt;script&gt;&quot;');
    const custom = await h.app.inject({ url: `/reports/training?period=custom&from=${today}&to=${today}`, headers: as(manager) });
    expect(custom.statusCode).toBe(200);
    expect(custom.body).toContain('Skovgaard Rengøring ApS');
  });

  it('"Mine sager": the open tickets assigned to me, with a count in the navigation', async () => {
    const me = await addUser(h, 'agent');
    const before = await h.app.inject({ url: '/queues/mine', headers: as(me) });
    expect(before.body).toMatch(/<span>Mine sager<\/span><span class="count zero">0<\/span>/);
    expect(before.body).toContain('Du har ingen åbne sager tildelt.');
    const [{ reference }] = await h.db.dataSource.query(`SELECT reference FROM tickets ORDER BY id LIMIT 1`);
    expect((await h.app.inject({ method: 'POST', url: `/api/tickets/${reference}/assign`, headers: as(me), payload: { userId: me.user.id } })).statusCode).toBe(200);
    const after = await h.app.inject({ url: '/queues/mine', headers: as(me) });
    expect(after.body).toMatch(/<li class="active"><a href="\/queues\/mine"><span>Mine sager<\/span><span class="count">1<\/span>/);
    expect(after.body).toContain(`>${reference}</a>`);
    // Someone else's "Mine sager" stays empty; the API answers the same question.
    expect((await h.app.inject({ url: '/queues/mine', headers: as(agent) })).body).toContain('Du har ingen åbne sager tildelt.');
    expect((await h.app.inject({ url: '/api/tickets?assignee=me', headers: as(me) })).json()).toMatchObject({ total: 1, tickets: [{ reference }] });
    expect((await h.app.inject({ url: '/api/tickets?assignee=me', headers: as(agent) })).json().total).toBe(0);
  });
});

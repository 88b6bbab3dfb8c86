import { addUser, ingest, startHarness, type Harness, type TestUser } from './harness';

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

    const csv = await h.app.inject({ url: `/reports/training?from=${today}&to=${today}&format=csv`, headers: as(manager) });
    expect(csv.rawPayload.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    expect(csv.body).toContain(';');
  });

  it('a bad period is a clear 400', async () => {
    const res = await h.app.inject({ url: '/api/reports/training?from=2026-13-01&to=2026-12-01', headers: as(manager) });
    expect(res.statusCode).toBe(400);
  });
});

import { Redis } from 'ioredis';
import { buildApp } from '../../../src/api/app';
import { freePort } from '../../../harness/ports';
import { addUser, startHarness, type Harness, type TestUser } from './harness';

jest.setTimeout(60_000);

/** /healthz, the registry (managers edit, agents read), users (admins) and personal API tokens. */
let h: Harness;
let agent: TestUser;
let manager: TestUser;
let admin: TestUser;
const as = (u: TestUser) => ({ authorization: `Bearer ${u.token}` });

beforeAll(async () => {
  h = await startHarness();
  [agent, manager, admin] = [await addUser(h, 'agent'), await addUser(h, 'manager'), await addUser(h, 'admin')];
});
afterAll(async () => h?.close());

describe('/healthz', () => {
  it('answers without login when PostgreSQL and Redis answer', async () => {
    const res = await h.app.inject({ url: '/healthz' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'ok', database: 'ok', redis: 'ok' });
  });

  it('says 503 when Redis does not answer', async () => {
    const port = await freePort();
    const dead = new Redis({ port, host: '127.0.0.1', lazyConnect: true, enableOfflineQueue: false, maxRetriesPerRequest: 0, retryStrategy: () => null });
    dead.on('error', () => undefined);
    const app = await buildApp({ pipeline: h.pipeline, queues: h.queues, redis: dead });
    try {
      const res = await app.inject({ url: '/healthz' });
      expect(res.statusCode).toBe(503);
      expect(res.json()).toMatchObject({ status: 'unavailable', database: 'ok', redis: expect.stringMatching(/^error: /) });
    } finally {
      await app.close();
      dead.disconnect();
    }
  });
});

describe('registry', () => {
  it('a manager adds a company, a dated agreement and contacts; the third contact must be purchased', async () => {
    const created = await h.app.inject({ method: 'POST', url: '/api/companies', headers: as(manager), payload: { name: 'Kystens Kloak ApS', domains: 'kystens-kloak.dk; kk-service.dk', agreement: 'basis' } });
    expect(created.statusCode).toBe(201);
    const { id } = created.json();
    expect((await h.app.inject({ method: 'POST', url: `/api/companies/${id}/agreements`, headers: as(manager), payload: { kind: 'hypercare', validFrom: '2026-11-01', validTo: '2027-01-31' } })).statusCode).toBe(201);
    expect((await h.app.inject({ method: 'POST', url: `/api/companies/${id}/agreements`, headers: as(manager), payload: { kind: 'basis', validFrom: '2027-02-01', validTo: '2026-01-01' } })).statusCode).toBe(400);
    for (const [name, email] of [['Anna', 'anna@kystens-kloak.dk'], ['Bent', 'bent@kystens-kloak.dk']]) {
      expect((await h.app.inject({ method: 'POST', url: `/api/companies/${id}/contacts`, headers: as(manager), payload: { name, email } })).statusCode).toBe(201);
    }
    expect((await h.app.inject({ method: 'POST', url: `/api/companies/${id}/contacts`, headers: as(manager), payload: { name: 'Carl', email: 'carl@kystens-kloak.dk' } })).statusCode).toBe(409);
    expect((await h.app.inject({ method: 'POST', url: `/api/companies/${id}/contacts`, headers: as(manager), payload: { name: 'Carl', email: 'carl@kystens-kloak.dk', purchased: true } })).statusCode).toBe(201);
    expect((await h.app.inject({ method: 'POST', url: `/api/companies/${id}/contacts`, headers: as(manager), payload: { name: 'Dorte', email: 'anna@kystens-kloak.dk', purchased: true } })).statusCode).toBe(409);

    const detail = (await h.app.inject({ url: `/api/companies/${id}`, headers: as(agent) })).json();
    expect(detail.domains).toEqual(['kystens-kloak.dk', 'kk-service.dk']);
    expect(detail.agreements.map((a: { kind: string; validFrom: string | null; validTo: string | null }) => [a.kind, a.validFrom, a.validTo])).toEqual([
      ['basis', null, null],
      ['hypercare', '2026-11-01', '2027-01-31'],
    ]);
    expect(detail.contacts.map((c: { name: string; purchased: boolean }) => [c.name, c.purchased])).toEqual([['Anna', false], ['Bent', false], ['Carl', true]]);
    const page = await h.app.inject({ url: `/companies/${id}`, headers: as(agent) });
    expect(page.body).toContain('gælder i dag');
    expect(page.body).not.toContain('Tilføj kontakt');
  });

  it('everyone reads the registry pages; only managers see the edit forms', async () => {
    const asAgent = await h.app.inject({ url: '/companies', headers: as(agent) });
    expect(asAgent.statusCode).toBe(200);
    expect(asAgent.body).toContain('Kystens Kloak ApS');
    expect(asAgent.body).toContain('Fjordby Elektro ApS');
    expect(asAgent.body).not.toContain('Ny virksomhed');
    expect((await h.app.inject({ url: '/companies', headers: as(manager) })).body).toContain('Ny virksomhed');
  });

  it('a firm on a public mail domain is created with a warning, the domain kept as information; a duplicate name is refused', async () => {
    const res = await h.app.inject({ method: 'POST', url: '/api/companies', headers: as(manager), payload: { name: 'Murer Hansen', domains: 'gmail.com; murer-hansen.dk', agreement: 'basis' } });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ publicDomains: ['gmail.com'], warnings: [expect.stringContaining('gmail.com er et offentligt maildomæne')] });
    expect(await h.db.dataSource.query(`SELECT domains, public_domains FROM companies WHERE name = 'Murer Hansen'`)).toEqual([{ domains: ['murer-hansen.dk'], public_domains: ['gmail.com'] }]);
    const page = await h.app.inject({ url: `/companies/${res.json().id}`, headers: as(agent) });
    expect(page.body).toContain('Offentlige maildomæner (kun oplysning): gmail.com');
    expect(page.body).toContain('bruges aldrig til at genkende afsendere');
    expect((await h.app.inject({ method: 'POST', url: '/api/companies', headers: as(manager), payload: { name: 'Kystens Kloak ApS', agreement: 'basis' } })).statusCode).toBe(409);
  });
});

describe('users and tokens', () => {
  it('an admin creates users; passwords are hashed with scrypt; duplicates and weak passwords are refused', async () => {
    const res = await h.app.inject({ method: 'POST', url: '/api/users', headers: as(admin), payload: { email: 'Ny.Agent@Ventu.dk', role: 'agent', password: 'Et-langt-kodeord-1' } });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ email: 'ny.agent@ventu.dk', role: 'agent' });
    expect(JSON.stringify(res.json())).not.toMatch(/scrypt|kodeord/);
    const [row] = await h.db.dataSource.query(`SELECT password_hash FROM users WHERE email = 'ny.agent@ventu.dk'`);
    expect(row.password_hash).toMatch(/^scrypt\$131072\$8\$1\$/);
    expect((await h.app.inject({ method: 'POST', url: '/api/users', headers: as(admin), payload: { email: 'ny.agent@ventu.dk', role: 'agent', password: 'Et-langt-kodeord-1' } })).statusCode).toBe(400);
    expect((await h.app.inject({ method: 'POST', url: '/api/users', headers: as(admin), payload: { email: 'b@ventu.dk', role: 'agent', password: 'kort' } })).statusCode).toBe(400);
  });

  it('an admin cannot lock themselves out', async () => {
    const res = await h.app.inject({ method: 'PATCH', url: `/api/users/${admin.user.id}`, headers: as(admin), payload: { role: 'agent' } });
    expect(res.statusCode).toBe(400);
    expect((await h.db.dataSource.query(`SELECT role FROM users WHERE id = $1`, [admin.user.id]))[0].role).toBe('admin');
  });

  it('a personal token is shown once, stored hashed, listed without its value, and dies when revoked', async () => {
    const created = await h.app.inject({ method: 'POST', url: '/api/tokens', headers: as(agent), payload: { name: 'eksport' } });
    expect(created.statusCode).toBe(201);
    const { id, token } = created.json();
    expect(token).toMatch(/^sdt_[A-Za-z0-9_-]{43}$/);
    expect(JSON.stringify(await h.db.dataSource.query(`SELECT * FROM api_tokens`))).not.toContain(token.slice(4));
    const list = (await h.app.inject({ url: '/api/tokens', headers: { authorization: `Bearer ${token}` } })).json();
    expect(list.find((t: { id: number }) => t.id === id)).toMatchObject({ name: 'eksport', revokedAt: null, lastUsedAt: expect.any(String) });
    expect(JSON.stringify(list)).not.toContain(token);
    // Only the owner may revoke it.
    expect((await h.app.inject({ method: 'DELETE', url: `/api/tokens/${id}`, headers: as(manager) })).statusCode).toBe(404);
    expect((await h.app.inject({ method: 'DELETE', url: `/api/tokens/${id}`, headers: as(agent) })).statusCode).toBe(200);
    expect((await h.app.inject({ url: '/api/me', headers: { authorization: `Bearer ${token}` } })).statusCode).toBe(401);
  });
});

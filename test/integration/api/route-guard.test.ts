import { bearer, addUser, ingest, login, startHarness, type Harness, type TestUser } from './harness';
import { HUMAN_MAILS } from '../../support/mails';

jest.setTimeout(60_000);

/**
 * Every route the app registers, found through fastify's onRoute hook (app.routeTable), is
 * checked: nothing under /api answers without a session or token, and nothing that needs a
 * manager or admin answers an agent. A new route is covered the moment it is registered.
 */
let h: Harness;
let agent: TestUser;
let manager: TestUser;
let admin: TestUser;

const concrete = (url: string) => url.replace(':reference', 'MB-000001').replace(':index', '0').replace(':queue', 'error').replace(':name', 'app.css').replace(/:id/g, '1');

beforeAll(async () => {
  h = await startHarness();
  await ingest(h, HUMAN_MAILS[0]);
  [agent, manager, admin] = [await addUser(h, 'agent'), await addUser(h, 'manager'), await addUser(h, 'admin')];
});
afterAll(async () => h?.close());

describe('the route table', () => {
  it('holds every /api route of the workspace', () => {
    const api = h.app.routeTable.filter((r) => r.url.startsWith('/api/'));
    // The enumeration must not silently come back empty or half-registered.
    expect(api.length).toBeGreaterThanOrEqual(29);
    expect(api.map((r) => `${r.method} ${r.url}`)).toEqual(expect.arrayContaining(['GET /api/tickets', 'POST /api/tickets/:reference/reply', 'POST /api/users', 'DELETE /api/contacts/:id']));
    console.log(`enumerated ${api.length} /api routes, ${h.app.routeTable.length} routes in all`);
  });

  it('lets only the login form, the health check and the stylesheet through without login', () => {
    const open = h.app.routeTable.filter((r) => r.public).map((r) => `${r.method} ${r.url}`).sort();
    expect(open).toEqual(['GET /healthz', 'GET /login', 'GET /static/:name', 'POST /login']);
  });
});

describe('without a valid session or token', () => {
  const apiRoutes = () => h.app.routeTable.filter((r) => r.url.startsWith('/api/'));

  it('every /api route answers 401, whatever the credentials look like', async () => {
    const attempts: Record<string, string>[] = [
      {},
      { authorization: 'Bearer sdt_not-a-real-token' },
      { authorization: 'Basic YWRtaW46YWRtaW4=' },
      { authorization: `Bearer ${agent.token}x` },
      { cookie: 'sd_session=forged-session-id' },
    ];
    for (const r of apiRoutes()) {
      for (const headers of attempts) {
        const res = await h.app.inject({ method: r.method as 'GET', url: concrete(r.url), headers, ...(r.method === 'GET' || r.method === 'DELETE' ? {} : { payload: {} }) });
        expect({ route: `${r.method} ${r.url}`, headers, status: res.statusCode }).toEqual({ route: `${r.method} ${r.url}`, headers, status: 401 });
        expect(res.json()).toMatchObject({ error: 'UNAUTHORIZED' });
      }
    }
  });

  it('pages redirect to the login form, and posts are refused', async () => {
    for (const r of h.app.routeTable.filter((x) => !x.public && !x.url.startsWith('/api/'))) {
      const res = await h.app.inject({ method: r.method as 'GET', url: concrete(r.url) });
      if (r.method === 'GET') {
        expect(res.statusCode).toBe(303);
        expect(res.headers.location).toMatch(/^\/login\?next=/);
      } else {
        expect({ route: r.url, status: res.statusCode }).toEqual({ route: r.url, status: 401 });
      }
    }
  });

  it('a revoked token, a disabled user and an expired session are all rejected', async () => {
    const u = await addUser(h, 'agent');
    const s = await login(h.app, u.email, u.password);
    expect((await h.app.inject({ url: '/api/me', headers: bearer(u) })).statusCode).toBe(200);
    expect((await h.app.inject({ url: '/api/me', headers: { cookie: s.cookie } })).statusCode).toBe(200);

    await h.db.dataSource.query(`UPDATE sessions SET expires_at = now() - interval '1 second' WHERE user_id = $1`, [u.user.id]);
    expect((await h.app.inject({ url: '/api/me', headers: { cookie: s.cookie } })).statusCode).toBe(401);

    await h.db.dataSource.query(`UPDATE api_tokens SET revoked_at = now() WHERE user_id = $1`, [u.user.id]);
    expect((await h.app.inject({ url: '/api/me', headers: bearer(u) })).statusCode).toBe(401);

    const v = await addUser(h, 'agent');
    await h.app.inject({ method: 'PATCH', url: `/api/users/${v.user.id}`, headers: bearer(admin), payload: { disabled: true } });
    expect((await h.app.inject({ url: '/api/me', headers: bearer(v) })).statusCode).toBe(401);
  });
});

describe('roles', () => {
  const guarded = () => h.app.routeTable.filter((r) => r.minRole);

  it('an agent gets 403 on every admin action (user management, registry edits), pages and API alike', async () => {
    expect(guarded().map((r) => `${r.method} ${r.url}`)).toEqual(
      expect.arrayContaining(['GET /api/users', 'POST /api/users', 'PATCH /api/users/:id', 'POST /api/companies', 'DELETE /api/agreements/:id', 'GET /users', 'POST /companies']),
    );
    for (const r of guarded()) {
      const res = await h.app.inject({ method: r.method as 'GET', url: concrete(r.url), headers: bearer(agent), ...(r.method === 'GET' ? {} : { payload: {} }) });
      expect({ route: `${r.method} ${r.url}`, status: res.statusCode }).toEqual({ route: `${r.method} ${r.url}`, status: 403 });
    }
  });

  it('a manager edits the registry but cannot manage users; an admin can', async () => {
    for (const r of guarded()) {
      const res = await h.app.inject({ method: r.method as 'GET', url: concrete(r.url), headers: bearer(manager), ...(r.method === 'GET' ? {} : { payload: {} }) });
      if (r.minRole === 'admin') expect({ route: r.url, status: res.statusCode }).toEqual({ route: r.url, status: 403 });
      else expect({ route: r.url, status: res.statusCode }).not.toEqual({ route: r.url, status: 403 });
    }
    expect((await h.app.inject({ url: '/api/users', headers: bearer(admin) })).statusCode).toBe(200);
    expect((await h.app.inject({ url: '/users', headers: bearer(admin) })).statusCode).toBe(200);
  });

  it('the 403 comes before the body is looked at: an agent learns nothing from validation', async () => {
    const res = await h.app.inject({ method: 'POST', url: '/api/users', headers: bearer(agent), payload: { email: 'x', role: 'admin', password: 'p' } });
    expect(res.statusCode).toBe(403);
    expect(await h.db.dataSource.query(`SELECT 1 FROM users WHERE email = 'x'`)).toEqual([]);
  });
});

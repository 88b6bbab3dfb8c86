import { sha256hex } from '../../../src/users/secrets';
import { FORM, addUser, cookieValue, hiddenCsrf, ingest, login, startHarness, type Harness, type TestUser } from './harness';
import { HUMAN_MAILS } from '../../support/mails';

jest.setTimeout(60_000);

/** Sessions, CSRF and the login limit, through the real forms. */
let h: Harness;
let agent: TestUser;
const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();
const status = async () => (await h.db.dataSource.query(`SELECT status FROM tickets WHERE reference = 'MB-000001'`))[0].status;

beforeAll(async () => {
  h = await startHarness();
  await ingest(h, HUMAN_MAILS[0]);
  agent = await addUser(h, 'agent');
});
afterAll(async () => h?.close());

describe('sessions', () => {
  it('are opaque random ids, stored only as their SHA-256, in an HttpOnly SameSite=Lax cookie', async () => {
    const page = await h.app.inject({ url: '/login' });
    const res = await h.app.inject({
      method: 'POST',
      url: '/login',
      headers: { ...FORM, cookie: `sd_login=${cookieValue(page.headers['set-cookie'], 'sd_login')}` },
      payload: form({ _csrf: hiddenCsrf(page.body), email: agent.email.toUpperCase(), password: agent.password, next: '/tickets/MB-000001' }),
    });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/tickets/MB-000001');
    const set = ([] as string[]).concat(res.headers['set-cookie'] ?? []).find((c) => c.startsWith('sd_session='))!;
    expect(set).toMatch(/; HttpOnly/);
    expect(set).toMatch(/; SameSite=Lax/);
    expect(set).not.toMatch(/Secure/);
    const id = cookieValue(set, 'sd_session')!;
    expect(id).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const rows = await h.db.dataSource.query(`SELECT id_hash FROM sessions WHERE user_id = $1`, [agent.user.id]);
    expect(rows.map((r: { id_hash: string }) => r.id_hash)).toContain(sha256hex(id));
    expect(JSON.stringify(rows)).not.toContain(id);
  });

  it('are Secure behind TLS (a trusted proxy says https) and when COOKIE_SECURE is set', async () => {
    const tls = await startHarness({ TRUST_PROXY: '127.0.0.1' });
    const forced = await startHarness({ COOKIE_SECURE: 'true' });
    try {
      for (const [hh, headers] of [[tls, { 'x-forwarded-proto': 'https' }], [forced, {}]] as const) {
        const u = await addUser(hh, 'agent');
        const page = await hh.app.inject({ url: '/login', headers });
        const res = await hh.app.inject({
          method: 'POST',
          url: '/login',
          headers: { ...headers, ...FORM, cookie: `sd_login=${cookieValue(page.headers['set-cookie'], 'sd_login')}` },
          payload: form({ _csrf: hiddenCsrf(page.body), email: u.email, password: u.password }),
        });
        expect(([] as string[]).concat(res.headers['set-cookie'] ?? []).find((c) => c.startsWith('sd_session='))).toMatch(/; Secure/);
      }
    } finally {
      await Promise.all([tls.close(), forced.close()]);
    }
  });

  it('end at logout: the old cookie is worthless afterwards', async () => {
    const s = await login(h.app, agent.email, agent.password);
    const out = await h.app.inject({ method: 'POST', url: '/logout', headers: { ...FORM, cookie: s.cookie }, payload: form({ _csrf: s.csrf }) });
    expect(out.statusCode).toBe(303);
    expect((await h.app.inject({ url: '/api/me', headers: { cookie: s.cookie } })).statusCode).toBe(401);
  });

  it('a wrong password, an unknown user and a disabled user all get the same answer', async () => {
    const disabled = await addUser(h, 'agent');
    await h.db.dataSource.query(`UPDATE users SET disabled = true WHERE id = $1`, [disabled.user.id]);
    const tries = [
      [agent.email, 'forkert-adgangskode'],
      ['ukendt@ventu.dk', agent.password],
      [disabled.email, disabled.password],
    ];
    for (const [email, password] of tries) {
      const page = await h.app.inject({ url: '/login' });
      const res = await h.app.inject({
        method: 'POST',
        url: '/login',
        headers: { ...FORM, cookie: `sd_login=${cookieValue(page.headers['set-cookie'], 'sd_login')}` },
        payload: form({ _csrf: hiddenCsrf(page.body), email, password }),
      });
      expect(res.statusCode).toBe(401);
      expect(res.body).toContain('Forkert e-mail eller adgangskode.');
      expect(String(res.headers['set-cookie'] ?? '')).not.toMatch(/sd_session=/);
    }
  });
});

describe('CSRF: every form needs the token of its own session', () => {
  it('refuses a form without the token, or with a wrong one, or with another session\'s', async () => {
    const s = await login(h.app, agent.email, agent.password);
    const other = await login(h.app, agent.email, agent.password);
    for (const payload of [form({}), form({ _csrf: 'x'.repeat(43) }), form({ _csrf: other.csrf }), form({ _csrf: '' })]) {
      const res = await h.app.inject({ method: 'POST', url: '/tickets/MB-000001/close', headers: { ...FORM, cookie: s.cookie }, payload });
      expect(res.statusCode).toBe(403);
      expect(res.body).toContain('CSRF');
    }
    expect(await status()).toBe('open');
    const ok = await h.app.inject({ method: 'POST', url: '/tickets/MB-000001/close', headers: { ...FORM, cookie: s.cookie }, payload: form({ _csrf: s.csrf }) });
    expect(ok.statusCode).toBe(303);
    expect(ok.headers.location).toBe('/tickets/MB-000001?done=closed');
    expect(await status()).toBe('closed');
  });

  it('JSON calls riding on the browser session need the X-CSRF-Token header; token calls do not', async () => {
    const s = await login(h.app, agent.email, agent.password);
    const url = '/api/tickets/MB-000001/reopen';
    expect((await h.app.inject({ method: 'POST', url, headers: { cookie: s.cookie } })).statusCode).toBe(403);
    expect(await status()).toBe('closed');
    expect((await h.app.inject({ method: 'POST', url, headers: { cookie: s.cookie, 'x-csrf-token': s.csrf } })).statusCode).toBe(200);
    expect((await h.app.inject({ method: 'POST', url: '/api/tickets/MB-000001/close', headers: { authorization: `Bearer ${agent.token}` } })).statusCode).toBe(200);
  });

  it('the login form has its own token (double-submit cookie), so a foreign page cannot log a victim in', async () => {
    const res = await h.app.inject({ method: 'POST', url: '/login', headers: FORM, payload: form({ _csrf: 'guess', email: agent.email, password: agent.password }) });
    expect(res.statusCode).toBe(403);
    expect(String(res.headers['set-cookie'] ?? '')).not.toMatch(/sd_session=/);
  });
});

describe('login rate limit', () => {
  it('stops a client after LOGIN_MAX_ATTEMPTS failed tries in the window — even with the right password — while others can still log in', async () => {
    const limited = await startHarness({ LOGIN_MAX_ATTEMPTS: '3', LOGIN_WINDOW_MINUTES: '15' });
    try {
      const u = await addUser(limited, 'agent');
      const attempt = async (password: string, remoteAddress: string) => {
        const page = await limited.app.inject({ url: '/login', remoteAddress });
        return limited.app.inject({
          method: 'POST',
          url: '/login',
          remoteAddress,
          headers: { ...FORM, cookie: `sd_login=${cookieValue(page.headers['set-cookie'], 'sd_login')}` },
          payload: form({ _csrf: hiddenCsrf(page.body), email: u.email, password }),
        });
      };
      for (let i = 0; i < 3; i++) expect((await attempt('gæt-nummer-' + i, '203.0.113.7')).statusCode).toBe(401);
      const blocked = await attempt(u.password, '203.0.113.7');
      expect(blocked.statusCode).toBe(429);
      expect(blocked.headers['retry-after']).toBeDefined();
      expect(blocked.body).toContain('For mange mislykkede loginforsøg. Vent 15 minutter, og prøv igen.');
      expect(String(blocked.headers['set-cookie'] ?? '')).not.toMatch(/sd_session=/);
      expect((await attempt(u.password, '198.51.100.20')).statusCode).toBe(303);
    } finally {
      await limited.close();
    }
  });
});

import { parseHash } from '../../../src/users/password';
import { createUser } from '../../../src/users/users';
import { runCli } from '../../support/cli';
import { addUser, attemptLogin, login, startHarness, type Harness, type TestUser } from './harness';

jest.setTimeout(90_000);

/**
 * Passwords at rest: hashes made with the old cost (scrypt N=2^15) still log in and are
 * re-hashed at the current cost on the way; a password reset or a disabled account ends
 * every session and API token of that user. Through the real forms and routes.
 */
let h: Harness;
let admin: TestUser;
const FORM = { 'content-type': 'application/x-www-form-urlencoded' };
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const hashOf = async (id: number): Promise<string> => (await h.db.dataSource.query(`SELECT password_hash FROM users WHERE id = $1`, [id]))[0].password_hash;

beforeAll(async () => {
  // Many logins from 127.0.0.1, a few of them wrong: successful ones cost no login budget.
  h = await startHarness();
  admin = await addUser(h, 'admin');
});
afterAll(async () => h?.close());

describe('password hashes', () => {
  it('an old N=2^15 hash still logs in, and is re-hashed with N=2^17 r=8 p=1 on that login', async () => {
    const password = 'Gammel-Hest-Batteri-1';
    const user = await createUser(h.db.dataSource, { email: 'gammel@ventu.dk', role: 'agent', password }, { N: 2 ** 15, r: 8, p: 1 });
    const old = await hashOf(user.id);
    expect(parseHash(old)!.params).toEqual({ N: 32768, r: 8, p: 1 });

    // A wrong password neither logs in nor touches the stored hash.
    expect((await attemptLogin(h.app, 'gammel@ventu.dk', 'Forkert-Hest-Batteri')).statusCode).toBe(401);
    expect(await hashOf(user.id)).toBe(old);

    expect((await attemptLogin(h.app, 'gammel@ventu.dk', password)).statusCode).toBe(303);
    const upgraded = await hashOf(user.id);
    expect(upgraded).not.toBe(old);
    expect(parseHash(upgraded)!.params).toEqual({ N: 131072, r: 8, p: 1 });
    // The new hash is of the same password: the next login works and leaves it alone.
    await login(h.app, 'gammel@ventu.dk', password);
    expect(await hashOf(user.id)).toBe(upgraded);
  });
});

describe('a password reset or a disabled account ends every session and API token of that user', () => {
  /** A user with a live API token and a live browser session, both checked to work first. */
  const withCredentials = async () => {
    const u = await addUser(h, 'agent');
    const session = await login(h.app, u.email, u.password);
    expect((await h.app.inject({ url: '/api/me', headers: bearer(u.token) })).statusCode).toBe(200);
    expect((await h.app.inject({ url: '/api/me', headers: { cookie: session.cookie } })).statusCode).toBe(200);
    return { ...u, session };
  };
  const expectLockedOut = async (u: { token: string; session: { cookie: string } }) => {
    expect((await h.app.inject({ url: '/api/me', headers: bearer(u.token) })).statusCode).toBe(401);
    expect((await h.app.inject({ url: '/api/me', headers: { cookie: u.session.cookie } })).statusCode).toBe(401);
    const page = await h.app.inject({ url: '/', headers: { cookie: u.session.cookie } });
    expect(page.statusCode).toBe(303);
    expect(page.headers.location).toMatch(/^\/login/);
  };
  const tokenRows = async (userId: number) => h.db.dataSource.query(`SELECT revoked_at FROM api_tokens WHERE user_id = $1`, [userId]);

  it('a password set by an admin through the API', async () => {
    const u = await withCredentials();
    const res = await h.app.inject({ method: 'PATCH', url: `/api/users/${u.user.id}`, headers: bearer(admin.token), payload: { password: 'Helt-Nyt-Kodeord-1' } });
    expect(res.statusCode).toBe(200);
    await expectLockedOut(u);
    expect((await tokenRows(u.user.id)).every((t: { revoked_at: Date | null }) => t.revoked_at !== null)).toBe(true);
    expect(await h.db.dataSource.query(`SELECT 1 FROM sessions WHERE user_id = $1`, [u.user.id])).toEqual([]);
    // The old password is dead, the new one works, and a token made afterwards works.
    expect((await attemptLogin(h.app, u.email, u.password)).statusCode).toBe(401);
    const fresh = await login(h.app, u.email, 'Helt-Nyt-Kodeord-1');
    const made = await h.app.inject({ method: 'POST', url: '/api/tokens', headers: { cookie: fresh.cookie, 'x-csrf-token': fresh.csrf }, payload: { name: 'ny' } });
    expect((await h.app.inject({ url: '/api/me', headers: bearer(made.json().token) })).statusCode).toBe(200);
    // The admin's own credentials are untouched.
    expect((await h.app.inject({ url: '/api/me', headers: bearer(admin.token) })).statusCode).toBe(200);
  });

  it('a password set with `servicedesk users passwd` (the real CLI)', async () => {
    const u = await withCredentials();
    const env = { DATABASE_URL: h.db.url, LOG_LEVEL: 'warn' };
    const res = await runCli(['users', 'passwd', '--email', u.email.toUpperCase()], env, 'Kodeord-fra-kommandolinjen\n');
    expect(res).toMatchObject({ code: 0 });
    expect(res.stdout).toContain('sessions are ended and their API tokens revoked');
    await expectLockedOut(u);
    await login(h.app, u.email, 'Kodeord-fra-kommandolinjen');
  });

  it('a user disabled on the users page; enabling them again brings no token or session back', async () => {
    const u = await withCredentials();
    const page = await login(h.app, admin.email, admin.password);
    const post = (fields: Record<string, string>) =>
      h.app.inject({ method: 'POST', url: `/users/${u.user.id}`, headers: { ...FORM, cookie: page.cookie }, payload: new URLSearchParams({ _csrf: page.csrf, ...fields }).toString() });
    expect((await post({ disabled: 'true' })).statusCode).toBe(303);
    await expectLockedOut(u);
    expect((await attemptLogin(h.app, u.email, u.password)).statusCode).toBe(401);
    expect((await post({ disabled: 'false' })).statusCode).toBe(303);
    await expectLockedOut(u);
    // The person logs in again with their password; the old token stays revoked.
    await login(h.app, u.email, u.password);
    expect((await h.app.inject({ url: '/api/me', headers: bearer(u.token) })).statusCode).toBe(401);
  });

  it('a user disabled through the API', async () => {
    const u = await withCredentials();
    expect((await h.app.inject({ method: 'PATCH', url: `/api/users/${u.user.id}`, headers: bearer(admin.token), payload: { disabled: true } })).statusCode).toBe(200);
    await expectLockedOut(u);
  });

  it('a role change revokes nothing, but a demotion takes effect at once on every session and token', async () => {
    const boss = await addUser(h, 'admin');
    const session = await login(h.app, boss.email, boss.password);
    expect((await h.app.inject({ url: '/api/users', headers: bearer(boss.token) })).statusCode).toBe(200);
    expect((await h.app.inject({ method: 'PATCH', url: `/api/users/${boss.user.id}`, headers: bearer(admin.token), payload: { role: 'agent' } })).statusCode).toBe(200);
    for (const headers of [bearer(boss.token), { cookie: session.cookie }]) {
      expect((await h.app.inject({ url: '/api/users', headers })).statusCode).toBe(403);
      expect((await h.app.inject({ url: '/api/me', headers })).json()).toMatchObject({ role: 'agent' });
    }
  });
});

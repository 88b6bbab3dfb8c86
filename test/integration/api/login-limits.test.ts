import { Writable } from 'node:stream';
import pino from 'pino';
import { buildApp } from '../../../src/api/app';
import type { Logger } from '../../../src/shared/logger';
import { sha256hex } from '../../../src/users/secrets';
import { addUser, attemptLogin, cookieValue, startHarness, type Harness } from './harness';

jest.setTimeout(120_000);

/**
 * The login limits through the real login form against the real PostgreSQL: failures per
 * client address (as fastify resolves it under TRUST_PROXY) and per account, in the database.
 * LOGIN_MAX_ATTEMPTS=3 per address, LOGIN_MAX_ATTEMPTS_PER_ACCOUNT=4, a 15-minute window.
 * Every address below is used by one test only; accounts too.
 */
const LIMITS = { LOGIN_MAX_ATTEMPTS: '3', LOGIN_MAX_ATTEMPTS_PER_ACCOUNT: '4', LOGIN_WINDOW_MINUTES: '15' };
let direct: Harness;
let proxied: Harness;

beforeAll(async () => {
  [direct, proxied] = await Promise.all([startHarness({ ...LIMITS, TRUST_PROXY: 'false' }), startHarness({ ...LIMITS, TRUST_PROXY: '1' })]);
});
afterAll(async () => Promise.all([direct?.close(), proxied?.close()]));

const from = (remoteAddress: string) => ({ remoteAddress });
/** A request that reached us through a reverse proxy at 10.0.0.5, which appended the address it saw. */
const viaProxy = (clientSent: string | null, proxySaw: string) => ({
  remoteAddress: '10.0.0.5',
  headers: { 'x-forwarded-for': clientSent ? `${clientSent}, ${proxySaw}` : proxySaw },
});
const rotated = (i: number) => `198.18.${i}.${(i * 37) % 250}`;
const sessionSet = (res: { headers: Record<string, unknown> }) => cookieValue(res.headers['set-cookie'] as string[] | undefined, 'sd_session') !== null;

const expectRefused = (res: Awaited<ReturnType<typeof attemptLogin>>) => {
  expect(res.statusCode).toBe(429);
  const retryAfter = Number(res.headers['retry-after']);
  expect(retryAfter).toBeGreaterThan(60);
  expect(retryAfter).toBeLessThanOrEqual(15 * 60);
  expect(res.body).toContain(`For mange mislykkede loginforsøg. Vent ${Math.ceil(retryAfter / 60)} minutter, og prøv igen.`);
  expect(sessionSet(res)).toBe(false);
};

describe('per client address', () => {
  it('behind a proxy (TRUST_PROXY=1), a rotated X-Forwarded-For still counts against the address the proxy saw', async () => {
    const u = await addUser(proxied, 'agent');
    for (let i = 0; i < 3; i++) {
      // Every guess names another made-up address and another account; the proxy appends the real one.
      const res = await attemptLogin(proxied.app, `gæt${i}@ventu.dk`, 'Forkert-Hest-Batteri', viaProxy(rotated(i), '203.0.113.50'));
      expect(res.statusCode).toBe(401);
    }
    // Refused before the password is looked at: the right one does not help.
    expectRefused(await attemptLogin(proxied.app, u.email, u.password, viaProxy(rotated(99), '203.0.113.50')));
    // Another client behind the same proxy has its own budget.
    expect((await attemptLogin(proxied.app, u.email, u.password, viaProxy(null, '198.51.100.9'))).statusCode).toBe(303);
  });

  it('with a hop count, a client that reaches the server directly from a public address cannot name its own', async () => {
    const u = await addUser(proxied, 'agent');
    for (let i = 0; i < 3; i++) {
      const res = await attemptLogin(proxied.app, u.email, `Forkert-${i}`, { remoteAddress: '203.0.113.77', headers: { 'x-forwarded-for': rotated(i) } });
      expect(res.statusCode).toBe(401);
    }
    expectRefused(await attemptLogin(proxied.app, u.email, u.password, { remoteAddress: '203.0.113.77', headers: { 'x-forwarded-for': rotated(50) } }));
  });

  it('with TRUST_PROXY=false, one address\'s failures do not lock out another address\'s correct login', async () => {
    const u = await addUser(direct, 'agent');
    for (let i = 0; i < 3; i++) expect((await attemptLogin(direct.app, u.email, `Forkert-${i}`, from('203.0.113.7'))).statusCode).toBe(401);
    expectRefused(await attemptLogin(direct.app, u.email, u.password, from('203.0.113.7')));
    expect((await attemptLogin(direct.app, u.email, u.password, from('198.51.100.20'))).statusCode).toBe(303);
    // X-Forwarded-For is not believed from anyone: sending it changes nothing.
    expectRefused(await attemptLogin(direct.app, u.email, u.password, { remoteAddress: '203.0.113.7', headers: { 'x-forwarded-for': '192.0.2.200' } }));
  });

  it('successful logins cost nothing, and clear only the client\'s own typos on that account', async () => {
    const u = await addUser(direct, 'agent');
    const ip = from('203.0.113.80');
    for (let i = 0; i < 4; i++) expect((await attemptLogin(direct.app, u.email, u.password, ip)).statusCode).toBe(303);
    // Two typos, then right: the typos are forgiven, so two more typos and a login still pass.
    for (let round = 0; round < 2; round++) {
      for (let i = 0; i < 2; i++) expect((await attemptLogin(direct.app, u.email, `Tastefejl-${round}-${i}`, ip)).statusCode).toBe(401);
      expect((await attemptLogin(direct.app, u.email, u.password, ip)).statusCode).toBe(303);
    }
    // Failures on another account are not forgiven by logging in to one's own: 2 + 1 reach the limit.
    const other = from('203.0.113.81');
    for (let i = 0; i < 2; i++) expect((await attemptLogin(direct.app, 'en.anden@ventu.dk', `Gæt-${i}`, other)).statusCode).toBe(401);
    expect((await attemptLogin(direct.app, u.email, u.password, other)).statusCode).toBe(303);
    expect((await attemptLogin(direct.app, 'en.anden@ventu.dk', 'Gæt-2', other)).statusCode).toBe(401);
    expectRefused(await attemptLogin(direct.app, u.email, u.password, other));
  });

  it('a burst of parallel guesses is counted exactly: three get checked, the rest are refused', async () => {
    const results = await Promise.all(Array.from({ length: 8 }, (_, i) => attemptLogin(direct.app, `burst${i}@ventu.dk`, 'Forkert-Hest-Batteri', from('203.0.113.90'))));
    expect(results.map((r) => r.statusCode).sort()).toEqual([401, 401, 401, 429, 429, 429, 429, 429]);
  });
});

describe('per account', () => {
  it('after LOGIN_MAX_ATTEMPTS_PER_ACCOUNT failures from many addresses, those addresses are refused; an address that has not failed still gets in', async () => {
    const u = await addUser(direct, 'agent');
    const w = await addUser(direct, 'agent');
    // Four addresses, one wrong guess each: no address is near its own limit, the account is at its.
    for (let i = 1; i <= 4; i++) expect((await attemptLogin(direct.app, u.email, `Forkert-${i}`, from(`192.0.2.${i}`))).statusCode).toBe(401);
    expectRefused(await attemptLogin(direct.app, u.email, u.password, from('192.0.2.1')));
    // A fresh address gets its one guess; having failed, it is refused too.
    expect((await attemptLogin(direct.app, u.email, 'Forkert-5', from('192.0.2.99'))).statusCode).toBe(401);
    expectRefused(await attemptLogin(direct.app, u.email, u.password, from('192.0.2.99')));
    // The agent, from an address that has not guessed wrong, logs in: the attacker could not lock them out.
    expect((await attemptLogin(direct.app, u.email, u.password, from('192.0.2.100'))).statusCode).toBe(303);
    // The lock is on that account only: the same addresses log in to another account.
    expect((await attemptLogin(direct.app, w.email, w.password, from('192.0.2.1'))).statusCode).toBe(303);
    // The account is counted however the e-mail is typed, and stored only as a hash.
    expectRefused(await attemptLogin(direct.app, `  ${u.email.toUpperCase()} `, u.password, from('192.0.2.2')));
    const rows = await direct.db.dataSource.query(`SELECT account_key, client FROM login_failures WHERE client LIKE '192.0.2.%'`);
    expect(rows.length).toBeGreaterThanOrEqual(5);
    expect(new Set(rows.map((r: { account_key: string }) => r.account_key))).toEqual(new Set([sha256hex(u.email)]));
    expect(JSON.stringify(rows)).not.toContain(u.email);
  });
});

describe('the counts live in PostgreSQL', () => {
  it('a second server process on the same database (or the same one restarted) sees the failures', async () => {
    const u = await addUser(direct, 'agent');
    for (let i = 0; i < 3; i++) expect((await attemptLogin(direct.app, u.email, `Forkert-${i}`, from('203.0.113.100'))).statusCode).toBe(401);
    const second = await buildApp({ pipeline: direct.pipeline, queues: direct.queues, redis: direct.redis });
    try {
      expectRefused(await attemptLogin(second, u.email, u.password, from('203.0.113.100')));
      expect((await attemptLogin(second, u.email, u.password, from('203.0.113.101'))).statusCode).toBe(303);
    } finally {
      await second.close();
    }
  });
});

describe('a proxy that TRUST_PROXY does not name', () => {
  it('is reported once in the log, since every client behind it shares its budget', async () => {
    const lines: string[] = [];
    const sink = new Writable({ write: (chunk, _enc, done) => (lines.push(String(chunk)), done()) });
    const log = pino({ level: 'warn' }, sink) as unknown as Logger;
    const app = await buildApp({ pipeline: { ...direct.pipeline, log }, queues: direct.queues, redis: direct.redis });
    try {
      await app.inject({ url: '/healthz', remoteAddress: '203.0.113.110' });
      expect(lines.join('')).not.toContain('X-Forwarded-For');
      for (const client of ['198.51.100.1', '198.51.100.2']) await app.inject({ url: '/healthz', remoteAddress: '10.0.0.5', headers: { 'x-forwarded-for': client } });
      const warnings = lines.filter((l) => l.includes('X-Forwarded-For from a peer TRUST_PROXY does not trust'));
      expect(warnings).toHaveLength(1);
      expect(JSON.parse(warnings[0])).toMatchObject({ level: 40, peer: '10.0.0.5', trustProxy: false });
    } finally {
      await app.close();
    }
  });
});

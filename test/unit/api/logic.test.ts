import { containsPattern, isReference, parseTicketFilter } from '../../../src/api/queries/tickets';
import { age } from '../../../src/api/labels';
import { agentReplyBody, agentReplySubject, isAgentCategory } from '../../../src/tickets/actions';
import { DEFAULT_SCRYPT, hashesWaiting, hashPassword, MAX_CONCURRENT_HASHES, needsRehash, parseHash, Semaphore, verifyPassword } from '../../../src/users/password';
import { hasRole, validateNewUser } from '../../../src/users/users';
import { safeEqual } from '../../../src/users/secrets';

describe('queue filters from the query string', () => {
  it('keeps known values and drops everything else', () => {
    expect(parseTicketFilter({ status: 'closed', company: '12', agreement: 'basis', q: '  kreditnota ', page: '3' }, 'support')).toEqual({
      queue: 'support', status: 'closed', companyId: 12, agreement: 'basis', from: null, to: null, assignedUserId: null, q: 'kreditnota', page: 3,
    });
    expect(parseTicketFilter({ status: "open' OR 1=1", company: '1;DROP TABLE tickets', agreement: 'gold', page: '-1', from: "2026-11-01' --", to: '2026-02-30', assignee: '7' }, null, 7)).toEqual({
      queue: null, status: 'open', companyId: null, agreement: null, from: null, to: null, assignedUserId: null, q: '', page: 1,
    });
    expect(parseTicketFilter({ q: ['a', 'b'] }, null).q).toBe('');
  });
  it('a date range (the report\'s company links) and "assigned to me"', () => {
    expect(parseTicketFilter({ from: '2026-11-23', to: '2026-11-29', company: '4', status: 'all' }, null)).toMatchObject({ from: '2026-11-23', to: '2026-11-29', companyId: 4, status: 'all' });
    expect(parseTicketFilter({ assignee: 'me' }, null, 42).assignedUserId).toBe(42);
    // Without a logged-in user there is no "me".
    expect(parseTicketFilter({ assignee: 'me' }, null).assignedUserId).toBeNull();
  });
  it('makes search text match literally (LIKE wildcards escaped)', () => {
    expect(containsPattern("50%_rabat\\")).toBe('%50\\%\\_rabat\\\\%');
  });
  it('recognises ticket references only in their exact form', () => {
    expect(isReference('MB-000123', 'MB')).toBe(true);
    expect(isReference("MB-000123' OR '1'='1", 'MB')).toBe(false);
    expect(isReference('mb-000123', 'MB')).toBe(false);
  });
});

describe('agent replies', () => {
  it('put the ticket reference in the subject once, with a Danish or English prefix', () => {
    expect(agentReplySubject('SV: Re: Appen lukker ned', 'MB-000001', 'da')).toBe('SV: [MB-000001] Appen lukker ned');
    expect(agentReplySubject('[MB-000001] Kreditnota', 'MB-000001', 'en')).toBe('Re: [MB-000001] Kreditnota');
  });
  it('sign with the agent and the Servicedesk', () => {
    const body = agentReplyBody('Prøv at genstarte appen.', 'Anne Agent', 'da');
    expect(body).toMatch(/^Prøv at genstarte appen\.\n\nVenlig hilsen\nAnne Agent\nMicrobizz Servicedesk\nsupport@microbizz\.dk/);
  });
  it('accept only the four human categories', () => {
    expect(['error', 'support', 'training', 'service_request'].every(isAgentCategory)).toBe(true);
    expect(isAgentCategory('noise')).toBe(false);
    expect(isAgentCategory('needs_triage')).toBe(false);
  });
});

describe('passwords (scrypt)', () => {
  const cheap = { N: 1024, r: 8, p: 1 };
  it('verify the right password and reject a wrong one; each hash has its own salt', async () => {
    const a = await hashPassword('Korrekt-Hest-Batteri', cheap);
    const b = await hashPassword('Korrekt-Hest-Batteri', cheap);
    expect(a).not.toBe(b);
    expect(a).toMatch(/^scrypt\$1024\$8\$1\$[A-Za-z0-9_-]{22}\$[A-Za-z0-9_-]{43}$/);
    expect(await verifyPassword('Korrekt-Hest-Batteri', a)).toBe(true);
    expect(await verifyPassword('korrekt-hest-batteri', a)).toBe(false);
  });
  it('keep the parameters with the hash: new hashes at OWASP\'s minimum, N=2^17 r=8 p=1 (128 MiB)', async () => {
    const stored = await hashPassword('Korrekt-Hest-Batteri');
    expect(parseHash(stored)!.params).toEqual({ N: 131072, r: 8, p: 1 });
    expect(DEFAULT_SCRYPT.N * DEFAULT_SCRYPT.r * 128).toBe(128 * 1024 * 1024);
    expect(await verifyPassword('Korrekt-Hest-Batteri', stored)).toBe(true);
    expect(needsRehash(stored)).toBe(false);
  });
  it('an old hash (N=2^15) still verifies, and is marked for re-hashing', async () => {
    const old = await hashPassword('Korrekt-Hest-Batteri', { N: 2 ** 15, r: 8, p: 1 });
    expect(old).toMatch(/^scrypt\$32768\$8\$1\$/);
    expect(await verifyPassword('Korrekt-Hest-Batteri', old)).toBe(true);
    expect(await verifyPassword('Korrekt-Hest-Batterier', old)).toBe(false);
    expect(needsRehash(old)).toBe(true);
    expect(needsRehash(old.replace('$32768$8$1$', '$131072$8$2$'))).toBe(true);
    expect(needsRehash('garbage')).toBe(true);
  });
  it('run at most MAX_CONCURRENT_HASHES at once; the rest wait their turn', async () => {
    expect(MAX_CONCURRENT_HASHES).toBe(2);
    const gate = new Semaphore(2);
    let running = 0;
    let peak = 0;
    const order: number[] = [];
    const task = (i: number) =>
      gate.run(async () => {
        peak = Math.max(peak, ++running);
        await new Promise((r) => setTimeout(r, 5));
        running--;
        order.push(i);
        if (i === 3) throw new Error('a failing hash frees its slot too');
        return i;
      });
    const results = await Promise.allSettled([1, 2, 3, 4, 5, 6].map(task));
    expect(peak).toBe(2);
    expect(running).toBe(0);
    expect(gate.queued).toBe(0);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled', 'fulfilled', 'fulfilled']);
    expect(order.sort()).toEqual([1, 2, 3, 4, 5, 6]);
  });
  it('a burst of hashes goes through that gate: two run, the rest wait', async () => {
    const burst = [1, 2, 3, 4, 5].map((i) => hashPassword(`Korrekt-Hest-Batteri-${i}`, cheap));
    expect(hashesWaiting()).toBe(3);
    expect(await Promise.all(burst)).toHaveLength(5);
    expect(hashesWaiting()).toBe(0);
  });
  it('refuse tampered or absurd parameters instead of allocating gigabytes', async () => {
    expect(parseHash('scrypt$1073741824$8$1$AAAA$AAAA')).toBeNull();
    expect(parseHash('scrypt$1000$8$1$AAAA$AAAA')).toBeNull(); // not a power of two
    expect(parseHash('bcrypt$x')).toBeNull();
    expect(await verifyPassword('x', 'plaintext')).toBe(false);
  });
});

describe('users and roles', () => {
  it('rank roles: admin ⊃ manager ⊃ agent', () => {
    expect(hasRole({ role: 'admin' }, 'manager')).toBe(true);
    expect(hasRole({ role: 'manager' }, 'admin')).toBe(false);
    expect(hasRole({ role: 'agent' }, 'manager')).toBe(false);
    expect(hasRole({ role: 'agent' }, 'agent')).toBe(true);
  });
  it('validate new users', () => {
    expect(validateNewUser({ email: 'anne@ventu.dk', role: 'agent', password: 'lang-nok-adgangskode' })).toEqual([]);
    expect(validateNewUser({ email: 'anne', role: 'root', password: 'kort' })).toHaveLength(3);
  });
  it('compare secrets in constant time, also for different lengths', () => {
    expect(safeEqual('abc', 'abc')).toBe(true);
    expect(safeEqual('abc', 'abd')).toBe(false);
    expect(safeEqual('abc', 'abcd')).toBe(false);
  });
});

it('shows waiting time at a glance', () => {
  const now = new Date('2026-11-27T12:00:00Z');
  expect(age('2026-11-27T11:48:00Z', now)).toBe('12 min');
  expect(age('2026-11-27T07:00:00Z', now)).toBe('5 t');
  expect(age('2026-11-24T12:00:00Z', now)).toBe('3 d');
});

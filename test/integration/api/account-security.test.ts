import { parseHash } from '../../../src/users/password';
import { createUser } from '../../../src/users/users';
import { attemptLogin, login, startHarness, type Harness } from './harness';

jest.setTimeout(90_000);

/**
 * Passwords at rest: hashes made with the old cost (scrypt N=2^15) still log in and are
 * re-hashed at the current cost on the way; a password reset or a disabled account ends
 * every session and API token of that user. Through the real forms and routes.
 */
let h: Harness;
const hashOf = async (id: number): Promise<string> => (await h.db.dataSource.query(`SELECT password_hash FROM users WHERE id = $1`, [id]))[0].password_hash;

beforeAll(async () => {
  h = await startHarness();
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

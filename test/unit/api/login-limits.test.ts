import { tooManyAttempts } from '../../../src/api/auth/login';
import { decideLogin, normaliseAccount, type FailureHistory } from '../../../src/users/login-limits';

/** The login limits' decision, without a database: ages of recent failures in seconds, newest first. */
const limits = { perClient: 3, perAccount: 5, windowSeconds: 900 };
const none: FailureHistory = { client: [], account: [], pair: [] };

describe('decideLogin', () => {
  it('lets an attempt through below both limits', () => {
    expect(decideLogin(none, limits)).toEqual({ allowed: true });
    expect(decideLogin({ client: [10, 20], account: [10, 20, 30, 40], pair: [10] }, limits)).toEqual({ allowed: true });
  });

  it('refuses a client at its limit until the oldest counted failure leaves the window', () => {
    expect(decideLogin({ ...none, client: [5, 60, 300] }, limits)).toEqual({ allowed: false, reason: 'client', retryAfterSeconds: 600 });
    // Only the limit-th newest matters: with more on record (a race), the wait is until the count drops below the limit.
    expect(decideLogin({ ...none, client: [5, 60, 300, 800] }, limits)).toEqual({ allowed: false, reason: 'client', retryAfterSeconds: 600 });
    // Rounded up, never 0.
    expect(decideLogin({ ...none, client: [1, 2, 899.6] }, limits)).toMatchObject({ retryAfterSeconds: 1 });
  });

  it('a locked account refuses the clients that failed on it, and no other', () => {
    const locked = { client: [], account: [1, 2, 3, 4, 100], pair: [] as number[] };
    expect(decideLogin(locked, limits)).toEqual({ allowed: true });
    // This client failed on it 400 s ago: refused until that failure or the account's 5th-newest leaves the window, whichever comes first.
    expect(decideLogin({ ...locked, pair: [400] }, limits)).toEqual({ allowed: false, reason: 'account', retryAfterSeconds: 500 });
    expect(decideLogin({ ...locked, pair: [2] }, limits)).toEqual({ allowed: false, reason: 'account', retryAfterSeconds: 800 });
  });

  it('when both limits refuse, the wait is the longer of the two', () => {
    const both = { client: [1, 2, 850], account: [1, 2, 3, 4, 10], pair: [1] };
    expect(decideLogin(both, limits)).toEqual({ allowed: false, reason: 'account', retryAfterSeconds: 890 });
  });
});

describe('the login page', () => {
  it('says in Danish how many minutes to wait', () => {
    expect(tooManyAttempts(600)).toBe('For mange mislykkede loginforsøg. Vent 10 minutter, og prøv igen.');
    expect(tooManyAttempts(61)).toBe('For mange mislykkede loginforsøg. Vent 2 minutter, og prøv igen.');
    expect(tooManyAttempts(5)).toBe('For mange mislykkede loginforsøg. Vent 1 minut, og prøv igen.');
  });
  it('counts one account however its e-mail was typed', () => {
    expect(normaliseAccount('  Anne.Agent@Ventu.DK ')).toBe('anne.agent@ventu.dk');
    // é typed as one code point or as e + combining accent.
    expect(normaliseAccount('Rene\u0301@ventu.dk')).toBe('ren\u00e9@ventu.dk');
  });
});

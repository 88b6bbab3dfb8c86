import { Backoff, backoffDelay } from '../../../src/shared/backoff';

describe('backoffDelay: exponential with equal jitter, capped', () => {
  const opts = (r: number) => ({ initialMs: 1000, maxMs: 60_000, random: () => r });

  it('doubles from the initial delay up to the cap', () => {
    const top = [1, 2, 3, 4, 5, 6, 7, 8].map((n) => backoffDelay(n, opts(0.999999)));
    expect(top).toEqual([1000, 2000, 4000, 8000, 16000, 32000, 60000, 60000]);
  });

  it('jitters within the upper half of each step', () => {
    expect(backoffDelay(1, opts(0))).toBe(500);
    expect(backoffDelay(4, opts(0))).toBe(4000);
    expect(backoffDelay(10, opts(0))).toBe(30_000);
    for (let n = 1; n < 40; n++) {
      const d = backoffDelay(n, { initialMs: 1000, maxMs: 60_000 });
      const step = Math.min(60_000, 1000 * 2 ** (n - 1));
      expect(d).toBeGreaterThanOrEqual(step / 2);
      expect(d).toBeLessThanOrEqual(step);
    }
  });

  it('never overflows and treats nonsense attempts as the first', () => {
    expect(backoffDelay(5000, opts(0.5))).toBe(45_000);
    expect(backoffDelay(0, opts(0.5))).toBe(750);
    expect(backoffDelay(-3, opts(0.5))).toBe(750);
  });
});

describe('Backoff', () => {
  it('counts failures and starts over after reset()', () => {
    const b = new Backoff({ initialMs: 100, maxMs: 1000, random: () => 0.999999 });
    expect([b.next(), b.next(), b.next()]).toEqual([100, 200, 400]);
    expect(b.attempts).toBe(3);
    b.reset();
    expect(b.attempts).toBe(0);
    expect(b.next()).toBe(100);
  });
});

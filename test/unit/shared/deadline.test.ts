import { Deadline } from '../../../src/main/shutdown';

describe('Deadline: shutdown steps share one time budget', () => {
  it('abandons a step that outlives the budget and names it', async () => {
    const d = new Deadline(300);
    const t0 = Date.now();
    expect(await d.run('quick', async () => undefined)).toBe(true);
    expect(await d.run('hangs', () => new Promise(() => undefined))).toBe(false);
    expect(Date.now() - t0).toBeLessThan(1000);
    expect(await d.run('after the deadline', () => new Promise(() => undefined))).toBe(false);
    expect(d.missed).toEqual(['hangs', 'after the deadline']);
  });

  it('gives a step only its share of what is left, and counts a failed step as finished', async () => {
    const d = new Deadline(1000);
    const t0 = Date.now();
    expect(await d.run('share', () => new Promise(() => undefined), 0.2)).toBe(false);
    expect(Date.now() - t0).toBeLessThan(600);
    expect(await d.run('throws', async () => Promise.reject(new Error('x')))).toBe(true);
  });
});

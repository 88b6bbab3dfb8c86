import { Batcher } from '../../../src/queue/batcher';

describe('Batcher', () => {
  it('runs items submitted together as one batch and gives each caller its own result', async () => {
    const batches: number[][] = [];
    const b = new Batcher<number, string>(async (items) => {
      batches.push(items);
      return new Map(items.map((i) => [i, `r${i}`]));
    }, { maxSize: 10, lingerMs: 5 });
    const results = await Promise.all([1, 2, 3].map((i) => b.submit(i)));
    expect(results).toEqual(['r1', 'r2', 'r3']);
    expect(batches).toEqual([[1, 2, 3]]);
  });

  it('starts a batch as soon as maxSize items wait, and splits larger bursts', async () => {
    const batches: number[][] = [];
    const b = new Batcher<number, number>(async (items) => {
      batches.push(items);
      return new Map(items.map((i) => [i, i * 2]));
    }, { maxSize: 2, lingerMs: 20 });
    const results = await Promise.all([1, 2, 3, 4, 5].map((i) => b.submit(i)));
    expect(results).toEqual([2, 4, 6, 8, 10]);
    expect(batches).toEqual([[1, 2], [3, 4], [5]]);
  });

  it('holds a lone item for lingerMs only', async () => {
    const b = new Batcher<number, number>(async (items) => new Map(items.map((i) => [i, i])), { maxSize: 100, lingerMs: 30 });
    const start = Date.now();
    await b.submit(7);
    expect(Date.now() - start).toBeGreaterThanOrEqual(25);
  });

  it('fails only the item the batch reports an Error for', async () => {
    const b = new Batcher<string, string>(async (items) => new Map(items.map((i) => [i, i === 'bad' ? new Error('bad mail') : 'ok'])), { maxSize: 5, lingerMs: 1 });
    const settled = await Promise.allSettled(['a', 'bad', 'c'].map((i) => b.submit(i)));
    expect(settled.map((s) => s.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect((settled[1] as PromiseRejectedResult).reason.message).toBe('bad mail');
  });

  it('fails every item of a batch whose run throws, and one the run forgot', async () => {
    const thrower = new Batcher<number, number>(async () => {
      throw new Error('database down');
    }, { maxSize: 5, lingerMs: 1 });
    await expect(Promise.all([thrower.submit(1), thrower.submit(2)])).rejects.toThrow('database down');
    const forgetful = new Batcher<number, number>(async () => new Map([[1, 1]]), { maxSize: 5, lingerMs: 1 });
    const settled = await Promise.allSettled([forgetful.submit(1), forgetful.submit(2)]);
    expect(settled[0]).toEqual({ status: 'fulfilled', value: 1 });
    expect(settled[1]!.status).toBe('rejected');
  });
});

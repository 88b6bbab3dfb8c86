import { computeMetrics, formatReport } from '../../../src/training/metrics';

describe('metrics', () => {
  // gold: a a a b b c ; pred: a a b b c c
  const gold = ['a', 'a', 'a', 'b', 'b', 'c'] as const;
  const pred = ['a', 'a', 'b', 'b', 'c', 'c'] as const;
  const m = computeMetrics([...gold], [...pred], ['a', 'b', 'c']);

  it('computes the confusion matrix', () => {
    expect(m.confusion).toEqual({ a: { a: 2, b: 1, c: 0 }, b: { a: 0, b: 1, c: 1 }, c: { a: 0, b: 0, c: 1 } });
  });

  it('computes per-class precision/recall/F1 by hand', () => {
    // a: tp2 fp0 fn1 → P 1, R 2/3, F1 0.8
    expect(m.perClass.a.precision).toBeCloseTo(1);
    expect(m.perClass.a.recall).toBeCloseTo(2 / 3);
    expect(m.perClass.a.f1).toBeCloseTo(0.8);
    // b: tp1 fp1 fn1 → 0.5 0.5 0.5
    expect(m.perClass.b.f1).toBeCloseTo(0.5);
    // c: tp1 fp1 fn0 → P .5 R 1 F1 2/3
    expect(m.perClass.c.precision).toBeCloseTo(0.5);
    expect(m.perClass.c.recall).toBeCloseTo(1);
    expect(m.perClass.c.f1).toBeCloseTo(2 / 3);
    expect(m.macroF1).toBeCloseTo((0.8 + 0.5 + 2 / 3) / 3);
    expect(m.accuracy).toBeCloseTo(4 / 6);
    expect(m.n).toBe(6);
  });

  it('treats a never-predicted class as precision 0 and skips absent classes', () => {
    const r = computeMetrics(['a', 'b'], ['a', 'a'], ['a', 'b', 'c']);
    expect(r.perClass.b).toMatchObject({ precision: 0, recall: 0, f1: 0, support: 1 });
    // a: P .5 R 1 F1 2/3; b: 0; c absent → macro over a, b
    expect(r.macroF1).toBeCloseTo(1 / 3);
  });

  it('ends the report with the summary line', () => {
    const lines = formatReport(m).split('\n');
    expect(lines[lines.length - 1]).toBe('macro_f1=0.656 accuracy=0.667 n=6');
  });

  it('rejects mismatched lengths and unknown labels', () => {
    expect(() => computeMetrics(['a'], [], ['a'])).toThrow();
    expect(() => computeMetrics(['a'], ['z'], ['a'])).toThrow(/unknown label/);
  });
});

import { CATEGORIES, type Category } from '../../../src/domain/vocabulary';
import { decodeWeights, encodeWeights, evaluateModel, loadModel, predictProba } from '../../../src/pipeline/classify/model';
import { DEFAULT_FEATURE_CONFIG, WORDS_ONLY_FEATURE_CONFIG } from '../../../src/pipeline/classify/text';
import { fitTemperature, stratifiedFolds, trainModel, type TrainingExample } from '../../../src/training/train';
import { serializeModel } from '../../../src/training/train-run';

const SMALL = { ...DEFAULT_FEATURE_CONFIG, dim: 1 << 12 };
const MEMBERS = [
  { kind: 'logreg' as const, features: SMALL, lambda: 1e-3, weight: 0.5 },
  { kind: 'cnb' as const, features: { ...WORDS_ONLY_FEATURE_CONFIG, dim: 1 << 12 }, alpha: 0.3, weight: 0.5 },
];

function ex(id: string, category: Category, text: string): TrainingExample {
  return {
    id,
    category,
    input: { subject: '', newText: text, headers: {}, fromAddress: null, contentType: 'text/plain', attachmentNames: [] },
  };
}

const DATA: TrainingExample[] = [
  ex('e1', 'error', 'appen virker ikke og giver fejlbesked'),
  ex('e2', 'error', 'systemet er nede og vi får en fejl'),
  ex('e3', 'error', 'integrationen er stoppet med at virke, fejl'),
  ex('s1', 'support', 'hvor finder jeg indstillingen til fakturaer?'),
  ex('s2', 'support', 'hvordan retter jeg teksten på tilbud?'),
  ex('s3', 'support', 'tak, det virker nu'),
  ex('t1', 'training', 'vi vil gerne på kursus i planlægning'),
  ex('t2', 'training', 'kan vi få undervisning og en gennemgang af modulet'),
  ex('t3', 'training', 'nye medarbejdere skal have onboarding kursus'),
  ex('r1', 'service_request', 'vi vil gerne bestille en ny rapport'),
  ex('r2', 'service_request', 'opgrader vores aftale til udvidet'),
  ex('r3', 'service_request', 'bestil import af kunder fra excel'),
  ex('n1', 'noise', 'jeg er på ferie og læser ikke mails, automatisk svar'),
  ex('n2', 'noise', 'nyhedsbrev: afmeld her'),
  ex('n3', 'noise', 'out of office until monday'),
];

describe('weights encoding', () => {
  it('round-trips sparse rows through varint/int16 encoding', () => {
    const rows = new Map<number, number[]>([
      [3, [0.5, -0.25, 0, 0, 1]],
      [200, [0, 0, 0, 0, 0]],
      [4000, [-1, 0.125, 0.75, 0, 0]],
    ]);
    const enc = encodeWeights(rows, 5);
    expect(enc.rows).toBe(2); // the all-zero row is dropped
    const W = decodeWeights(enc, 5, 4096);
    expect(W[3 * 5 + 0]).toBeCloseTo(0.5, 4);
    expect(W[3 * 5 + 1]).toBeCloseTo(-0.25, 4);
    expect(W[4000 * 5 + 0]).toBeCloseTo(-1, 4);
    expect(W[4000 * 5 + 2]).toBeCloseTo(0.75, 4);
    expect(W[200 * 5 + 0]).toBe(0);
  });
});

describe('training', () => {
  it('is deterministic: the same data gives the same weights', () => {
    const a = trainModel(DATA, { members: MEMBERS, folds: 3 }).model;
    const b = trainModel([...DATA].reverse(), { members: MEMBERS, folds: 3 }).model;
    const c = trainModel(DATA, { members: MEMBERS, folds: 3 }).model;
    expect(serializeModel(a)).toBe(serializeModel(c));
    expect(a.training.dataHash).toBe(b.training.dataHash);
    expect(a.members.map((m) => m.weights)).toEqual(c.members.map((m) => m.weights));
    expect(a.members.map((m) => m.weights)).toEqual(b.members.map((m) => m.weights));
  });

  it('fits the training data and loads back', () => {
    const { model } = trainModel(DATA, { members: MEMBERS, folds: 3 });
    const m = loadModel(JSON.parse(serializeModel(model)));
    expect(m.classes).toEqual([...CATEGORIES]);
    for (const e of DATA) {
      const p = predictProba(m, { subject: '', body: e.input.newText });
      const best = m.classes[p.indexOf(Math.max(...p))];
      expect(best).toBe(e.category);
      expect(p.reduce((s, v) => s + v, 0)).toBeCloseTo(1, 9);
    }
    expect(evaluateModel(m, { subject: '', body: '' }).z.length).toBe(5);
    expect(m.kind).toBe('ensemble');
  });

  it('rejects unknown categories and duplicate ids', () => {
    expect(() => trainModel([...DATA, DATA[0]!], { members: MEMBERS, folds: 0 })).toThrow(/duplicate/);
    expect(() => trainModel([{ ...DATA[0]!, id: 'x', category: 'bogus' as Category }], { members: MEMBERS, folds: 0 })).toThrow(
      /unknown category/,
    );
  });

  it('makes stratified, seeded folds', () => {
    const y = [0, 0, 0, 1, 1, 1, 2, 2, 2];
    const f1 = stratifiedFolds(y, 3, 7);
    expect(stratifiedFolds(y, 3, 7)).toEqual(f1);
    for (const cls of [0, 1, 2]) expect(new Set(f1.filter((_, i) => y[i] === cls)).size).toBe(3);
  });

  it('fits a temperature that lowers the NLL of over-confident logits', () => {
    // Logits that are right 70 % of the time but claim ~100 %: T must come out > 1.
    const Z: Float64Array[] = [];
    const y: number[] = [];
    for (let i = 0; i < 100; i++) {
      Z.push(Float64Array.from([10, 0, 0, 0, 0]));
      y.push(i < 70 ? 0 : 1);
    }
    expect(fitTemperature(Z, y)).toBeGreaterThan(1);
  });
});

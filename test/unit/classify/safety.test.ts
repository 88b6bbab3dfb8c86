import { decide, DEFAULT_CLASSIFIER_OPTIONS, OUTAGE_RULE_CONFIDENCE } from '../../../src/pipeline/classify/classifier';
import { applyRules, rulesCategory } from '../../../src/pipeline/classify/rules';
import type { Category } from '../../../src/domain/vocabulary';

const P = (p: Partial<Record<Category, number>>): Record<Category, number> => {
  const base = { error: 0, support: 0, training: 0, service_request: 0, noise: 0, ...p };
  const s = Object.values(base).reduce((a, b) => a + b, 0);
  return Object.fromEntries(Object.entries(base).map(([k, v]) => [k, v / s])) as Record<Category, number>;
};
const rules = (newText: string, subject = '') => applyRules({ subject, newText });
const O = DEFAULT_CLASSIFIER_OPTIONS;

describe('safety rules', () => {
  it('S1: a model noise verdict without header or text evidence goes to the best human class', () => {
    const d = decide(P({ noise: 0.7, support: 0.25, error: 0.05 }), rules('Kan I ringe mig op i dag?'), null, O);
    expect(d.category).not.toBe('noise');
    expect(d.rule).toBe('S1');
  });
  it('S1: noise stands when the text itself is an auto-reply', () => {
    const d = decide(P({ noise: 0.9, support: 0.1 }), rules('Automatisk svar: Jeg er på ferie og har ikke adgang til mail.'), null, O);
    expect(d.category).toBe('noise');
  });
  it('S1: a person asking whether a mail is really ours is never noise, even with the lure forwarded below', () => {
    const lure = 'Microbizz Contracts sent you a document to review and sign. REVIEW DOCUMENT. This envelope expires in 24 hours.';
    const text = `Two of our staff received the mail below. Can you confirm whether you sent it? If not, we'll block the sender.\n\n${lure}`;
    const d = decide(P({ noise: 0.99, support: 0.01 }), rules(text, 'Is this DocuSign from you?'), null, O);
    expect(d.category).toBe('support');
    expect(d.rule).toBe('S1');
    expect(d.notes.join(' ')).toMatch(/spørger om en mail er ægte/);
    // the lure on its own, just as certain, stays noise
    expect(decide(P({ noise: 0.99, support: 0.01 }), rules(lure, 'Please review and sign'), null, O).category).toBe('noise');
  });
  it('S1: a payment reminder\'s "har I sendt" alone does not make it a person\'s question', () => {
    const text = 'Har I sendt betalingen? Fakturaen forfaldt i går. Betal straks via linket for at undgå inkasso.';
    expect(rules(text).genuine.score).toBeLessThan(3);
  });
  it('S2: error wins when close to the top', () => {
    expect(decide(P({ support: 0.5, error: 0.4, training: 0.1 }), rules('Hej, noget med fakturaer.'), null, O).category).toBe('error');
    expect(decide(P({ support: 0.8, error: 0.1, training: 0.1 }), rules('Hej, noget med fakturaer.'), null, O).category).toBe('support');
  });
  it('S2 is not applied to a question about how the system is meant to work', () => {
    const d = decide(P({ support: 0.55, error: 0.45 }), rules('Er det meningen at tilbuddet viser den gamle tekst? Hvor slår man det til?'), null, O);
    expect(d.category).toBe('support');
  });
  it('S3: never a course offer when the text reports a fault', () => {
    const d = decide(P({ training: 0.9, error: 0.05, support: 0.05 }), rules('Vi vil gerne på kursus, men appen virker ikke og giver en fejlbesked.'), null, O);
    expect(d.category).toBe('error');
    expect(d.rule).toBe('S3');
    const e = decide(P({ training: 0.7, error: 0.2, support: 0.1 }), rules('Kan vi få et kursus?'), null, O);
    expect(e.category).toBe('error'); // p(error) ≥ trainingErrorFloor
  });
  it('S3: error wording alone does not overrule a model that sees no fault at all', () => {
    // "virker ikke" from someone who skipped a step: the model weighs those words already.
    const text = 'Fakturaen virker ikke, der kommer ingen timer på. Jeg troede timerne kom fra planlægningen, men det gør de ikke?';
    const certain = decide(P({ training: 0.97, error: 0.01, support: 0.02 }), rules(text), null, O);
    expect(certain.category).toBe('training');
    const plausible = decide(P({ training: 0.9, error: O.errorWordsFloor, support: 0.1 - O.errorWordsFloor }), rules(text), null, O);
    expect(plausible.category).toBe('error');
    expect(plausible.rule).toBe('S3');
  });
  it('S4: a short "thanks, solved" follow-up is support', () => {
    const d = decide(P({ error: 0.8, support: 0.2 }), rules('Tak, det virker nu! I må gerne lukke sagen.', 'SV: Appen virker ikke'), null, O);
    expect(d.category).toBe('support');
    expect(d.rule).toBe('S4');
  });
  it('S4 does not hide a new fault in a follow-up', () => {
    const d = decide(P({ error: 0.8, support: 0.2 }), rules('Tak, det virker nu. Men nu virker udskrivning ikke og vi får en fejlbesked.'), null, O);
    expect(d.category).toBe('error');
  });
  it('S7: a person asking whether the system is down reports an outage, however short', () => {
    for (const text of ['er systemet nede? kan ikke faa noget frem', 'is the system down? cant get in', 'Er I nede? Ingen af os kan logge ind.']) {
      const d = decide(P({ support: 0.97, error: 0.01, training: 0.02 }), rules(text), null, O);
      expect(d.category).toBe('error');
      expect(d.rule).toBe('S7');
      expect(d.notes.join(' ')).toMatch(/nede/);
      // its own measured precision, not the model's p(error), so the outage is not sent to triage
      expect(d.confidence).toBe(OUTAGE_RULE_CONFIDENCE);
    }
  });
  it('S7: not for planned maintenance, not in a "works again" follow-up, not against noise, and only with the rule on', () => {
    const planned = decide(P({ support: 0.9, error: 0.1 }), rules('Hvornår er systemet nede for planlagt vedligehold?'), null, O);
    expect(planned.rule).not.toBe('S7');
    const solved = decide(P({ support: 0.9, error: 0.1 }), rules('Tak, det virker igen nu.', 'SV: Er systemet nede?'), null, O);
    expect(solved.category).toBe('support');
    const alert = 'ALERT: site down. Your website www.example.dk is down for everyone. Status: DOWN. Unsubscribe from alerts.';
    expect(decide(P({ noise: 0.99, support: 0.01 }), rules(alert), null, O).category).toBe('noise');
    expect(decide(P({ support: 0.97, error: 0.03 }), rules('is the system down?'), null, { ...O, outageQuestionMin: Infinity }).category).toBe('support');
  });
  it('can be switched off', () => {
    expect(decide(P({ noise: 0.9, support: 0.1 }), rules('hej'), null, { ...O, safetyRules: false }).category).toBe('noise');
  });
});

describe('genuine-question evidence', () => {
  it.each<[string, string]>([
    ['Er den her fra jer?', 'Vi har fået en faktura fra "Microbizz Licens" med et link. Er det svindel?'],
    ['Mail om lukning af konto', 'Fik denne mail i morges. Er den ægte?'],
    ['', 'Is this email really from you? It asks me to log in again.'],
    ['Spørgsmål', 'Kan I bekræfte om det er jer der har sendt den?'],
  ])('%s | %s', (subject, text) => {
    expect(rules(text, subject).genuine.score).toBeGreaterThanOrEqual(3);
  });
  it('bounce and lure wording does not count', () => {
    expect(rules('If you sent the email to multiple recipients, you will receive one notice per recipient.').genuine.score).toBe(0);
    expect(rules('Your mailbox is full. Verify your account within 24 hours.').genuine.score).toBe(0);
  });
});

describe('rules baseline', () => {
  it.each<[string, Category]>([
    ['Systemet er nede og vi får en fejlbesked', 'error'],
    ['Vi vil gerne bestille en konsulent til opsætning', 'service_request'],
    ['Kan vi komme på kursus i planlægning?', 'training'],
    ['Hvor finder jeg indstillingen?', 'support'],
    ['Automatisk svar: jeg er ikke på kontoret', 'noise'],
    ['Ferie virker ikke, out of office', 'error'],
  ])('%s → %s', (text, expected) => {
    expect(rulesCategory({ subject: '', newText: text })).toBe(expected);
  });
});

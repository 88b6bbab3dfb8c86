import { describeEvidence, evidenceSignals, missingBasics, trainingEvidence } from '../../../src/pipeline/classify/evidence';
import { createClassifier, decide, DEFAULT_CLASSIFIER_OPTIONS } from '../../../src/pipeline/classify/classifier';
import { applyRules } from '../../../src/pipeline/classify/rules';
import type { ClassifierInput } from '../../../src/pipeline/classify/types';
import type { Category } from '../../../src/domain/vocabulary';

const P = (p: Partial<Record<Category, number>>): Record<Category, number> => {
  const base = { error: 0, support: 0, training: 0, service_request: 0, noise: 0, ...p };
  const s = Object.values(base).reduce((a, b) => a + b, 0);
  return Object.fromEntries(Object.entries(base).map(([k, v]) => [k, v / s])) as Record<Category, number>;
};
const O = DEFAULT_CLASSIFIER_OPTIONS;

describe('evidence of missing basics', () => {
  it('finds a newcomer who does not understand how things fit together', () => {
    const e = trainingEvidence('Hej. Jeg er lærling og har lige fået appen. Jeg forstår ikke hvordan timer og opgaver hænger sammen. Hvor starter jeg?');
    expect(e.kinds).toEqual(expect.arrayContaining(['novice', 'confusion', 'start']));
    expect(missingBasics(e)).toBe(true);
    expect(e.cues.map((c) => c.text)).toContain('jeg er lærling');
  });

  it('works without æøå and in English', () => {
    expect(missingBasics(trainingEvidence('hej jeg er ny paa kontoret og forstaar ikke hvordan man laver en faktura, kan i forklare hele flowet'))).toBe(true);
    expect(missingBasics(trainingEvidence("Hi, I just started as dispatcher and have no idea how the planning board works. Could you walk me through it?"))).toBe(true);
  });

  it('counts several questions in one mail as a sign', () => {
    const e = trainingEvidence('Jeg er ny her.\n1. Hvad er en opgave?\n2. Hvem afslutter den?\n3. Hvad betyder farverne?\n4. Kan man have flere montører?');
    expect(e.questions).toBe(4);
    expect(e.kinds).toContain('questions');
    expect(describeEvidence(e).join(' ')).toMatch(/flere grundlæggende spørgsmål i én mail \(4 spørgsmål\)/);
  });

  it('a routine question from someone who knows the workflow is not missing basics', () => {
    const e = trainingEvidence('Vi plejer at lave kreditnota på hele fakturaen, og det har vi gjort i årevis. Kan man kreditere to linjer direkte?');
    expect(e.experience).toBeGreaterThanOrEqual(2);
    expect(missingBasics(e)).toBe(false);
    expect(evidenceSignals(e)).toContain('ev:experienced');
  });

  it('one kind of sign alone is not enough (a course booking is found by the model, not by this)', () => {
    const e = trainingEvidence('Vi vil gerne tilmelde to personer til kurset i marts.');
    expect(e.kinds).toEqual(['teach']);
    expect(missingBasics(e)).toBe(false);
  });

  it('does not take an error report for a newcomer', () => {
    const e = trainingEvidence('Appen er begyndt at lukke ned, og opgaven er startet men kan ikke afsluttes. Fejlkode E-12.');
    expect(missingBasics(e)).toBe(false);
  });
});

describe('rule S5: missing basics turns a support verdict into training', () => {
  const newcomer = 'Jeg er ny på kontoret og har aldrig brugt Microbizz. Jeg forstår ikke hvordan en opgave bliver til en faktura. Hvor starter jeg?';
  it('fires on a newcomer question the model calls support', () => {
    const d = decide(P({ support: 0.7, training: 0.25, error: 0.05 }), applyRules({ subject: 'Fejl?', newText: newcomer }), null, O, trainingEvidence(newcomer));
    expect(d.category).toBe('training');
    expect(d.rule).toBe('S5');
  });
  it('does not fire when the text names a fault', () => {
    const t = `${newcomer} Og nu virker appen ikke, der kommer en fejlbesked.`;
    const d = decide(P({ support: 0.7, training: 0.25, error: 0.05 }), applyRules({ subject: '', newText: t }), null, O, trainingEvidence(t));
    expect(d.category).not.toBe('training');
  });
  it('does not fire on a routine question', () => {
    const t = 'Vi plejer at flytte besøg én ad gangen i ugeplanen, det har vi gjort i flere år. Kan man flytte flere på én gang?';
    const d = decide(P({ support: 0.8, training: 0.2 }), applyRules({ subject: '', newText: t }), null, O, trainingEvidence(t));
    expect(d.category).toBe('support');
  });
  it('S3 asks more of p(error) beside a newcomer question than beside another training verdict', () => {
    const between = (O.trainingErrorFloor + O.basicsErrorFloor) / 2;
    const p = P({ training: 0.8, error: between, support: 0.2 - between });
    expect(decide(p, applyRules({ subject: '', newText: newcomer }), null, O, trainingEvidence(newcomer)).category).toBe('training');
    const course = 'Kan vi komme på kursus i fakturering?';
    expect(decide(p, applyRules({ subject: '', newText: course }), null, O, trainingEvidence(course)).category).toBe('error');
  });
  it('S3 still turns a newcomer mail into error when p(error) is high', () => {
    const d = decide(P({ training: 0.7, error: 0.25, support: 0.05 }), applyRules({ subject: '', newText: newcomer }), null, O, trainingEvidence(newcomer));
    expect(d.category).toBe('error');
  });
});

describe('rule S1 and a model that is all but certain', () => {
  it('keeps a noise verdict at p(noise) ≥ noiseModelFloor without noise wording', () => {
    const t = 'Vi har lige nu skarpe tilbud på varebiler til servicevirksomheder.';
    expect(decide(P({ noise: 0.98, support: 0.02 }), applyRules({ subject: '', newText: t }), null, O).category).toBe('noise');
    expect(decide(P({ noise: 0.85, support: 0.15 }), applyRules({ subject: '', newText: t }), null, O).category).toBe('support');
  });
  it('keeps it at p ≥ 0.9 with cold-outreach wording', () => {
    const t = 'Har du 15 minutter til en kort snak? Helt uforpligtende.';
    expect(applyRules({ subject: '', newText: t }).scores.noise).toBeGreaterThanOrEqual(1);
    expect(decide(P({ noise: 0.92, support: 0.08 }), applyRules({ subject: '', newText: t }), null, O).category).toBe('noise');
  });
});

describe('rule S6: newsletter-strength bulk wording with noise as a close second is noise', () => {
  const nl = 'Nyt i december: kurser i januar, tilmeld dig nu. Læs mere på vores hjemmeside. Afmeld nyhedsbrevet her.';
  it('fires when p(noise) is a serious alternative', () => {
    const d = decide(P({ training: 0.6, noise: 0.4 }), applyRules({ subject: '', newText: nl }), null, O);
    expect(d).toMatchObject({ category: 'noise', rule: 'S6' });
  });
  it('not when the model gives noise little weight, nor when a fault is named', () => {
    expect(decide(P({ training: 0.85, noise: 0.15 }), applyRules({ subject: '', newText: nl }), null, O).category).toBe('training');
    const withFault = `${nl} PS: appen virker ikke og giver en fejlbesked.`;
    expect(decide(P({ support: 0.6, noise: 0.4 }), applyRules({ subject: '', newText: withFault }), null, O).category).not.toBe('noise');
  });
  it('a customer mentioning the newsletter is not bulk wording', () => {
    const t = 'Hej, i jeres nyhedsbrev stod der at man kan sende SMS fra opgaven. Hvor finder jeg den?';
    expect(applyRules({ subject: '', newText: t }).scores.noise).toBeLessThan(O.bulkWords);
  });
});

describe('the classifier reports evidence', () => {
  const c = createClassifier();
  const mail = (subject: string, newText: string): ClassifierInput => ({ subject, newText, headers: {}, fromAddress: 'a@b.dk', contentType: 'text/plain', attachmentNames: [] });

  it('a training verdict names the signs, in the explanation and in trainingEvidence', () => {
    const r = c.classify(mail('Hjælp', 'Hej\n\nJeg er ny planlægger og har aldrig brugt Microbizz. Jeg aner ikke hvordan opgaverne kommer ud til montørerne. Kan I gennemgå hele planlægningen med mig fra bunden?\n\nMvh Sara'));
    expect(r.category).toBe('training');
    expect(r.trainingEvidence!.length).toBeGreaterThan(0);
    expect(r.explanation.join(' ')).toMatch(/Tegn på manglende grundforståelse: .*ny bruger/);
  });

  it('cold outreach carries noise suspicion, a customer question none', () => {
    const pitch = c.classify(mail('Quick question', 'Hi, we book qualified sales meetings with decision-makers for SaaS companies. Would you be open to a quick call next week? If not interested, just reply no.'));
    expect(pitch.category).toBe('noise');
    expect(pitch.noiseSuspicion!.textScore).toBeGreaterThan(2);
    const human = c.classify(mail('Kreditnota', 'Hej, hvordan laver jeg en delvis kreditnota på en faktura vi sendte i går? Mvh Lone'));
    expect(human.noiseSuspicion!.textScore).toBe(0);
    expect(human.noiseSuspicion!.pNoise).toBeLessThan(0.2);
  });
});

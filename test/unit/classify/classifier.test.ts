import { createClassifier } from '../../../src/pipeline/classify/classifier';
import { findDefaultModelPath, loadDefaultModel } from '../../../src/pipeline/classify/model';
import type { ClassifierInput } from '../../../src/pipeline/classify/types';
import type { Category } from '../../../src/domain/vocabulary';

function mail(subject: string, newText: string): ClassifierInput {
  return { subject, newText, headers: {}, fromAddress: 'kunde@firma.dk', contentType: 'text/plain', attachmentNames: [] };
}

describe('the shipped model', () => {
  it('is found by walking up from the source directory and loads', () => {
    expect(findDefaultModelPath()).toMatch(/training[\\/]model[\\/]model\.json$/);
    const m = loadDefaultModel();
    expect(m.classes).toHaveLength(5);
    expect(m.temperature).toBeGreaterThan(0);
  });

  const c = createClassifier();

  it.each<[string, string, Category]>([
    ['Kan ikke gemme', 'Hej. Siden i morges får vi en fejlbesked når vi prøver at gemme en opgave, og intet bliver gemt. Det haster. Mvh Bente', 'error'],
    ['', 'Hi, the app crashes every time my technicians open a job. Nobody can work. Regards, Tom', 'error'],
    ['Synkronisering', 'Hej, integrationen til vores økonomisystem er holdt op med at synkronisere. Ingen fakturaer er overført siden fredag.', 'error'],
    ['Kursus', 'Hej, vi har fået to nye kontorfolk og vil gerne booke et kursus i fakturering til dem. Hvornår er det næste?', 'training'],
    ['Training', 'Hello, we have just started using the planning module and nobody here understands how it works. Could you give us a walk-through of the whole module?', 'training'],
    ['Ændring af aftale', 'Hej, vi vil gerne opgradere vores supportaftale fra basis til udvidet fra næste måned. Mvh Lars', 'service_request'],
    ['', 'Hi, please set up an import of our 2,000 customers from the attached spreadsheet. We would like to order this as a paid task.', 'service_request'],
    ['SV: Login', 'Tak for hjælpen, det virker nu!', 'support'],
    ['Spørgsmål', 'Hej, hvor finder jeg indstillingen for hvilken tekst der står nederst på vores tilbud? Mvh Sanne', 'support'],
  ])('%s / %s → %s', (subject, text, expected) => {
    const r = c.classify(mail(subject, text));
    expect(r.category).toBe(expected);
    expect(r.method).toBe('model');
    expect(r.confidence).toBeGreaterThan(0);
    expect(r.confidence).toBeLessThanOrEqual(1);
    expect(r.explanation.length).toBeGreaterThanOrEqual(2);
    expect(r.explanation.length).toBeLessThanOrEqual(5);
  });

  it('explains with words from the mail', () => {
    const r = c.classify(mail('Fejl', 'Hej, programmet virker ikke og viser en fejlbesked hver gang vi logger ind.'));
    expect(r.category).toBe('error');
    expect(r.explanation.join(' ')).toMatch(/Ord der pegede på fejl: "/);
  });

  it('never drops a short human mail as noise', () => {
    for (const t of ['Tak!', 'Ring venligst til mig.', 'ok', '', 'See below.']) {
      expect(c.classify(mail('', t)).category).not.toBe('noise');
    }
  });

  it('detects language and topic', () => {
    const r = c.classify(mail('Faktura', 'Hej, kreditnotaen bliver ikke sendt til kunden. Mvh Ole'));
    expect(r.language).toBe('da');
    expect(r.topic).toBe('invoicing');
  });

  it('takes a phone one-liner asking whether the system is down for an outage, confidently', () => {
    const withTriage = createClassifier(undefined, { abstainBelow: 0.6 });
    const r = withTriage.classify(mail('is the system down?', 'is the system down? cant get in\n\nSent from my iPhone'));
    expect(r.category).toBe('error');
    expect(r.confidence).toBeGreaterThanOrEqual(0.9);
    expect(r.explanation[0]).toMatch(/^Vurdering: fejl \(\d+ %, efter reglen nedenfor\); modellens eget bud: /);
    expect(r.explanation.join(' ')).toMatch(/systemet er nede \("is the system down"/);
    expect(r.explanation.join(' ')).not.toMatch(/Usikker klassifikation/);
  });

  it('marks low confidence when abstainBelow is set', () => {
    const strict = createClassifier(undefined, { abstainBelow: 1.01 });
    const r = strict.classify(mail('', 'Hej, appen virker ikke.'));
    expect(r.explanation.join(' ')).toMatch(/Usikker/);
  });

  // How fast it classifies is measured by `npm run bench` (classification phase), not here:
  // a timed assertion fails whenever the machine is busy, and says nothing about correctness.
});

import type { HelpArticle } from '../../../src/help/article';
import { buildHelpIndex, DEFAULT_SUGGEST } from '../../../src/help/search';

/** A small catalogue, Danish and English, written for these tests. */
const CATALOGUE: HelpArticle[] = [
  { id: 1, url: 'https://help.test/da/kreditnota', language: 'da', title: 'Opret en kreditnota på en faktura', topics: ['invoicing'], summary: 'Sådan krediterer du en faktura, der allerede er sendt.', keywords: ['kreditnota', 'kreditere', 'tilbageføre faktura'] },
  { id: 2, url: 'https://help.test/da/ferie', language: 'da', title: 'Ferie og fravær i planlægningen', topics: ['planning'], summary: 'Registrér ferie og sygdom, så medarbejderen ikke bliver planlagt.', keywords: ['ferie', 'fravær', 'sygdom', 'planlagt'] },
  { id: 3, url: 'https://help.test/da/lager', language: 'da', title: 'Flyt varer mellem lagre', topics: ['stock'], summary: 'Overfør varer fra hovedlageret til en servicebil.', keywords: ['lager', 'varer', 'servicebil', 'overfør'] },
  { id: 4, url: 'https://help.test/da/skema', language: 'da', title: 'Gør et felt obligatorisk i et skema', topics: ['forms'], summary: 'Et påkrævet felt skal udfyldes, før skemaet kan afsluttes.', keywords: ['skema', 'felt', 'obligatorisk', 'påkrævet'] },
  { id: 5, url: 'https://help.test/en/credit', language: 'en', title: 'Create a credit note for an invoice', topics: ['invoicing'], summary: 'How to credit an invoice that has already been sent.', keywords: ['credit note', 'refund', 'overcharged'] },
  { id: 6, url: 'https://help.test/en/holidays', language: 'en', title: 'Holidays and absence in planning', topics: ['planning'], summary: 'Register holidays and sickness so the employee is not scheduled.', keywords: ['holiday', 'vacation', 'absence', 'sick'] },
];
const index = buildHelpIndex(CATALOGUE);
const urls = (s: { article: HelpArticle }[]) => s.map((x) => x.article.url);
// The tests use a low threshold fitted to this tiny catalogue, so that they test the ranking and the rules, not the production number.
const LOW = { minScore: 1 };

describe('help search (minisearch)', () => {
  it('finds the Danish article for a Danish question, in its own words, inflected', () => {
    const s = index.suggest({ subject: 'Forkert faktura', text: 'Hej\n\nHvordan krediterer jeg fakturaen til kunden? Den er allerede sendt.\n\nMvh Bo', language: 'da', topic: 'invoicing' }, LOW);
    expect(urls(s)[0]).toBe('https://help.test/da/kreditnota');
  });

  it('matches æøå whether the writer types them or not', () => {
    const withLetters = index.rank({ subject: 'Fravær', text: 'Hvor lægger jeg fravær og ferie ind?', language: 'da', topic: null });
    const without = index.rank({ subject: 'Fravaer', text: 'Hvor laegger jeg fravaer og ferie ind?', language: 'da', topic: null });
    expect(urls(withLetters)[0]).toBe('https://help.test/da/ferie');
    expect(urls(without)[0]).toBe('https://help.test/da/ferie');
  });

  it('answers an English question with English articles only', () => {
    const s = index.suggest({ subject: 'Refund', text: 'A customer was overcharged. How do I make a credit note?', language: 'en', topic: 'invoicing' }, LOW);
    expect(urls(s)[0]).toBe('https://help.test/en/credit');
    expect(s.every((x) => x.article.language === 'en')).toBe(true);
    // The same words searched as Danish find nothing English.
    expect(index.rank({ subject: 'Refund', text: 'credit note overcharged', language: 'da', topic: null }).every((x) => x.article.language === 'da')).toBe(true);
  });

  it('offers nothing when no article is relevant enough (the default threshold)', () => {
    const s = index.suggest({ subject: 'Systemet er nede', text: 'Hej\n\nVi får fejl 502 på alle sider og kan ikke arbejde. Ring venligst.\n\nMvh Bo', language: 'da', topic: 'other' });
    expect(s).toEqual([]);
    expect(index.suggest({ subject: 'Thanks', text: 'Thanks, that fixed it. Have a good weekend.', language: 'en', topic: null })).toEqual([]);
  });

  it('one matching word is not enough, however rare (minTerms)', () => {
    const q = { subject: 'servicebil', text: 'servicebil', language: 'da' as const, topic: null };
    expect(index.rank(q).length).toBeGreaterThan(0);
    expect(index.suggest(q, { minScore: 0 })).toEqual([]);
    expect(urls(index.suggest(q, { minScore: 0, minTerms: 1 }))).toEqual(['https://help.test/da/lager']);
  });

  it('the threshold decides: the same question is offered the article at a low threshold and nothing at a very high one', () => {
    const q = { subject: 'Varer til servicebil', text: 'Hvordan overfører jeg varer fra lageret til vores servicebil?', language: 'da' as const, topic: 'stock' as const };
    expect(urls(index.suggest(q, { minScore: DEFAULT_SUGGEST.minScore }))).toEqual(['https://help.test/da/lager']);
    expect(index.suggest(q, { minScore: 100_000 })).toEqual([]);
  });

  it("the mail's topic lifts the articles of its area", () => {
    const q = { subject: 'Spørgsmål', text: 'Kan et felt i planlægningen være obligatorisk?', language: 'da' as const };
    const plain = index.rank({ ...q, topic: null });
    const forms = index.rank({ ...q, topic: 'forms' });
    const score = (r: typeof plain, id: number) => r.find((x) => x.article.id === id)?.score ?? 0;
    expect(score(forms, 4)).toBeGreaterThan(score(plain, 4));
    expect(score(forms, 2)).toBeCloseTo(score(plain, 2));
  });

  it('never offers more than three, best first', () => {
    const many: HelpArticle[] = Array.from({ length: 6 }, (_, i) => ({ id: 100 + i, url: `https://help.test/da/faktura-${i}`, language: 'da', title: `Faktura og kreditnota ${i}`, topics: ['invoicing'], summary: 'Faktura, kreditnota og betaling.', keywords: ['faktura', 'kreditnota'] }));
    const s = buildHelpIndex(many).suggest({ subject: 'Faktura', text: 'Kreditnota på en faktura', language: 'da', topic: 'invoicing' }, { minScore: 0, max: 10 });
    expect(s).toHaveLength(3);
    expect(s.map((x) => x.score)).toEqual([...s.map((x) => x.score)].sort((a, b) => b - a));
  });

  it('an empty catalogue offers nothing', () => {
    expect(buildHelpIndex([]).suggest({ subject: 'Kreditnota', text: 'kreditnota faktura', language: 'da', topic: null }, { minScore: 0, minTerms: 0 })).toEqual([]);
  });

  it('reads a bounded part of a huge mail and still answers', () => {
    const text = `Hvordan krediterer jeg en faktura med en kreditnota? ${'bla '.repeat(200_000)}`;
    expect(urls(index.suggest({ subject: 'Kreditnota', text, language: 'da', topic: 'invoicing' }, LOW))[0]).toBe('https://help.test/da/kreditnota');
  });
});

import { comparableWords, countNearDuplicates, decideBudget, similarity, type BudgetFacts, type ReplyBudgets } from '../../../src/domain/reply-budget';
import { loopSignalText, renderReason } from '../../../src/i18n/messages';

const words = (d: { exceeded: Parameters<typeof renderReason>[0] }) => (d.exceeded ? renderReason(d.exceeded, 'en') : null);

const budgets: ReplyBudgets = { loop: { perHour: 5, perDay: 20 }, contact: { perHour: 30, perDay: 100 } };
const contact: BudgetFacts = {
  address: 'mette@fjordby-el.dk',
  senderStatus: 'registered_contact',
  forged: false,
  automatic: false,
  answersOurReply: false,
  nearDuplicates: 0,
  repliesLastHour: 0,
  repliesLastDay: 0,
};

describe('the reply budget is aimed at loops', () => {
  it("a registered contact's distinct requests use the contact budget", () => {
    expect(decideBudget({ ...contact, repliesLastHour: 9, repliesLastDay: 9 }, budgets)).toEqual({ budget: 'contact', loopSignals: [], exceeded: null });
    const over = decideBudget({ ...contact, repliesLastHour: 30, repliesLastDay: 30 }, budgets);
    expect(words(over)).toMatch(/budget: 30 automatic replies to mette@fjordby-el\.dk in the last hour \(limit 30, contact budget\)/);
    expect(words(decideBudget({ ...contact, repliesLastHour: 3, repliesLastDay: 100 }, budgets))).toMatch(/in the last day \(limit 100/);
  });

  it('the contact budget is never below the loop budget', () => {
    const raised: ReplyBudgets = { loop: { perHour: 1000, perDay: 1000 }, contact: { perHour: 30, perDay: 100 } };
    expect(decideBudget({ ...contact, repliesLastHour: 500, repliesLastDay: 500 }, raised).exceeded).toBeNull();
    expect(words(decideBudget({ ...contact, repliesLastHour: 1000, repliesLastDay: 1000 }, raised))).toMatch(/limit 1000, contact budget/);
  });

  it.each<[string, Partial<BudgetFacts>, RegExp]>([
    ['an unknown sender', { senderStatus: 'unknown_domain' }, /not a registered support contact/],
    ['a colleague who is not a contact', { senderStatus: 'same_domain_unregistered' }, /not a registered support contact/],
    ['a forged From', { forged: true }, /not authenticated/],
    ['automatic-mail markers', { automatic: true }, /automatic-mail markers/],
    ['an answer to our own reply', { answersOurReply: true }, /answers one of our own replies/],
    ['the same text again', { nearDuplicates: 2 }, /same text as 2 earlier mails/],
  ])('%s uses the loop budget', (_name, facts, signal) => {
    const ok = decideBudget({ ...contact, ...facts, repliesLastHour: 4, repliesLastDay: 4 }, budgets);
    expect(ok).toMatchObject({ budget: 'loop', exceeded: null });
    expect(ok.loopSignals.map((x) => loopSignalText(x, 'en')).join('; ')).toMatch(signal);
    const stop = decideBudget({ ...contact, ...facts, repliesLastHour: 5, repliesLastDay: 5 }, budgets);
    expect(words(stop)).toMatch(/budget: 5 automatic replies to .* in the last hour \(limit 5, loop budget\); loop-like: /);
  });
});

describe('near-identical mails', () => {
  const alert = 'Hej\n\nVores system kan ikke åbne fakturaerne, der kommer en fejl 500. Venligst undersøg det.\n';
  it('the same text with another counter or number in the subject is the same mail', () => {
    expect(similarity(comparableWords('Ny besked 1', alert), comparableWords('Ny besked 27', alert))).toBe(1);
    expect(countNearDuplicates({ subject: 'RE: Ny besked 3', newText: alert }, [{ subject: 'Ny besked 2', newText: alert }, { subject: 'x', newText: 'noget helt andet' }])).toBe(1);
  });
  it('spelling with or without æøå does not make it new', () => {
    expect(similarity(comparableWords('Fejl', 'Vi kan ikke åbne fakturaerne længere i dag'), comparableWords('Fejl', 'Vi kan ikke aabne fakturaerne laengere i dag'))).toBe(1);
  });
  it("a contact's separate requests are not near-identical", () => {
    const a = comparableWords('Kreditnota', 'Hvordan laver jeg en delvis kreditnota på faktura 1043?');
    const b = comparableWords('Ny bruger', 'Kan I oprette en bruger til vores nye lærling Jonas?');
    const c = comparableWords('Kreditnota igen', 'Hvordan sætter jeg standard betalingsbetingelser for nye kunder?');
    expect(similarity(a, b)).toBeLessThan(0.2);
    expect(similarity(a, c)).toBeLessThan(0.5);
  });
  it('short mails compare whole', () => {
    expect(similarity(comparableWords('', 'Tak!'), comparableWords('', 'Tak!'))).toBe(1);
    expect(similarity(comparableWords('Ring', 'Ring mig op'), comparableWords('Mail', 'Send en mail'))).toBe(0);
  });
});

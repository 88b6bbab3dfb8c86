import { buildTrainingReport } from '../../../src/reports/training-report';
import { COURSES } from '../../../src/reports/courses';
import { TOPICS } from '../../../src/domain/vocabulary';
import { PERIOD, ROWS } from './fixture';

describe('buildTrainingReport (hand-counted week)', () => {
  const r = buildTrainingReport(ROWS, PERIOD);
  const company = (name: string) => r.companies.find((c) => c.name === name)!;

  it('compares with the week before', () => {
    expect(r.previousPeriod).toEqual({ from: '2026-10-26', to: '2026-11-01' });
  });

  it('counts per company by category, with the agreement of the last day', () => {
    const havn = company('Havnens VVS & Blik A/S');
    expect(havn.byCategory).toEqual({ error: 1, support: 2, training: 2, service_request: 0 });
    expect(havn.tickets).toBe(5);
    expect(havn.agreement).toBe('basis');
    expect(company('Fjordby Elektro ApS').agreement).toBe('udvidet');
    expect(company('Østerlund Anlæg I/S').agreement).toBeNull();
  });

  it('lists training tickets and offers sent within the period only', () => {
    const havn = company('Havnens VVS & Blik A/S');
    expect(havn.trainingTicketList.map((x) => [x.day, x.topic])).toEqual([['2026-11-02', 'forms'], ['2026-11-08', null]]);
    expect(havn.offersSent).toBe(1);
    expect(havn.previous).toEqual({ tickets: 0, byCategory: { error: 0, support: 0, training: 0, service_request: 0 }, trainingTickets: 0, offersSent: 0, repeatedTopics: 0 });
  });

  it('a topic is repeated at 2 questions (support + training), errors and service requests do not count', () => {
    // Havnens: forms = training + support (+ an error, not counted) → 2.
    expect(company('Havnens VVS & Blik A/S').repeatedTopicList).toEqual([{ topic: 'forms', count: 2 }]);
    // Fjordby: planning = 2 support (+ a service request, not counted).
    expect(company('Fjordby Elektro ApS').repeatedTopicList).toEqual([{ topic: 'planning', count: 2 }]);
  });

  it('recommends a course for every training topic and repeated topic', () => {
    expect(company('Havnens VVS & Blik A/S').recommendations).toEqual([
      { topic: 'forms', course: { da: 'Skemaer fra bunden', en: 'Forms from scratch' }, trainingTickets: 1, questions: 2 },
      { topic: 'other', course: COURSES.other, trainingTickets: 1, questions: 0 },
    ]);
    expect(company('Fjordby Elektro ApS').recommendations.map((x) => x.course.da)).toEqual(['Planlægning og ressourcestyring']);
  });

  it('a company active only in the previous period is listed with zeros now', () => {
    const oe = company('Østerlund Anlæg I/S');
    expect(oe.tickets).toBe(0);
    expect(oe.previous.trainingTickets).toBe(1);
    expect(oe.previous.offersSent).toBe(1);
  });

  it('totals and changes', () => {
    const { current, previous, change } = r.totals;
    expect(current).toMatchObject({ tickets: 9, trainingTickets: 2, offersSent: 1, repeatedTopics: 2, companies: 2, unmatchedTickets: 1 });
    expect(current.byCategory).toEqual({ error: 1, support: 5, training: 2, service_request: 1 });
    expect(previous).toMatchObject({ tickets: 2, trainingTickets: 1, offersSent: 1, repeatedTopics: 0, companies: 2, unmatchedTickets: 0 });
    expect(change.tickets).toEqual({ delta: 7, percent: 350 });
    expect(change.offersSent).toEqual({ delta: 0, percent: 0 });
    expect(change.repeatedTopics).toEqual({ delta: 2, percent: null });
    expect(change.byCategory.training).toEqual({ delta: 1, percent: 100 });
  });

  it('orders companies by training needs, then tickets', () => {
    expect(r.companies.map((c) => c.companyId)).toEqual([1, 2, 3]);
  });

  it('every topic has a course in both languages', () => {
    for (const topic of TOPICS) expect(COURSES[topic].da && COURSES[topic].en).toBeTruthy();
  });
});

import { parseCourseChoice, type OfferedOption } from '../../../src/domain/course-choice';

// Three dates as a reply listed them: 1 = 12 March, 2 = 9 April, 3 = 21 May.
const offered: OfferedOption[] = [
  { n: 1, day: 12, month: 3 },
  { n: 2, day: 9, month: 4 },
  { n: 3, day: 21, month: 5 },
];
const pick = (text: string, o: OfferedOption[] = offered) => parseCourseChoice(text, o);

describe('parseCourseChoice: a clear choice', () => {
  it.each([
    ['2', 2],
    ['2.', 2],
    ['  3  ', 3],
    ['nr. 2', 2],
    ['Nr 1 tak', 1],
    ['nummer 3', 3],
    ['Mulighed 2 passer os', 2],
    ['Ja tak, 2 passer fint', 2],
    ['Vi tager den anden', 2],
    ['Den første passer bedst', 1],
    ['det andet forslag', 2],
    ['den tredje dato', 3],
    ['nummer to', 2],
    ['#1', 1],
    ['Hej\n\nVi vil gerne have den 12. marts.\n\nMvh Anna', 1],
    ['d. 9/4 er fint', 2],
    ['21.5. passer', 3],
    ['Den 9. april kl. 9 passer', 2],
    ['Vi er 2 personer og tager mulighed 3', 3],
    ['2\n\nAnna Jensen\nTlf. 22 33 44 55\nanna2@hansenvvs.dk', 2],
    ['Prisen på 2.500 kr. er fin, vi tager nr. 1', 1],
    ['Nr. 3. Jeg har læst https://servicedesk.microbizz.dk/kursus/2 og 10 % rabat lyder godt', 3],
  ])('da: %j → %i', (text, n) => {
    expect(pick(text)).toEqual(expect.objectContaining({ kind: 'choice', option: n }));
  });

  it.each([
    ['option 2', 2],
    ['Option two please', 2],
    ['The second one, please', 2],
    ['the first works for us', 1],
    ['third option', 3],
    ['March 12 works', 1],
    ['We would like the 21st of May', 3],
    ['9 April please', 2],
    ['Yes please, 1', 1],
    ['2 seats on option 1 please', 1],
    ['Reference MB-000123: we take 3', 3],
  ])('en: %j → %i', (text, n) => {
    expect(pick(text)).toEqual(expect.objectContaining({ kind: 'choice', option: n }));
  });

  it('says how it read the answer', () => {
    expect(pick('2')).toEqual({ kind: 'choice', option: 2, via: 'number' });
    expect(pick('den anden')).toEqual({ kind: 'choice', option: 2, via: 'ordinal' });
    expect(pick('12. marts')).toEqual({ kind: 'choice', option: 1, via: 'date' });
  });

  it('a date and its number agreeing is still one option', () => {
    expect(pick('2 (9. april)')).toEqual(expect.objectContaining({ kind: 'choice', option: 2 }));
  });

  it('quoted lines are not the answer', () => {
    expect(pick('2\n\n> 1. 12. marts\n> 3. 21. maj')).toEqual(expect.objectContaining({ kind: 'choice', option: 2 }));
  });
});

describe('parseCourseChoice: unclear', () => {
  it.each([
    ['1 eller 2', 'ambiguous'],
    ['2 og 3', 'ambiguous'],
    ['either 1 or 3', 'ambiguous'],
    ['12. marts eller 9. april', 'ambiguous'],
    ['2 eller 4', 'ambiguous'],
    ['Ja tak, det vil vi gerne', 'none'],
    ['Book os gerne på kurset', 'none'],
    ['Yes please, sign me up', 'none'],
    ['kl. 9:00 passer fint', 'none'],
    ['4', 'out_of_range'],
    ['option 7', 'out_of_range'],
    ['nummer 12', 'out_of_range'],
    ['Den 1. juni', 'unknown_date'],
  ])('%j → %s', (text, why) => {
    expect(pick(text)).toEqual({ kind: 'unclear', why });
  });

  it.each([
    'Tak for tilbuddet',
    'Ingen af datoerne passer, har I andre?',
    'Kan vi tage en anden dag?',
    'Thanks, we will get back to you',
    'Vi er 3 personer',
    'Vi drøfter det internt og vender tilbage',
  ])('%j is not an answer to the offer (a person reads it; no template answers it)', (text) => {
    expect(pick(text)).toEqual({ kind: 'not_an_answer' });
  });

  it('a number beyond what was offered: only two dates, "3"', () => {
    expect(pick('3', offered.slice(0, 2))).toEqual({ kind: 'unclear', why: 'out_of_range' });
  });
});

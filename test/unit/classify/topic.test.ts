import { detectTopic } from '../../../src/pipeline/classify/topic';

describe('topic detection', () => {
  it.each([
    ['Fakturaudskrivning', 'Vi kan ikke danne kreditnota', 'invoicing'],
    ['', 'Synkroniseringen til e-conomic er stoppet', 'integrations'],
    ['Appen', 'Montørerne kan ikke åbne appen på iPhone', 'app'],
    ['', 'Hvordan flytter jeg en opgave på planlægningstavlen', 'planning'],
    ['Timesedler', 'Medarbejderne kan ikke stemple ind og timeregistreringen mangler', 'time_registration'],
    ['Adgang', 'Ny medarbejder skal have brugerrettigheder og adgangskode', 'users_rights'],
    ['', 'Kan I lave en rapport med dækningsbidrag pr. måned', 'reports'],
    ['Lager', 'Varelageret viser forkert beholdning', 'stock'],
    ['Kundekartotek', 'Vi har dubletter i kundekartoteket', 'customers'],
    ['', 'Vi vil gerne opsige supportaftalen', 'agreement'],
    ['', 'The checklist form does not show the signature field', 'forms'],
    ['Weather', 'Nice weather today', 'other'],
  ])('%s / %s → %s', (subject, body, expected) => {
    expect(detectTopic(subject, body).topic).toBe(expected);
  });

  it('matches æøå-less spellings and returns the matched words', () => {
    const r = detectTopic('', 'loenkoersel og lonarter er forkerte');
    expect(r.topic).toBe('time_registration');
    expect(r.matched).toEqual(expect.arrayContaining(['loenkoersel']));
  });
});

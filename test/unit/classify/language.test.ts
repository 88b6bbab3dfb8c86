import { detectLanguage } from '../../../src/pipeline/classify/language';

describe('language detection', () => {
  it('detects Danish', () => {
    expect(detectLanguage('Spørgsmål', 'Hej, vi kan ikke se vores opgaver i dag. Kan I hjælpe? Mvh Jens')).toBe('da');
  });
  it('detects Danish written without æøå', () => {
    expect(detectLanguage('', 'hej vi har et problem med at faa appen til at virke, det er ikke muligt at logge ind')).toBe('da');
  });
  it('detects English', () => {
    expect(detectLanguage('Question', 'Hi, we are not able to see our tasks today. Could you please help? Best regards')).toBe('en');
  });
  it('lets Danish text with an English error message stay Danish', () => {
    expect(detectLanguage('Fejl', 'Hej. Når vi gemmer får vi "Error: could not save the record". Hvad gør vi? Mvh Lone')).toBe('da');
  });
  it('defaults very short text: da with a Danish marker, else en', () => {
    expect(detectLanguage('', 'Tak!')).toBe('da');
    expect(detectLanguage('', 'ø')).toBe('da');
    expect(detectLanguage('', 'OK')).toBe('en');
    expect(detectLanguage('', '')).toBe('en');
  });
});

import { buildRawMessage, exampleToTraining, parseJsonl, TrainingDataError, validateExample } from '../../../src/training/training-data';
import { parseCsv, readLabels, summarize } from '../../../src/training/evaluate';

describe('training data validation', () => {
  const ok = { id: 'x-1', category: 'error', language: 'da', subject: 'Fejl', text: 'Det virker ikke' };
  it('accepts a valid line', () => {
    expect(validateExample(ok, 'f.jsonl', 1)).toMatchObject({ id: 'x-1', category: 'error' });
  });
  it.each([
    [{ ...ok, category: 'bug' }, /f\.jsonl:7: "category"/],
    [{ ...ok, language: 'de' }, /f\.jsonl:7: "language"/],
    [{ ...ok, id: '' }, /"id"/],
    [{ id: 'a', category: 'error', language: 'da', subject: 's' }, /one of "text" or "html"/],
    [{ ...ok, headers: { 'Bad Name': 'x' } }, /header name/],
    [{ ...ok, headers: { X: 'a\r\nb' } }, /line breaks/],
  ])('rejects %j with file and line', (v, msg) => {
    expect(() => validateExample(v, 'f.jsonl', 7)).toThrow(TrainingDataError);
    expect(() => validateExample(v, 'f.jsonl', 7)).toThrow(msg);
  });
  it('names the line of invalid JSON', () => {
    expect(() => parseJsonl(`${JSON.stringify(ok)}\n\n{oops`, 'data/e.jsonl')).toThrow(/data\/e\.jsonl:3: invalid JSON/);
  });
});

describe('examples go through the production parser', () => {
  it('builds a parseable RFC 822 message with extra headers and UTF-8 subject', async () => {
    const autoReply = {
      id: 'n-1',
      category: 'noise',
      language: 'da',
      subject: 'Automatisk svar: Fravær på kontoret',
      text: 'Jeg er væk til mandag.',
      headers: { 'Auto-Submitted': 'auto-replied' },
    } as const;
    const raw = buildRawMessage(autoReply).toString('utf8');
    expect(raw).toMatch(/\r\nAuto-Submitted: auto-replied\r\n/);
    expect(raw).toMatch(/Subject: =\?UTF-8\?B\?/);
    const ex = await exampleToTraining(autoReply);
    expect(ex.input.subject).toBe('Automatisk svar: Fravær på kontoret');
    expect(ex.input.newText).toContain('Jeg er væk til mandag.');
    expect(ex.input.headers['auto-submitted']).toEqual(['auto-replied']);
  });

  it('strips quoted history and converts HTML', async () => {
    const quoted = await exampleToTraining({
      id: 'q-1',
      category: 'support',
      language: 'da',
      subject: 'SV: Fejl',
      text: 'Tak, det virker nu.\n\nDen 3. nov. 2025 kl. 10.12 skrev Support <support@microbizz.dk>:\n> Prøv at genstarte appen.\n> Fejlen skyldes cache.',
    });
    expect(quoted.input.newText).toContain('Tak, det virker nu.');
    expect(quoted.input.newText).not.toContain('genstarte');
    const html = await exampleToTraining({
      id: 'h-1',
      category: 'error',
      language: 'da',
      subject: 'Fejl',
      html: '<html><body><p>Hej</p><p>Appen <b>virker ikke</b>.</p></body></html>',
    });
    expect(html.input.newText).toMatch(/virker ikke/);
    expect(html.input.newText).not.toMatch(/<b>/);
  });
});

describe('evaluation helpers', () => {
  it('parses CSV with quotes', () => {
    expect(parseCsv('a,b\r\n1,"x, ""y"""\n')).toEqual([
      ['a', 'b'],
      ['1', 'x, "y"'],
    ]);
  });
  it('reads labels.csv', () => {
    const rows = readLabels('file,category,language,notes\nd1.eml,error,da,"a, b"\nd2.eml,noise,en,\n');
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatchObject({ file: 'd1.eml', category: 'error', language: 'da', notes: 'a, b' });
    expect(() => readLabels('file,category\nx,bogus\n')).toThrow(/unknown category/);
  });
  it('summarises with the cost counts and the fixed last line', () => {
    const res = (category: string) => ({ category, confidence: 1, language: 'da', topic: 'other', explanation: [], scores: {}, method: 'model' }) as never;
    const s = summarize([
      { file: 'a', gold: 'error', goldLanguage: 'da', result: res('training'), ms: 1 },
      { file: 'b', gold: 'support', goldLanguage: 'da', result: res('noise'), ms: 3 },
      { file: 'c', gold: 'noise', goldLanguage: 'en', result: res('noise'), ms: 2 },
    ]);
    expect(s.errorAsTraining).toBe(1);
    expect(s.humansAsNoise).toBe(1);
    expect(s.medianMs).toBe(2);
    expect(s.languageAccuracy).toBeCloseTo(2 / 3);
    expect(s.report.split('\n').pop()).toMatch(/^macro_f1=0\.\d{3} accuracy=0\.333 n=3$/);
  });
});

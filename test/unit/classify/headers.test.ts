import { createClassifier } from '../../../src/pipeline/classify/classifier';
import { automaticMailEvidence, spamVerdict } from '../../../src/pipeline/classify/headers';
import type { ClassifierInput } from '../../../src/pipeline/classify/types';

const base: ClassifierInput = {
  subject: 'Appen virker ikke',
  newText: 'Hej, appen lukker ned hver gang vi åbner en opgave. Mvh Jens',
  headers: {},
  fromAddress: 'jens@kunde.dk',
  contentType: 'text/plain',
  attachmentNames: [],
};
const withHeaders = (h: Record<string, string>, extra: Partial<ClassifierInput> = {}): ClassifierInput => ({
  ...base,
  ...extra,
  headers: Object.fromEntries(Object.entries(h).map(([k, v]) => [k.toLowerCase(), [v]])),
});

describe('spam verdict', () => {
  it('reads X-Spam-Flag and X-Spam-Status', () => {
    expect(spamVerdict(withHeaders({ 'X-Spam-Flag': 'YES' }))).toMatch(/X-Spam-Flag/);
    expect(spamVerdict(withHeaders({ 'X-Spam-Status': 'Yes, score=9.1 required=5.0' }))).toMatch(/X-Spam-Status/);
    expect(spamVerdict(withHeaders({ 'X-Spam-Flag': 'NO', 'X-Spam-Status': 'No, score=0.1' }))).toBeNull();
  });
});

describe('automatic-mail headers', () => {
  it.each([
    [{ 'Auto-Submitted': 'auto-replied' }, 'strong'],
    [{ 'Auto-Submitted': 'auto-generated' }, 'weak'],
    [{ Precedence: 'bulk' }, 'weak'],
    [{ Precedence: 'list' }, 'strong'],
    [{ Precedence: 'junk' }, 'strong'],
    [{ 'List-Id': '<news.example.com>' }, 'strong'],
    [{ 'List-Unsubscribe': '<mailto:u@example.com>' }, 'strong'],
    [{ 'X-Autoreply': 'yes' }, 'strong'],
    [{ 'Return-Path': '<>' }, 'strong'],
  ])('%j → %s', (h, strength) => {
    expect(automaticMailEvidence(withHeaders(h as Record<string, string>))?.strength).toBe(strength);
  });

  it('ignores Auto-Submitted: no and ordinary headers', () => {
    expect(automaticMailEvidence(withHeaders({ 'Auto-Submitted': 'no', 'Return-Path': '<jens@kunde.dk>' }))).toBeNull();
    expect(automaticMailEvidence(base)).toBeNull();
  });

  it('recognises DSNs, daemons and calendar responses', () => {
    expect(automaticMailEvidence({ ...base, contentType: 'multipart/report' })).not.toBeNull();
    expect(automaticMailEvidence({ ...base, fromAddress: 'MAILER-DAEMON@mx.kunde.dk' })).not.toBeNull();
    expect(automaticMailEvidence({ ...base, fromAddress: 'postmaster@kunde.dk' })).not.toBeNull();
    expect(automaticMailEvidence({ ...base, subject: 'Accepteret: Kursus', attachmentNames: ['invite.ics'] })).not.toBeNull();
    expect(automaticMailEvidence({ ...base, subject: 'Kursus', attachmentNames: ['invite.ics'] })).toBeNull();
  });
});

describe('classifier header decisions', () => {
  const c = createClassifier();
  it('spam verdict → noise by spam-verdict', () => {
    const r = c.classify(withHeaders({ 'X-Spam-Flag': 'YES' }));
    expect(r).toMatchObject({ category: 'noise', method: 'spam-verdict' });
    expect(r.explanation.join(' ')).toMatch(/X-Spam-Flag/);
  });
  it('auto-reply headers → noise by headers, even with error words in the text', () => {
    const r = c.classify(withHeaders({ 'Auto-Submitted': 'auto-replied' }));
    expect(r).toMatchObject({ category: 'noise', method: 'headers' });
    expect(r.explanation[0]).toMatch(/Auto-Submitted: auto-replied/);
  });
  it('a weak marker does not drop a confident personal request (web form)', () => {
    const r = c.classify(withHeaders({ 'Auto-Submitted': 'auto-generated' }));
    expect(r.category).toBe('error');
    expect(r.method).toBe('model');
  });
  it('a weak marker on an auto-generated notice is noise', () => {
    const r = c.classify(
      withHeaders(
        { 'Auto-Submitted': 'auto-generated' },
        { subject: 'Your weekly newsletter', newText: 'Read our newsletter. Unsubscribe here: https://example.com/u' },
      ),
    );
    expect(r.category).toBe('noise');
  });
  it('scores sum to 1', () => {
    for (const input of [base, withHeaders({ 'X-Spam-Flag': 'YES' }), withHeaders({ 'List-Id': 'x' })]) {
      const s = Object.values(c.classify(input).scores).reduce((a, b) => a + b, 0);
      expect(s).toBeCloseTo(1, 6);
    }
  });
});

import type { HelpArticle } from '../../../src/help/article';
import { buildHelpIndex } from '../../../src/help/search';
import { formatKbReport, judgeMail, readKbLabels, summarise } from '../../../src/training/kb-eval';

const index = buildHelpIndex([
  { id: 1, url: 'https://help.test/kreditnota', language: 'da', title: 'Opret en kreditnota', topics: ['invoicing'], summary: 'Kreditér en faktura.', keywords: ['kreditnota', 'kreditere', 'faktura'] } satisfies HelpArticle,
]);

describe('kb eval', () => {
  it('reads labels: an empty article means no article answers the mail', () => {
    expect(readKbLabels('file,language,article\na.eml,da,https://help.test/kreditnota\nb.eml,EN,\n')).toEqual([
      { file: 'a.eml', language: 'da', article: 'https://help.test/kreditnota' },
      { file: 'b.eml', language: 'en', article: null },
    ]);
  });

  it('a hit is the gold article among those offered; a mail without one is right only when nothing is offered', () => {
    const hit = judgeMail(index, { file: 'a', gold: 'https://help.test/kreditnota', subject: 'Kreditnota', text: 'Hvordan laver jeg en kreditnota på en faktura?', language: 'da', topic: 'invoicing' }, { minScore: 0 });
    expect(hit).toMatchObject({ correct: true, goldRank: 1 });
    const offeredWrongly = judgeMail(index, { file: 'b', gold: null, subject: 'Kreditnota', text: 'kreditnota faktura', language: 'da', topic: null }, { minScore: 0 });
    expect(offeredWrongly.correct).toBe(false);
    const missed = judgeMail(index, { file: 'c', gold: 'https://help.test/kreditnota', subject: 'Kreditnota', text: 'kreditnota faktura', language: 'da', topic: null }, { minScore: 1e9 });
    expect(missed).toMatchObject({ correct: false, offered: [], goldRank: 1 });
    const silent = judgeMail(index, { file: 'd', gold: null, subject: 'Tak', text: 'Tak for hjælpen', language: 'da', topic: null });
    expect(silent.correct).toBe(true);

    const r = summarise([hit, offeredWrongly, missed, silent]);
    expect(r).toMatchObject({ withArticle: 2, top3: 0.5, withoutArticle: 2, noneCorrect: 0.5 });
    const lines = formatKbReport(r);
    expect(lines[lines.length - 1]).toBe('kb_top3=0.50 kb_none_correct=0.50 n=4');
    expect(lines[1]).toMatch(/^MISS b lang=da topic=- gold=- offered=\/kreditnota\(/);
  });
});

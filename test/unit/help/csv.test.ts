import { CsvError } from '../../../src/shared/csv';
import { readHelpArticlesCsv, writeHelpArticlesCsv } from '../../../src/help/csv';

const HEADER = 'url,language,title,topics,summary,keywords';

function problemsOf(text: string): { line: number; message: string }[] {
  try {
    readHelpArticlesCsv(text, 'kb.csv');
  } catch (err) {
    expect(err).toBeInstanceOf(CsvError);
    return (err as CsvError).problems;
  }
  throw new Error('expected the file to be refused');
}

describe('help catalogue CSV', () => {
  it('reads rows with their line numbers, lists split on ";", comments and blank lines skipped, æøå kept', () => {
    const rows = readHelpArticlesCsv(
      [
        '# an example catalogue',
        '# made up',
        HEADER,
        'https://help.example.dk/kreditnota,da,Opret en kreditnota,invoicing,"Kreditér en faktura, helt eller delvist.",kreditnota; kreditere ;tilbageføre',
        '',
        'https://help.example.dk/en/credit,EN,Create a credit note,Invoicing;Customers,,credit note',
      ].join('\n'),
    );
    expect(rows).toEqual([
      { line: 4, url: 'https://help.example.dk/kreditnota', language: 'da', title: 'Opret en kreditnota', topics: ['invoicing'], summary: 'Kreditér en faktura, helt eller delvist.', keywords: ['kreditnota', 'kreditere', 'tilbageføre'] },
      { line: 6, url: 'https://help.example.dk/en/credit', language: 'en', title: 'Create a credit note', topics: ['invoicing', 'customers'], summary: '', keywords: ['credit note'] },
    ]);
  });

  it('refuses the whole file, naming the line of every bad row', () => {
    const problems = problemsOf(
      [
        HEADER,
        'https://help.example.dk/ok,da,Fin artikel,forms,,skema',
        'ftp://help.example.dk/x,da,Forkert protokol,forms,,',
        'https://help.example.dk/y,de,Falsche Sprache,forms,,',
        'https://help.example.dk/z,da,,forms,,',
        'https://help.example.dk/w,da,Ukendt emne,golf,,',
        'https://help.example.dk/ok,da,Samme nøgle igen,forms,,',
      ].join('\n'),
    );
    expect(problems.map((p) => p.line)).toEqual([3, 4, 5, 6, 7]);
    expect(problems[0]!.message).toMatch(/http\(s\)/);
    expect(problems[1]!.message).toMatch(/language must be one of da, en/);
    expect(problems[2]!.message).toMatch(/title is empty/);
    expect(problems[3]!.message).toMatch(/topic "golf" is not one of/);
    expect(problems[4]!.message).toMatch(/already on line 2/);
  });

  it('the error message names the file and the line', () => {
    expect(() => readHelpArticlesCsv(`${HEADER}\nhttps://x.dk/a,da,,forms,,\n`, 'kb.csv')).toThrow(/^kb\.csv: line 2: title is empty$/);
  });

  it('a missing column is reported on the header line, after comments', () => {
    expect(problemsOf('# comment\nurl,language,title\nhttps://x.dk/a,da,T\n')).toEqual([{ line: 2, message: expect.stringMatching(/missing column\(s\) topics, summary, keywords/) }]);
  });

  it('a row with too many cells names its line', () => {
    expect(problemsOf(`${HEADER}\nhttps://x.dk/a,da,T,forms,s,k,extra\n`)[0]!.line).toBe(2);
  });

  it('writes CSV that reads back to the same articles (quotes, commas, leading #, æøå)', () => {
    const articles = [
      { url: 'https://help.example.dk/b', language: 'da' as const, title: 'Tæl "lageret" op, nu', topics: ['stock' as const], summary: '#1: første linje, med komma', keywords: ['optælling', 'lager status'] },
      { url: 'https://help.example.dk/a', language: 'en' as const, title: 'Plain', topics: [], summary: '', keywords: [] },
    ];
    const csv = writeHelpArticlesCsv(articles);
    expect(csv.split('\n')[0]).toBe(HEADER);
    const back = readHelpArticlesCsv(csv).map(({ line: _line, ...a }) => a);
    expect(back).toEqual([articles[0], articles[1]]);
  });
});

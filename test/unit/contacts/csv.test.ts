import { CsvError, readCompaniesCsv, readContactsCsv } from '../../../src/contacts/csv';

describe('registry CSV', () => {
  it('reads companies with one or more domains', () => {
    const rows = readCompaniesCsv('\uFEFFname,domain,agreement\nKragh El-Service A/S,kragh-el.dk,udvidet\n"Dalgaard & Søn, VVS",dalgaard-vvs.dk; dalgaard.dk,Basis\n');
    expect(rows).toEqual([
      { line: 2, name: 'Kragh El-Service A/S', domains: ['kragh-el.dk'], agreement: 'udvidet' },
      { line: 3, name: 'Dalgaard & Søn, VVS', domains: ['dalgaard-vvs.dk', 'dalgaard.dk'], agreement: 'basis' },
    ]);
  });
  it('a bad row names its line', () => {
    expect(() => readCompaniesCsv('name,domain,agreement\nA,a.dk,basis\nB,b.dk,gold\n')).toThrow(/line 3: agreement "gold"/);
    expect(() => readCompaniesCsv('name,domain,agreement\nA,gmail.com,basis\n')).toThrow(/line 2: "gmail.com" is a public mail domain/);
    expect(() => readCompaniesCsv('name,domain,agreement\nA,a.dk,basis\nA,b.dk,basis\n')).toThrow(/line 3: company "A" already on line 2/);
  });
  it('reports every bad row, not just the first', () => {
    try {
      readContactsCsv('company,name,email\nA,Anna,not-an-address\nA,,b@a.dk\n');
      throw new Error('expected a CsvError');
    } catch (e) {
      expect(e).toBeInstanceOf(CsvError);
      expect((e as CsvError).problems.map((p) => p.line)).toEqual([2, 3]);
    }
  });
  it('a missing column is named', () => {
    expect(() => readContactsCsv('company,name\nA,Anna\n')).toThrow(/missing column\(s\) email/);
  });
  it('an address used twice is refused', () => {
    expect(() => readContactsCsv('company,name,email\nA,Anna,a@a.dk\nB,Bo,A@a.dk\n')).toThrow(/line 3: a@a.dk is already used on line 2/);
  });
  it('broken CSV quoting names the line', () => {
    expect(() => readContactsCsv('company,name,email\nA,"Anna,a@a.dk\n')).toThrow(CsvError);
  });
});

import { CsvError, publicDomainWarnings, readCompaniesCsv, readContactsCsv } from '../../../src/contacts/csv';

describe('registry CSV', () => {
  it('reads companies with one or more domains', () => {
    const rows = readCompaniesCsv('\uFEFFname,domain,agreement\nKragh El-Service A/S,kragh-el.dk,udvidet\n"Dalgaard & Søn, VVS",dalgaard-vvs.dk; dalgaard.dk,Basis\n');
    expect(rows).toEqual([
      { line: 2, name: 'Kragh El-Service A/S', domains: ['kragh-el.dk'], publicDomains: [], agreement: 'udvidet' },
      { line: 3, name: 'Dalgaard & Søn, VVS', domains: ['dalgaard-vvs.dk', 'dalgaard.dk'], publicDomains: [], agreement: 'basis' },
    ]);
  });
  it('a firm on gmail.com or hotmail.dk imports: the public domain is kept apart, with a warning naming file and line', () => {
    const csv = 'name,domain,agreement\nKragh El-Service A/S,kragh-el.dk,udvidet\nMurer Hansen,gmail.com,basis\nKloakmand Jensen,kloak-jensen.dk; Hotmail.dk,timefakturering\n';
    const rows = readCompaniesCsv(csv, 'crm/companies.csv');
    expect(rows.map((r) => [r.line, r.name, r.domains, r.publicDomains])).toEqual([
      [2, 'Kragh El-Service A/S', ['kragh-el.dk'], []],
      [3, 'Murer Hansen', [], ['gmail.com']],
      [4, 'Kloakmand Jensen', ['kloak-jensen.dk'], ['hotmail.dk']],
    ]);
    const warnings = publicDomainWarnings(rows, 'crm/companies.csv');
    expect(warnings).toHaveLength(2);
    expect(warnings[0]).toMatch(/^crm\/companies\.csv line 3: gmail\.com is a public mail domain \(Murer Hansen\): kept as information, never used to match senders/);
    expect(warnings[1]).toMatch(/^crm\/companies\.csv line 4: hotmail\.dk is a public mail domain \(Kloakmand Jensen\)/);
    expect(publicDomainWarnings(rows.slice(0, 1))).toEqual([]);
  });
  it('a bad row names its line', () => {
    expect(() => readCompaniesCsv('name,domain,agreement\nA,a.dk,basis\nB,b.dk,gold\n')).toThrow(/line 3: agreement "gold"/);
    expect(() => readCompaniesCsv('name,domain,agreement\nA,gmail.com,basis\nB,not_a_domain,basis\n')).toThrow(/line 3: "not_a_domain" is not a mail domain/);
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

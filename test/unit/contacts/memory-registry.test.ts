import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readCompaniesCsv, readContactsCsv } from '../../../src/contacts/csv';
import { memoryRegistry } from '../../../src/contacts/memory-registry';

const dir = join(__dirname, '..', '..', 'fixtures', 'registry');
const companies = readCompaniesCsv(readFileSync(join(dir, 'companies.csv'), 'utf8'));
const contacts = readContactsCsv(readFileSync(join(dir, 'contacts.csv'), 'utf8'));

describe('memoryRegistry (the registry from CSV rows, for eval)', () => {
  const lookup = memoryRegistry(companies, contacts);

  it('a registered contact: the contact, its company, and the company by domain', () => {
    const facts = lookup('Mette@Fjordby-El.dk');
    expect(facts.contact).toEqual({ id: 1, name: 'Mette Fjordby', companyId: 1 });
    expect(facts.contactCompany).toEqual({
      id: 1,
      name: 'Fjordby Elektro ApS',
      agreements: [{ kind: 'udvidet', validFrom: null, validTo: null }],
      contacts: [
        { name: 'Mette Fjordby', address: 'mette@fjordby-el.dk' },
        { name: 'Jens Holm', address: 'jh@fjordby-el.dk' },
      ],
    });
    expect(facts.domainCompanies).toEqual([facts.contactCompany]);
  });

  it('a registered contact on a public domain: no company by domain', () => {
    const facts = lookup('k.oesterlund@hotmail.com');
    expect(facts.contact).toEqual({ id: 5, name: 'Karsten Østerlund', companyId: 4 });
    expect(facts.contactCompany?.name).toBe('Østerlund Anlæg I/S');
    expect(facts.contactCompany?.agreements.map((a) => a.kind)).toEqual(['timefakturering']);
    expect(facts.domainCompanies).toEqual([]);
  });

  it('a colleague: no contact, the company by domain', () => {
    const facts = lookup('lager@havnens-vvs.dk');
    expect(facts.contact).toBeNull();
    expect(facts.contactCompany).toBeNull();
    expect(facts.domainCompanies.map((c) => [c.id, c.name, c.contacts])).toEqual([
      [2, 'Havnens VVS & Blik A/S', [{ name: 'Søren Havn', address: 'soeren@havnens-vvs.dk' }]],
    ]);
  });

  it('an unknown sender, and an address without a domain', () => {
    expect(lookup('someone@example.org')).toEqual({ contact: null, contactCompany: null, domainCompanies: [] });
    expect(lookup('no-at-sign')).toEqual({ contact: null, contactCompany: null, domainCompanies: [] });
    expect(lookup('')).toEqual({ contact: null, contactCompany: null, domainCompanies: [] });
  });

  it('companies sharing a domain come in file order; a contact of an unknown company is left out', () => {
    const cs = readCompaniesCsv('name,domain,agreement\nA ApS,shared.dk,basis\nB ApS,b.dk shared.dk,hypercare\n');
    const ps = readContactsCsv('company,name,email\nB ApS,Bo,bo@b.dk\nNobody ApS,Nix,nix@shared.dk\nA ApS,Anna,anna@shared.dk\n');
    const l = memoryRegistry(cs, ps);
    expect(l('x@shared.dk').domainCompanies.map((c) => c.name)).toEqual(['A ApS', 'B ApS']);
    expect(l('nix@shared.dk').contact).toBeNull();
    expect(l('anna@shared.dk').contact).toEqual({ id: 3, name: 'Anna', companyId: 1 });
    expect(l('bo@b.dk').contactCompany?.contacts).toEqual([{ name: 'Bo', address: 'bo@b.dk' }]);
  });

  it('a firm registered on gmail.com: its people match by exact address, a stranger at gmail.com is nobody', () => {
    const cs = readCompaniesCsv('name,domain,agreement\nMurer Hansen,gmail.com,basis\nKloakmand Jensen,hotmail.dk,timefakturering\n');
    const ps = readContactsCsv('company,name,email\nMurer Hansen,Ole Hansen,murer.hansen@gmail.com\nKloakmand Jensen,Bo Jensen,kloakbo@hotmail.dk\n');
    const l = memoryRegistry(cs, ps);
    expect(l('Murer.Hansen@gmail.com')).toMatchObject({ contact: { name: 'Ole Hansen', companyId: 1 }, contactCompany: { name: 'Murer Hansen' }, domainCompanies: [] });
    expect(l('kloakbo@hotmail.dk').contactCompany?.name).toBe('Kloakmand Jensen');
    expect(l('stranger@gmail.com')).toEqual({ contact: null, contactCompany: null, domainCompanies: [] });
    expect(l('nabo@hotmail.dk')).toEqual({ contact: null, contactCompany: null, domainCompanies: [] });
  });

  it('a contact with several addresses is found by each; listed with its first', () => {
    const cs = readCompaniesCsv('name,domain,agreement\nA ApS,a.dk,basis\n');
    const ps = readContactsCsv('company,name,email\nA ApS,Zed,zed@a.dk; alias@a.dk\n');
    const l = memoryRegistry(cs, ps);
    expect(l('alias@a.dk').contact).toEqual({ id: 1, name: 'Zed', companyId: 1 });
    expect(l('ZED@A.DK').contact).toEqual({ id: 1, name: 'Zed', companyId: 1 });
    expect(l('zed@a.dk').contactCompany?.contacts).toEqual([{ name: 'Zed', address: 'zed@a.dk' }]);
  });
});

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createTestDatabase } from '../support/db';
import { readCompaniesCsv, readContactsCsv, CsvError } from '../../src/contacts/csv';
import { importRegistry } from '../../src/contacts/import';
import { registryFactsFor } from '../../src/contacts/registry';
import { matchSender } from '../../src/pipeline/match/match-sender';

const dir = join(__dirname, '..', 'fixtures', 'registry');
const companies = readCompaniesCsv(readFileSync(join(dir, 'companies.csv'), 'utf8'));
const contacts = readContactsCsv(readFileSync(join(dir, 'contacts.csv'), 'utf8'));

describe('import-contacts on PostgreSQL', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  beforeEach(async () => (db = await createTestDatabase()));
  afterEach(async () => db.drop());

  const snapshot = async () => ({
    companies: await db.dataSource.query(`SELECT id, name, domains FROM companies ORDER BY id`),
    agreements: await db.dataSource.query(`SELECT id, company_id, kind FROM agreements ORDER BY id`),
    contacts: await db.dataSource.query(`SELECT id, company_id, name FROM support_contacts ORDER BY id`),
    addresses: await db.dataSource.query(`SELECT id, contact_id, address FROM contact_addresses ORDER BY id`),
  });

  it('imports, and importing twice changes nothing', async () => {
    const first = await importRegistry(db.dataSource, companies, contacts);
    expect(first.companies.created).toBe(4);
    expect(first.contacts.created).toBe(5);
    const before = await snapshot();
    const second = await importRegistry(db.dataSource, companies, contacts);
    expect(second.companies).toEqual({ created: 0, updated: 0, unchanged: 4 });
    expect(second.contacts).toEqual({ created: 0, updated: 0, unchanged: 5 });
    expect(await snapshot()).toEqual(before);
  });

  it('a changed agreement is updated in place', async () => {
    await importRegistry(db.dataSource, companies, contacts);
    const changed = companies.map((c) => (c.name === 'Havnens VVS & Blik A/S' ? { ...c, agreement: 'udvidet' as const } : c));
    const r = await importRegistry(db.dataSource, changed, contacts);
    expect(r.companies.updated).toBe(1);
    const facts = await registryFactsFor(db.dataSource, 'soeren@havnens-vvs.dk');
    expect(facts.contactCompany?.agreements.map((a) => a.kind)).toEqual(['udvidet']);
  });

  it('a bad row leaves nothing half-imported', async () => {
    const bad = [...contacts, { line: 7, company: 'No Such Company ApS', name: 'X', emails: ['x@nowhere.dk'] }];
    await expect(importRegistry(db.dataSource, companies, bad)).rejects.toThrow(/line 7: company "No Such Company ApS"/);
    expect(await snapshot()).toEqual({ companies: [], agreements: [], contacts: [], addresses: [] });
  });

  it('an address owned by another contact is refused with its line', async () => {
    await importRegistry(db.dataSource, companies, contacts);
    const steal = [{ line: 2, company: 'Fjordby Elektro ApS', name: 'Ny Person', emails: ['soeren@havnens-vvs.dk'] }];
    await expect(importRegistry(db.dataSource, [], steal)).rejects.toBeInstanceOf(CsvError);
  });

  it('looks up what sender matching needs: contact by address (hotmail too), company by domain', async () => {
    await importRegistry(db.dataSource, companies, contacts);
    const hotmail = await registryFactsFor(db.dataSource, 'K.Oesterlund@hotmail.com');
    expect(hotmail.contactCompany?.name).toBe('Østerlund Anlæg I/S');
    const colleague = await registryFactsFor(db.dataSource, 'lager@fjordby-el.dk');
    expect(colleague.contact).toBeNull();
    expect(colleague.domainCompanies.map((c) => c.name)).toEqual(['Fjordby Elektro ApS']);
    expect(colleague.domainCompanies[0].contacts.map((c) => c.address).sort()).toEqual(['jh@fjordby-el.dk', 'mette@fjordby-el.dk']);
  });

  it('a real CRM export with firms on gmail.com and hotmail.dk imports; they match by exact address only', async () => {
    const crmCompanies = readCompaniesCsv(
      'name,domain,agreement\nFjordby Elektro ApS,fjordby-el.dk,udvidet\nMurer Hansen,gmail.com,basis\nKloakservice Bo Jensen,Hotmail.dk,timefakturering\nTømrer Uden Kontakt,gmail.com,basis\n',
      'crm.csv',
    );
    const crmContacts = readContactsCsv('company,name,email\nMurer Hansen,Ole Hansen,murer.ole@gmail.com\nKloakservice Bo Jensen,Bo Jensen,bo.kloak@hotmail.dk\n');
    const r = await importRegistry(db.dataSource, crmCompanies, crmContacts);
    expect(r.companies.created).toBe(4);
    // The one firm nobody can be matched to is named; the others import quietly (the CLI adds one warning per line).
    expect(r.warnings).toEqual([expect.stringMatching(/^Tømrer Uden Kontakt \(line 5\) writes only from a public mail domain and has no support contact/)]);
    expect(await db.dataSource.query(`SELECT name, domains, public_domains FROM companies ORDER BY id`)).toEqual([
      { name: 'Fjordby Elektro ApS', domains: ['fjordby-el.dk'], public_domains: [] },
      { name: 'Murer Hansen', domains: [], public_domains: ['gmail.com'] },
      { name: 'Kloakservice Bo Jensen', domains: [], public_domains: ['hotmail.dk'] },
      { name: 'Tømrer Uden Kontakt', domains: [], public_domains: ['gmail.com'] },
    ]);

    const day = '2026-11-27';
    const who = async (address: string) => matchSender(address, await registryFactsFor(db.dataSource, address), { forged: false, day });
    expect(await who('Murer.Ole@gmail.com')).toMatchObject({ status: 'registered_contact', company: { name: 'Murer Hansen' }, agreement: 'basis' });
    expect(await who('bo.kloak@hotmail.dk')).toMatchObject({ status: 'registered_contact', company: { name: 'Kloakservice Bo Jensen' } });
    expect(await who('stranger@gmail.com')).toMatchObject({ status: 'unknown_domain', company: null });
    expect(await who('nabo@hotmail.dk')).toMatchObject({ status: 'unknown_domain', company: null });

    // Importing the same export again changes nothing; a firm that gets its own domain is updated.
    expect((await importRegistry(db.dataSource, crmCompanies, crmContacts)).companies).toEqual({ created: 0, updated: 0, unchanged: 4 });
    const moved = crmCompanies.map((c) => (c.name === 'Murer Hansen' ? { ...c, domains: ['murer-hansen.dk'] } : c));
    expect((await importRegistry(db.dataSource, moved, crmContacts)).companies.updated).toBe(1);
    expect(await db.dataSource.query(`SELECT domains, public_domains FROM companies WHERE name = 'Murer Hansen'`)).toEqual([{ domains: ['murer-hansen.dk'], public_domains: ['gmail.com'] }]);
    expect(await who('svend@murer-hansen.dk')).toMatchObject({ status: 'same_domain_unregistered', company: { name: 'Murer Hansen' } });
  });
});

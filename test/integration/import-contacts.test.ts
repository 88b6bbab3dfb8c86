import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createTestDatabase } from '../support/db';
import { readCompaniesCsv, readContactsCsv, CsvError } from '../../src/contacts/csv';
import { importRegistry } from '../../src/contacts/import';
import { registryFactsFor } from '../../src/contacts/registry';

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
});

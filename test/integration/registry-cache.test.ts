import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DataSource, EntityManager } from 'typeorm';
import { createTestDatabase } from '../support/db';
import { MIGRATIONS } from '../../migrations';
import { RegistryGeneration1765100000000 } from '../../migrations/1765100000000-RegistryGeneration';
import { createDataSource } from '../../src/db/data-source';
import { readCompaniesCsv, readContactsCsv } from '../../src/contacts/csv';
import { importRegistry } from '../../src/contacts/import';
import { companyFacts, registryFactsFor, registryFactsForMany } from '../../src/contacts/registry';
import { domainOf } from '../../src/domain/addresses';
import { type RegistryFacts } from '../../src/contacts/facts';

const dir = join(__dirname, '..', 'fixtures', 'registry');
const companies = readCompaniesCsv(readFileSync(join(dir, 'companies.csv'), 'utf8'));
const contacts = readContactsCsv(readFileSync(join(dir, 'contacts.csv'), 'utf8'));

/** The lookup as it was before the cache (2–5 statements a call): the reference answer. */
async function sqlFactsFor(db: DataSource | EntityManager, address: string): Promise<RegistryFacts> {
  const [contact] = await db.query(
    `SELECT sc.id, sc.name, sc.company_id AS "companyId"
       FROM contact_addresses ca JOIN support_contacts sc ON sc.id = ca.contact_id
      WHERE ca.address = $1`,
    [address.toLowerCase()],
  );
  const domain = domainOf(address);
  const domainRows: { id: number }[] = domain ? await db.query(`SELECT id FROM companies WHERE $1 = ANY(domains) ORDER BY id`, [domain]) : [];
  const ids = [...new Set([...(contact ? [contact.companyId] : []), ...domainRows.map((r) => r.id)])];
  const facts = await companyFacts(db, ids);
  return {
    contact: contact ?? null,
    contactCompany: contact ? facts.get(contact.companyId) ?? null : null,
    domainCompanies: domainRows.map((r) => facts.get(r.id)!).filter(Boolean),
  };
}

/** The old SQL left the order of a company's agreements to the plan; the cache gives id order. */
function agreementsSorted(f: RegistryFacts): RegistryFacts {
  const key = (a: { kind: string; validFrom: string | null; validTo: string | null }) => `${a.validFrom ?? ''}|${a.validTo ?? ''}|${a.kind}`;
  const sortCompany = <T extends { agreements: { kind: string; validFrom: string | null; validTo: string | null }[] }>(c: T) => ({
    ...c,
    agreements: [...c.agreements].sort((a, b) => key(a).localeCompare(key(b))),
  });
  return {
    contact: f.contact,
    contactCompany: f.contactCompany ? sortCompany(f.contactCompany) : null,
    domainCompanies: f.domainCompanies.map(sortCompany),
  };
}

const UNKNOWN = ['lager@fjordby-el.dk', 'INFO@Havnens-VVS.dk', 'nobody@example.org', 'someone@hotmail.com', 'x@delt.dk', 'no-at-sign', '', 'K.OESTERLUND@HOTMAIL.COM'];

describe('registry lookups from the cached copy, on PostgreSQL', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let ds: DataSource;
  beforeEach(async () => {
    db = await createTestDatabase();
    ds = db.dataSource;
    await importRegistry(ds, companies, contacts);
  });
  afterEach(async () => db.drop());

  /** How many statements TypeORM sends to the server while `fn` runs. */
  async function statements<T>(fn: () => Promise<T>): Promise<{ n: number; result: T; sql: string[] }> {
    const sql: string[] = [];
    const spy = jest.spyOn(ds.logger, 'logQuery').mockImplementation((q: string) => void sql.push(q));
    try {
      const result = await fn();
      return { n: sql.length, result, sql };
    } finally {
      spy.mockRestore();
    }
  }

  async function expectSameAsSql(address: string, via: DataSource | EntityManager = ds): Promise<RegistryFacts> {
    const cached = await registryFactsFor(via, address);
    expect({ address, facts: agreementsSorted(cached) }).toEqual({ address, facts: agreementsSorted(await sqlFactsFor(via, address)) });
    return cached;
  }

  async function everyAddress(): Promise<string[]> {
    const rows: { address: string }[] = await ds.query(`SELECT address FROM contact_addresses ORDER BY address`);
    return [...rows.map((r) => r.address), ...rows.map((r) => r.address.toUpperCase()), ...UNKNOWN];
  }

  it('answers like the SQL lookup for every registered address and some unknown ones', async () => {
    // More than the fixture has: a contact with several addresses, dated agreements, a shared domain.
    await ds.query(`INSERT INTO contact_addresses (contact_id, address) SELECT id, 'a.mette@fjordby-el.dk' FROM support_contacts WHERE name = 'Mette Fjordby'`);
    await ds.query(`INSERT INTO contact_addresses (contact_id, address) SELECT id, 'zz.mette@fjordby.dk' FROM support_contacts WHERE name = 'Mette Fjordby'`);
    await ds.query(
      `INSERT INTO agreements (company_id, kind, valid_from, valid_to) SELECT id, 'hypercare', '2025-01-01', '2025-03-31' FROM companies WHERE name = 'Fjordby Elektro ApS'`,
    );
    await ds.query(`INSERT INTO companies (name, domains) VALUES ('Delt A', '{delt.dk}'), ('Delt B', '{b-delt.dk,delt.dk}')`);
    await ds.query(`INSERT INTO support_contacts (company_id, name) SELECT id, 'Uden Adresse' FROM companies WHERE name = 'Delt A'`);

    const addresses = await everyAddress();
    expect(addresses.length).toBeGreaterThan(20);
    for (const a of addresses) await expectSameAsSql(a);

    // And by hand, so the reference itself is checked.
    const mette = await registryFactsFor(ds, 'Mette@Fjordby-El.dk');
    expect(mette.contact?.name).toBe('Mette Fjordby');
    expect(mette.contactCompany).toEqual({
      id: mette.contact!.companyId,
      name: 'Fjordby Elektro ApS',
      agreements: [
        { kind: 'udvidet', validFrom: null, validTo: null },
        { kind: 'hypercare', validFrom: '2025-01-01', validTo: '2025-03-31' },
      ],
      contacts: [
        { name: 'Mette Fjordby', address: 'a.mette@fjordby-el.dk' },
        { name: 'Jens Holm', address: 'jh@fjordby-el.dk' },
      ],
    });
    expect(mette.domainCompanies).toEqual([mette.contactCompany]);
    expect((await registryFactsFor(ds, 'zz.mette@fjordby.dk')).domainCompanies).toEqual([]);
    expect((await registryFactsFor(ds, 'x@delt.dk')).domainCompanies.map((c) => [c.name, c.contacts])).toEqual([
      ['Delt A', []],
      ['Delt B', []],
    ]);
    const hotmail = await registryFactsFor(ds, 'K.Oesterlund@hotmail.com');
    expect([hotmail.contact?.name, hotmail.contactCompany?.name, hotmail.domainCompanies]).toEqual(['Karsten Østerlund', 'Østerlund Anlæg I/S', []]);
    expect(await registryFactsFor(ds, 'nobody@example.org')).toEqual({ contact: null, contactCompany: null, domainCompanies: [] });

    const many = await registryFactsForMany(ds, addresses);
    expect(many.size).toBe(new Set(addresses).size);
    for (const a of addresses) expect(many.get(a)).toEqual(await registryFactsFor(ds, a));
    expect(await registryFactsForMany(ds, [])).toEqual(new Map());
  });

  it('one statement per lookup once cached (the SQL lookup took 2 to 5), one for a whole batch', async () => {
    const before = await statements(() => sqlFactsFor(ds, 'mette@fjordby-el.dk'));
    expect(before.n).toBe(5);
    expect((await statements(() => sqlFactsFor(ds, 'lager@fjordby-el.dk'))).n).toBe(5);
    expect((await statements(() => sqlFactsFor(ds, 'nobody@example.org'))).n).toBe(2);

    const cold = await statements(() => registryFactsFor(ds, 'mette@fjordby-el.dk'));
    expect(cold.n).toBe(2); // the generation, then generation and registry together
    for (const a of ['mette@fjordby-el.dk', 'lager@fjordby-el.dk', 'nobody@example.org', 'k.oesterlund@hotmail.com']) {
      const warm = await statements(() => registryFactsFor(ds, a));
      expect(warm.n).toBe(1);
      expect(warm.sql[0]).toMatch(/registry_generation/);
    }
    const batch = await statements(() => registryFactsForMany(ds, UNKNOWN.concat('soeren@havnens-vvs.dk')));
    expect(batch.n).toBe(1);
    expect(batch.result.get('soeren@havnens-vvs.dk')?.contact?.name).toBe('Søren Havn');

    // After a change: reloaded once, and concurrent callers share that one load.
    await ds.query(`UPDATE support_contacts SET name = 'Søren H.' WHERE name = 'Søren Havn'`);
    const burst = await statements(() => Promise.all([1, 2, 3, 4].map(() => registryFactsFor(ds, 'soeren@havnens-vvs.dk'))));
    expect(burst.n).toBe(4 + 1);
    expect(burst.result.map((f) => f.contact?.name)).toEqual(['Søren H.', 'Søren H.', 'Søren H.', 'Søren H.']);
    expect((await statements(() => registryFactsFor(ds, 'soeren@havnens-vvs.dk'))).n).toBe(1);
  });

  it('the very next lookup after a committed change sees it, for every registry table', async () => {
    const lise = 'lise@skovgaard-rent.dk';
    const id = async (sql: string) => ((await ds.query(sql)) as { id: number }[])[0].id;
    const skovgaard = await id(`SELECT id FROM companies WHERE name = 'Skovgaard Rengøring ApS'`);
    const liseId = await id(`SELECT id FROM support_contacts WHERE name = 'Lise Skovgaard'`);
    await expectSameAsSql(lise); // cached from here on

    // support_contacts: insert, update, delete
    const ny = await id(`INSERT INTO support_contacts (company_id, name) VALUES (${skovgaard}, 'Ny Kontakt') RETURNING id`);
    await ds.query(`INSERT INTO contact_addresses (contact_id, address) VALUES ($1, 'ny@skovgaard-rent.dk')`, [ny]);
    expect((await expectSameAsSql('ny@skovgaard-rent.dk')).contact).toEqual({ id: ny, name: 'Ny Kontakt', companyId: skovgaard });
    expect((await expectSameAsSql(lise)).contactCompany?.contacts.map((c) => c.name)).toEqual(['Lise Skovgaard', 'Ny Kontakt']);
    await ds.query(`UPDATE support_contacts SET name = 'Lise S.' WHERE id = $1`, [liseId]);
    expect((await expectSameAsSql(lise)).contact?.name).toBe('Lise S.');
    await ds.query(`DELETE FROM support_contacts WHERE id = $1`, [ny]);
    expect((await expectSameAsSql('ny@skovgaard-rent.dk')).contact).toBeNull();

    // contact_addresses: insert, update, delete, truncate
    await ds.query(`INSERT INTO contact_addresses (contact_id, address) VALUES ($1, 'a.lise@skovgaard-rent.dk')`, [liseId]);
    expect((await expectSameAsSql('a.lise@skovgaard-rent.dk')).contactCompany?.contacts).toEqual([{ name: 'Lise S.', address: 'a.lise@skovgaard-rent.dk' }]);
    await ds.query(`UPDATE contact_addresses SET address = 'lise.s@skovgaard-rent.dk' WHERE address = $1`, [lise]);
    expect((await expectSameAsSql(lise)).contact).toBeNull();
    expect((await expectSameAsSql('lise.s@skovgaard-rent.dk')).contact?.id).toBe(liseId);
    await ds.query(`DELETE FROM contact_addresses WHERE address = 'a.lise@skovgaard-rent.dk'`);
    expect((await expectSameAsSql('a.lise@skovgaard-rent.dk')).contact).toBeNull();
    expect((await expectSameAsSql('lise.s@skovgaard-rent.dk')).contactCompany?.contacts).toEqual([{ name: 'Lise S.', address: 'lise.s@skovgaard-rent.dk' }]);

    // agreements: insert, update, delete
    const dated = await id(`INSERT INTO agreements (company_id, kind, valid_from) VALUES (${skovgaard}, 'basis', '2026-01-01') RETURNING id`);
    expect((await expectSameAsSql('lise.s@skovgaard-rent.dk')).contactCompany?.agreements).toEqual([
      { kind: 'hypercare', validFrom: null, validTo: null },
      { kind: 'basis', validFrom: '2026-01-01', validTo: null },
    ]);
    await ds.query(`UPDATE agreements SET valid_to = '2026-12-31', kind = 'udvidet' WHERE id = $1`, [dated]);
    expect((await expectSameAsSql('x@skovgaard-rent.dk')).domainCompanies[0].agreements[1]).toEqual({ kind: 'udvidet', validFrom: '2026-01-01', validTo: '2026-12-31' });
    await ds.query(`DELETE FROM agreements WHERE company_id = $1`, [skovgaard]);
    expect((await expectSameAsSql('x@skovgaard-rent.dk')).domainCompanies[0].agreements).toEqual([]);

    // companies: insert, update (domains, name), delete (cascading to its contacts)
    const nyco = await id(`INSERT INTO companies (name, domains) VALUES ('Nyt Firma ApS', '{nyt-firma.dk}') RETURNING id`);
    expect((await expectSameAsSql('x@nyt-firma.dk')).domainCompanies.map((c) => c.id)).toEqual([nyco]);
    await ds.query(`UPDATE companies SET domains = '{skovgaard-rent.dk}', name = 'Nyt Navn ApS' WHERE id = $1`, [nyco]);
    expect((await expectSameAsSql('x@nyt-firma.dk')).domainCompanies).toEqual([]);
    expect((await expectSameAsSql('x@skovgaard-rent.dk')).domainCompanies.map((c) => c.name)).toEqual(['Skovgaard Rengøring ApS', 'Nyt Navn ApS']);
    await ds.query(`DELETE FROM companies WHERE id = $1`, [skovgaard]);
    expect(await expectSameAsSql('lise.s@skovgaard-rent.dk')).toEqual({ contact: null, contactCompany: null, domainCompanies: [expect.objectContaining({ name: 'Nyt Navn ApS' })] });

    // A whole import (one transaction) and a truncate.
    await importRegistry(ds, companies, contacts);
    expect((await expectSameAsSql(lise)).contact?.name).toBe('Lise Skovgaard');
    await ds.query(`TRUNCATE contact_addresses`);
    for (const a of await everyAddress()) expect((await expectSameAsSql(a)).contact).toBeNull();
  });

  it('a change committed through another DataSource (another process) is seen by the next lookup', async () => {
    const other = createDataSource({ url: db.url, poolSize: 1 });
    await other.initialize();
    try {
      expect((await registryFactsFor(ds, 'jh@fjordby-el.dk')).contact?.name).toBe('Jens Holm');
      expect((await registryFactsFor(other, 'jh@fjordby-el.dk')).contact?.name).toBe('Jens Holm');
      await other.query(`UPDATE support_contacts SET name = 'Jens H.' WHERE name = 'Jens Holm'`);
      expect((await registryFactsFor(ds, 'jh@fjordby-el.dk')).contact?.name).toBe('Jens H.');
      expect((await registryFactsFor(other, 'jh@fjordby-el.dk')).contact?.name).toBe('Jens H.');
    } finally {
      await other.destroy();
    }
  });

  it('inside a transaction: its own uncommitted change is seen there, not outside; the shared copy stays right', async () => {
    const jh = 'jh@fjordby-el.dk';
    await registryFactsFor(ds, jh); // cached

    // Rolled back: the change never leaks into the shared copy.
    await expect(
      ds.transaction(async (tx) => {
        expect((await statements(() => registryFactsFor(tx, jh))).n).toBe(1); // nothing written yet: the shared copy
        await tx.query(`UPDATE support_contacts SET name = 'Uncommitted' WHERE name = 'Jens Holm'`);
        await tx.query(`INSERT INTO contact_addresses (contact_id, address) SELECT id, 'new@fjordby-el.dk' FROM support_contacts WHERE name = 'Uncommitted'`);
        expect((await registryFactsFor(tx, jh)).contact?.name).toBe('Uncommitted');
        expect((await expectSameAsSql('new@fjordby-el.dk', tx)).contact?.name).toBe('Uncommitted');
        expect((await registryFactsForMany(tx, [jh])).get(jh)?.contact?.name).toBe('Uncommitted');
        const outside = await statements(() => registryFactsFor(ds, jh));
        expect(outside.result.contact?.name).toBe('Jens Holm');
        expect(outside.n).toBe(1); // still the committed generation: still the shared copy
        expect((await registryFactsFor(ds, 'new@fjordby-el.dk')).contact).toBeNull();
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    expect((await registryFactsFor(ds, jh)).contact?.name).toBe('Jens Holm');
    expect((await registryFactsFor(ds, 'new@fjordby-el.dk')).contact).toBeNull();

    // Committed: outside sees it only after the commit.
    await ds.transaction(async (tx) => {
      await tx.query(`UPDATE support_contacts SET name = 'Committed' WHERE name = 'Jens Holm'`);
      expect((await registryFactsFor(tx, jh)).contact?.name).toBe('Committed');
      expect((await registryFactsFor(ds, jh)).contact?.name).toBe('Jens Holm');
    });
    expect((await registryFactsFor(ds, jh)).contact?.name).toBe('Committed');
    expect((await registryFactsFor(ds.manager, jh)).contact?.name).toBe('Committed');
  });

  it('the migration bumps the generation in the writing transaction, and comes down cleanly', async () => {
    const generation = async (via: DataSource | EntityManager = ds) => BigInt((await via.query(`SELECT n::text AS n FROM registry_generation`))[0].n);
    const g0 = await generation();
    await ds.query(`UPDATE companies SET name = name WHERE false`); // statement-level: even a no-op statement counts
    expect(await generation()).toBe(g0 + 1n);
    await ds.transaction(async (tx) => {
      await tx.query(`DELETE FROM agreements WHERE false`);
      await tx.query(`DELETE FROM contact_addresses WHERE false`);
      expect(await generation(tx)).toBe(g0 + 3n);
      expect(await generation()).toBe(g0 + 1n);
    });
    expect(await generation()).toBe(g0 + 3n);
    await ds.query(`INSERT INTO tickets (reference, subject, category, confidence, language, sender_status, from_address, queue)
                    VALUES ('T-1', 's', 'c', 1, 'da', 'unknown', 'a@b.dk', 'q')`);
    expect(await generation()).toBe(g0 + 3n); // not a registry table

    // Down to and including this migration (later ones come down first).
    for (let i = MIGRATIONS.indexOf(RegistryGeneration1765100000000); i < MIGRATIONS.length; i++) await ds.undoLastMigration();
    expect(await ds.query(`SELECT to_regclass('registry_generation') AS t, to_regproc('registry_generation_bump') AS f`)).toEqual([{ t: null, f: null }]);
    expect(await ds.query(`SELECT tgname FROM pg_trigger WHERE NOT tgisinternal`)).toEqual([]);
    await ds.query(`UPDATE companies SET name = name`); // the registry still writable without it
    await ds.runMigrations();
    await ds.query(`UPDATE companies SET name = name`);
    expect((await registryFactsFor(ds, 'jh@fjordby-el.dk')).contact?.name).toBe('Jens Holm');
  });
});

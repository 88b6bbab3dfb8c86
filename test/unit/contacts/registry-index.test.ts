import { buildRegistryIndex, type RegistrySnapshot } from '../../../src/contacts/registry-index';

// Deliberately out of id order: the index orders companies and contacts by id, like the SQL.
const snapshot: RegistrySnapshot = {
  companies: [
    { id: 3, name: 'Delt Domæne B', domains: ['delt.dk'] },
    { id: 1, name: 'Fjordby Elektro ApS', domains: ['fjordby-el.dk', 'fjordby.dk'] },
    { id: 2, name: 'Delt Domæne A', domains: ['delt.dk', 'delt.dk', 'a-delt.dk'] },
    { id: 4, name: 'Østerlund Anlæg I/S', domains: ['oesterlund-anlaeg.dk'] },
    { id: 5, name: 'Tom ApS', domains: [] },
  ],
  agreements: [
    { companyId: 1, kind: 'basis', validFrom: null, validTo: null },
    { companyId: 2, kind: 'udvidet', validFrom: null, validTo: null },
    { companyId: 1, kind: 'hypercare', validFrom: '2025-01-01', validTo: '2025-03-31' },
    { companyId: 99, kind: 'basis', validFrom: null, validTo: null },
  ],
  contacts: [
    { id: 12, name: 'Jens Holm', companyId: 1, addresses: ['jh@fjordby-el.dk'] },
    { id: 10, name: 'Mette Fjordby', companyId: 1, addresses: ['mette@fjordby-el.dk', 'mf@fjordby.dk', 'zz@fjordby-el.dk'] },
    { id: 11, name: 'Karsten Østerlund', companyId: 4, addresses: ['k.oesterlund@hotmail.com'] },
    { id: 13, name: 'Uden Adresse', companyId: 1, addresses: [] },
    { id: 14, name: 'Forældreløs', companyId: 77, addresses: ['orphan@nowhere.dk'] },
    { id: 15, name: 'Anna Delt', companyId: 2, addresses: ['anna@delt.dk'], listedAddress: 'anna@delt.dk' },
  ],
};

const fjordby = {
  id: 1,
  name: 'Fjordby Elektro ApS',
  agreements: [
    { kind: 'basis', validFrom: null, validTo: null },
    { kind: 'hypercare', validFrom: '2025-01-01', validTo: '2025-03-31' },
  ],
  // By contact id; each with its smallest address; a contact without addresses is not listed.
  contacts: [
    { name: 'Mette Fjordby', address: 'mette@fjordby-el.dk' },
    { name: 'Jens Holm', address: 'jh@fjordby-el.dk' },
  ],
};

describe('registry index', () => {
  const index = buildRegistryIndex(snapshot);

  it('a contact whose company also matches by domain: one company object for both', () => {
    const facts = index.factsFor('mette@fjordby-el.dk');
    expect(facts).toEqual({ contact: { id: 10, name: 'Mette Fjordby', companyId: 1 }, contactCompany: fjordby, domainCompanies: [fjordby] });
    expect(facts.domainCompanies[0]).toBe(facts.contactCompany);
  });

  it('finds a contact by any of its addresses, whatever the case', () => {
    expect(index.factsFor('MF@Fjordby.DK').contact).toEqual({ id: 10, name: 'Mette Fjordby', companyId: 1 });
    expect(index.factsFor('MF@Fjordby.DK').domainCompanies.map((c) => c.id)).toEqual([1]);
    expect(index.factsFor('ZZ@fjordby-el.dk').contactCompany).toEqual(fjordby);
  });

  it('the contact list shows min(address) unless the snapshot names the listed address', () => {
    const b = buildRegistryIndex({
      companies: [{ id: 1, name: 'B', domains: ['b.dk'] }],
      agreements: [],
      contacts: [
        { id: 2, name: 'Two', companyId: 1, addresses: ['b@b.dk', 'a@b.dk'] },
        { id: 1, name: 'One', companyId: 1, addresses: ['z@b.dk', 'y@b.dk'], listedAddress: 'z@b.dk' },
      ],
    });
    expect(b.factsFor('x@b.dk').domainCompanies[0].contacts).toEqual([
      { name: 'One', address: 'z@b.dk' },
      { name: 'Two', address: 'a@b.dk' },
    ]);
  });

  it('a colleague: no contact, the company by domain', () => {
    expect(index.factsFor('lager@fjordby.dk')).toEqual({ contact: null, contactCompany: null, domainCompanies: [fjordby] });
  });

  it('an unknown address, an address without a domain, the empty string', () => {
    const none = { contact: null, contactCompany: null, domainCompanies: [] };
    expect(index.factsFor('someone@example.org')).toEqual(none);
    expect(index.factsFor('fjordby-el.dk')).toEqual(none);
    expect(index.factsFor('')).toEqual(none);
    expect(index.factsFor('@')).toEqual(none);
  });

  it('a contact on a public mail domain: its company, but no company by domain', () => {
    const facts = index.factsFor('K.Oesterlund@Hotmail.com');
    expect(facts.contact).toEqual({ id: 11, name: 'Karsten Østerlund', companyId: 4 });
    expect(facts.contactCompany).toEqual({ id: 4, name: 'Østerlund Anlæg I/S', agreements: [], contacts: [{ name: 'Karsten Østerlund', address: 'k.oesterlund@hotmail.com' }] });
    expect(facts.domainCompanies).toEqual([]);
    expect(index.factsFor('someone.else@hotmail.com')).toEqual({ contact: null, contactCompany: null, domainCompanies: [] });
  });

  it('a public mail domain in a company\'s domains (an old row) still identifies no company', () => {
    const old = buildRegistryIndex({ companies: [{ id: 1, name: 'Gammel Række', domains: ['gmail.com', 'gammel.dk'] }], agreements: [], contacts: [] });
    expect(old.factsFor('stranger@gmail.com').domainCompanies).toEqual([]);
    expect(old.factsFor('kontor@gammel.dk').domainCompanies.map((c) => c.name)).toEqual(['Gammel Række']);
  });

  it('several companies sharing a domain come in id order, each once', () => {
    const facts = index.factsFor('info@delt.dk');
    expect(facts.domainCompanies.map((c) => [c.id, c.name, c.agreements.map((a) => a.kind)])).toEqual([
      [2, 'Delt Domæne A', ['udvidet']],
      [3, 'Delt Domæne B', []],
    ]);
    const anna = index.factsFor('anna@delt.dk');
    expect(anna.contactCompany?.id).toBe(2);
    expect(anna.domainCompanies[0]).toBe(anna.contactCompany);
    expect(anna.domainCompanies[1].contacts).toEqual([]);
  });

  it('a contact without addresses is nowhere; one whose company is unknown has no company', () => {
    expect(index.factsFor('orphan@nowhere.dk')).toEqual({ contact: { id: 14, name: 'Forældreløs', companyId: 77 }, contactCompany: null, domainCompanies: [] });
  });

  it('answers are fresh objects: changing one does not change the index', () => {
    const first = index.factsFor('jh@fjordby-el.dk');
    first.contactCompany!.contacts.push({ name: 'X', address: 'x@x.dk' });
    first.contactCompany!.agreements[0].kind = 'hypercare';
    first.contact!.name = 'changed';
    const again = index.factsFor('jh@fjordby-el.dk');
    expect(again.contactCompany).toEqual(fjordby);
    expect(again.contact?.name).toBe('Jens Holm');
  });

  it('an empty registry knows nobody', () => {
    expect(buildRegistryIndex({ companies: [], agreements: [], contacts: [] }).factsFor('a@b.dk')).toEqual({ contact: null, contactCompany: null, domainCompanies: [] });
  });
});

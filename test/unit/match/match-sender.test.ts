import { matchSender } from '../../../src/pipeline/match/match-sender';
import { agreementOn } from '../../../src/domain/agreements';
import { type CompanyFacts, type RegistryFacts } from '../../../src/contacts/facts';

const kragh: CompanyFacts = {
  id: 1,
  name: 'Kragh El-Service A/S',
  agreements: [{ kind: 'udvidet', validFrom: null, validTo: null }],
  contacts: [{ name: 'Anna Kragh', address: 'anna@kragh-el.dk' }],
};
const none: RegistryFacts = { contact: null, contactCompany: null, domainCompanies: [] };
const day = '2026-11-27';

describe('matchSender', () => {
  it('finds a registered contact by exact address, with the agreement valid that day', () => {
    const m = matchSender('anna@kragh-el.dk', { contact: { id: 7, name: 'Anna Kragh', companyId: 1 }, contactCompany: kragh, domainCompanies: [kragh] }, { forged: false, day });
    expect(m).toMatchObject({ status: 'registered_contact', contactId: 7, agreement: 'udvidet', forged: false });
    expect(m.company?.name).toBe('Kragh El-Service A/S');
  });

  it('a colleague on the company domain is same_domain_unregistered', () => {
    const m = matchSender('peter@kragh-el.dk', { ...none, domainCompanies: [kragh] }, { forged: false, day });
    expect(m.status).toBe('same_domain_unregistered');
    expect(m.company?.id).toBe(1);
    expect(m.contactId).toBeNull();
  });

  it('a contact registered with a hotmail address matches; another hotmail user does not', () => {
    const contact = { id: 9, name: 'Bo', companyId: 1 };
    expect(matchSender('bo1970@hotmail.com', { contact, contactCompany: kragh, domainCompanies: [] }, { forged: false, day }).status).toBe('registered_contact');
    // Even if someone wrongly put a public domain on a company, it never identifies it.
    const m = matchSender('stranger@hotmail.com', { ...none, domainCompanies: [{ ...kragh }] }, { forged: false, day });
    expect(m.status).toBe('unknown_domain');
    expect(m.reasons).toEqual([{ code: 'sender.public_domain', params: { domain: 'hotmail.com' } }]);
  });

  it('a forged From (DMARC fail at our server) never passes as the contact', () => {
    const m = matchSender('anna@kragh-el.dk', { contact: { id: 7, name: 'Anna', companyId: 1 }, contactCompany: kragh, domainCompanies: [kragh] }, { forged: true, day });
    expect(m.status).toBe('unknown_domain');
    expect(m.forged).toBe(true);
    expect(m.contactId).toBeNull();
  });

  it('unknown domains are unknown', () => {
    expect(matchSender('it@partner-it.dk', none, { forged: false, day }).status).toBe('unknown_domain');
  });
});

describe('agreementOn', () => {
  const periods = [
    { kind: 'hypercare' as const, validFrom: '2026-09-01', validTo: '2026-11-30' },
    { kind: 'basis' as const, validFrom: null, validTo: null },
  ];
  it('a running hypercare period wins over the open-ended agreement', () => {
    expect(agreementOn(periods, '2026-11-30')).toBe('hypercare');
  });
  it('an expired hypercare period falls back to the next agreement', () => {
    expect(agreementOn(periods, '2026-12-01')).toBe('basis');
  });
  it('no valid agreement → null', () => {
    expect(agreementOn([{ kind: 'udvidet', validFrom: '2027-01-01', validTo: null }], day)).toBeNull();
  });
});

import type { CompanyRow, ContactRow } from './csv';
import type { CompanyFacts, RegistryFacts } from '../pipeline/match/match-sender';
import { domainOf } from '../pipeline/match/match-sender';

/**
 * The registry from CSV rows, in memory: lets `servicedesk eval` and `classify` measure
 * sender matching without a database. The same RegistryFacts the database lookup returns.
 */
export function memoryRegistry(companies: CompanyRow[], contacts: ContactRow[]): (address: string) => RegistryFacts {
  const byName = new Map<string, CompanyFacts>();
  companies.forEach((c, i) =>
    byName.set(c.name.toLowerCase(), { id: i + 1, name: c.name, agreements: [{ kind: c.agreement, validFrom: null, validTo: null }], contacts: [] }),
  );
  const byAddress = new Map<string, { id: number; name: string; companyId: number }>();
  contacts.forEach((c, i) => {
    const company = byName.get(c.company.toLowerCase());
    if (!company) return;
    company.contacts.push({ name: c.name, address: c.emails[0] });
    for (const e of c.emails) byAddress.set(e, { id: i + 1, name: c.name, companyId: company.id });
  });
  const byId = new Map([...byName.values()].map((c) => [c.id, c]));
  return (address: string) => {
    const a = address.toLowerCase();
    const contact = byAddress.get(a) ?? null;
    const domain = domainOf(a);
    return {
      contact,
      contactCompany: contact ? byId.get(contact.companyId) ?? null : null,
      domainCompanies: companies.filter((c) => c.domains.includes(domain)).map((c) => byName.get(c.name.toLowerCase())!),
    };
  };
}

import type { CompanyRow, ContactRow } from './csv';
import type { RegistryFacts } from './facts';
import { buildRegistryIndex, type SnapshotContact } from './registry-index';

/**
 * The registry from CSV rows, in memory: lets `servicedesk eval` and `classify` measure
 * sender matching without a database. The same index the database lookup answers from
 * (registry-index.ts); ids are the rows' positions, as a fresh import would number them.
 */
export function memoryRegistry(companies: CompanyRow[], contacts: ContactRow[]): (address: string) => RegistryFacts {
  const idByName = new Map<string, number>();
  companies.forEach((c, i) => idByName.set(c.name.toLowerCase(), i + 1));
  const snapshotContacts: SnapshotContact[] = [];
  contacts.forEach((c, i) => {
    const companyId = idByName.get(c.company.toLowerCase());
    if (companyId === undefined) return; // a contact of a company not in the file is left out
    // Listed with the address written first in the file (the database lists min(address)).
    snapshotContacts.push({ id: i + 1, name: c.name, companyId, addresses: c.emails, listedAddress: c.emails[0] });
  });
  const index = buildRegistryIndex({
    companies: companies.map((c, i) => ({ id: i + 1, name: c.name, domains: c.domains })),
    agreements: companies.map((c, i) => ({ companyId: i + 1, kind: c.agreement, validFrom: null, validTo: null })),
    contacts: snapshotContacts,
  });
  return (address: string) => index.factsFor(address);
}

import type { AgreementPeriod } from '../domain/agreements';
import type { CompanyFacts, RegistryFacts } from './facts';
import { domainOf } from '../domain/addresses';
import { isPublicMailDomain } from '../domain/addresses';

/**
 * The whole registry as plain rows (what registry.ts loads in one statement, or what
 * memory-registry.ts makes from the CSV files), and an in-memory index over it that answers
 * what sender matching needs about one address. Pure: no I/O.
 */
export interface RegistrySnapshot {
  companies: SnapshotCompany[];
  /** In the order a company's periods should be listed (the database loader gives id order). */
  agreements: SnapshotAgreement[];
  contacts: SnapshotContact[];
}

export interface SnapshotCompany {
  id: number;
  name: string;
  domains: string[];
}

export interface SnapshotAgreement extends AgreementPeriod {
  companyId: number;
}

export interface SnapshotContact {
  id: number;
  name: string;
  companyId: number;
  /** Every address of the contact, lower case (as contact_addresses stores them). */
  addresses: string[];
  /**
   * The address shown in the company's contact list. The database loader passes SQL's
   * `min(address)` (so the database's collation decides); when absent, the smallest address
   * by code unit order, which is the same under the C collation.
   */
  listedAddress?: string | null;
}

export interface RegistryIndex {
  factsFor(address: string): RegistryFacts;
}

interface IndexedContact {
  id: number;
  name: string;
  companyId: number;
}

const byId = <T extends { id: number }>(a: T, b: T) => a.id - b.id;

export function buildRegistryIndex(snapshot: RegistrySnapshot): RegistryIndex {
  const companies = new Map<number, CompanyFacts>();
  for (const c of [...snapshot.companies].sort(byId)) companies.set(c.id, { id: c.id, name: c.name, agreements: [], contacts: [] });

  for (const a of snapshot.agreements) {
    companies.get(a.companyId)?.agreements.push({ kind: a.kind, validFrom: a.validFrom, validTo: a.validTo });
  }

  const byAddress = new Map<string, IndexedContact>();
  for (const c of [...snapshot.contacts].sort(byId)) {
    if (!c.addresses.length) continue; // the SQL joins contacts to their addresses: one without any is nowhere
    const contact = { id: c.id, name: c.name, companyId: c.companyId };
    for (const address of c.addresses) if (!byAddress.has(address)) byAddress.set(address, contact);
    companies.get(c.companyId)?.contacts.push({ name: c.name, address: c.listedAddress ?? smallest(c.addresses) });
  }

  // Companies by domain, in id order, each once even if a domain is listed twice.
  const byDomain = new Map<string, CompanyFacts[]>();
  for (const c of [...snapshot.companies].sort(byId)) {
    const facts = companies.get(c.id)!;
    // A public mail domain never identifies a company, even if one slipped into `domains`.
    for (const d of new Set(c.domains)) {
      if (isPublicMailDomain(d)) continue;
      const list = byDomain.get(d);
      if (list) list.push(facts);
      else byDomain.set(d, [facts]);
    }
  }

  return {
    factsFor(address: string): RegistryFacts {
      const found = byAddress.get(address.toLowerCase());
      const domain = domainOf(address);
      // Fresh objects per answer, so a caller that changes one cannot change the index;
      // within one answer the contact's company and the domain's company stay one object.
      const copies = new Map<number, CompanyFacts>();
      const copy = (c: CompanyFacts) => {
        let out = copies.get(c.id);
        if (!out) {
          out = { id: c.id, name: c.name, agreements: c.agreements.map((a) => ({ ...a })), contacts: c.contacts.map((p) => ({ ...p })) };
          copies.set(c.id, out);
        }
        return out;
      };
      const contactCompany = found ? companies.get(found.companyId) : undefined;
      return {
        contact: found ? { ...found } : null,
        contactCompany: contactCompany ? copy(contactCompany) : null,
        domainCompanies: domain ? (byDomain.get(domain) ?? []).map(copy) : [],
      };
    },
  };
}

function smallest(values: string[]): string {
  return values.reduce((min, v) => (v < min ? v : min));
}

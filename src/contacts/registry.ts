import type { DataSource, EntityManager } from 'typeorm';
import type { CompanyFacts, RegistryFacts } from '../pipeline/match/match-sender';
import { domainOf } from '../pipeline/match/match-sender';

/** Reads from the registry what matchSender needs to know about one address. */
export async function registryFactsFor(db: DataSource | EntityManager, address: string): Promise<RegistryFacts> {
  const [contact] = await db.query(
    `SELECT sc.id, sc.name, sc.company_id AS "companyId"
       FROM contact_addresses ca JOIN support_contacts sc ON sc.id = ca.contact_id
      WHERE ca.address = $1`,
    [address.toLowerCase()],
  );
  const domain = domainOf(address);
  const domainRows: { id: number }[] = domain ? await db.query(`SELECT id FROM companies WHERE $1 = ANY(domains)`, [domain]) : [];
  const ids = [...new Set([...(contact ? [contact.companyId] : []), ...domainRows.map((r) => r.id)])];
  const companies = await companyFacts(db, ids);
  return {
    contact: contact ?? null,
    contactCompany: contact ? companies.get(contact.companyId) ?? null : null,
    domainCompanies: domainRows.map((r) => companies.get(r.id)!).filter(Boolean),
  };
}

export async function companyFacts(db: DataSource | EntityManager, ids: number[]): Promise<Map<number, CompanyFacts>> {
  const out = new Map<number, CompanyFacts>();
  if (!ids.length) return out;
  const rows = await db.query(`SELECT id, name FROM companies WHERE id = ANY($1)`, [ids]);
  for (const r of rows) out.set(r.id, { id: r.id, name: r.name, agreements: [], contacts: [] });
  const agreements = await db.query(
    `SELECT company_id, kind, to_char(valid_from, 'YYYY-MM-DD') AS "validFrom", to_char(valid_to, 'YYYY-MM-DD') AS "validTo"
       FROM agreements WHERE company_id = ANY($1)`,
    [ids],
  );
  for (const a of agreements) out.get(a.company_id)?.agreements.push({ kind: a.kind, validFrom: a.validFrom, validTo: a.validTo });
  const contacts = await db.query(
    `SELECT sc.company_id, sc.name, min(ca.address) AS address
       FROM support_contacts sc JOIN contact_addresses ca ON ca.contact_id = sc.id
      WHERE sc.company_id = ANY($1) GROUP BY sc.id ORDER BY sc.id`,
    [ids],
  );
  for (const c of contacts) out.get(c.company_id)?.contacts.push({ name: c.name, address: c.address });
  return out;
}

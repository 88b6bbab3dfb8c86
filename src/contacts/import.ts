import type { DataSource, EntityManager } from 'typeorm';
import { NO_PROGRESS, type Progress } from '../shared/progress';
import { CsvError, type CompanyRow, type ContactRow } from './csv';

export interface ImportResult {
  companies: { created: number; updated: number; unchanged: number };
  contacts: { created: number; updated: number; unchanged: number };
  warnings: string[];
}

/**
 * Writes the registry in one transaction: all rows or none. Idempotent: companies are keyed
 * by name, contacts by (company, name); importing the same files twice changes nothing.
 * A company's undated agreement is replaced by the CSV's; dated periods entered by hand are
 * left alone. A company's public mail domains (gmail.com …) are stored apart from the domains
 * that identify it, as information only (see public-domains.ts).
 */
export async function importRegistry(ds: DataSource, companies: CompanyRow[], contacts: ContactRow[], progress: Progress = NO_PROGRESS): Promise<ImportResult> {
  const known = new Set(companies.map((c) => c.name.toLowerCase()));
  return ds.transaction(async (tx) => {
    const result: ImportResult = {
      companies: { created: 0, updated: 0, unchanged: 0 },
      contacts: { created: 0, updated: 0, unchanged: 0 },
      warnings: [],
    };
    const ids = new Map<string, number>();
    progress.phase('companies', companies.length);
    for (const c of companies) {
      ids.set(c.name.toLowerCase(), await upsertCompany(tx, c, result));
      progress.tick();
    }

    const missing = contacts.filter((c) => !known.has(c.company.toLowerCase()));
    const problems: { line: number; message: string }[] = [];
    for (const c of missing) {
      const [row] = await tx.query(`SELECT id FROM companies WHERE lower(name) = lower($1)`, [c.company]);
      if (row) ids.set(c.company.toLowerCase(), row.id);
      else problems.push({ line: c.line, message: `company "${c.company}" is neither in the companies file nor in the registry` });
    }
    if (problems.length) throw new CsvError('contacts.csv', problems);

    progress.phase('contacts', contacts.length);
    for (const c of contacts) {
      await upsertContact(tx, ids.get(c.company.toLowerCase())!, c, result);
      progress.tick();
    }

    const crowded: { name: string; n: number }[] = await tx.query(
      `SELECT co.name, count(*)::int AS n FROM support_contacts sc JOIN companies co ON co.id = sc.company_id
       WHERE NOT sc.purchased GROUP BY co.name HAVING count(*) > 2`,
    );
    for (const c of crowded) result.warnings.push(`${c.name} has ${c.n} support contacts; a third or more must be purchased`);

    // A firm known only by a public domain is found through its contacts' addresses alone.
    const onlyPublic = companies.filter((c) => !c.domains.length && c.publicDomains.length);
    if (onlyPublic.length) {
      const withContacts = new Set(
        (
          await tx.query(
            `SELECT DISTINCT lower(co.name) AS name FROM companies co JOIN support_contacts sc ON sc.company_id = co.id
               JOIN contact_addresses ca ON ca.contact_id = sc.id WHERE lower(co.name) = ANY($1)`,
            [onlyPublic.map((c) => c.name.toLowerCase())],
          )
        ).map((r: { name: string }) => r.name),
      );
      for (const c of onlyPublic) {
        if (!withContacts.has(c.name.toLowerCase())) result.warnings.push(`${c.name} (line ${c.line}) writes only from a public mail domain and has no support contact: no mail can be matched to it`);
      }
    }
    return result;
  });
}

async function upsertCompany(tx: EntityManager, c: CompanyRow, r: ImportResult): Promise<number> {
  const [existing] = await tx.query(`SELECT id, domains, public_domains FROM companies WHERE lower(name) = lower($1)`, [c.name]);
  let id: number;
  let changed = false;
  const same = (a: string[], b: string[]) => [...a].sort().join(',') === [...b].sort().join(',');
  if (!existing) {
    [{ id }] = await tx.query(`INSERT INTO companies (name, domains, public_domains) VALUES ($1, $2, $3) RETURNING id`, [c.name, c.domains, c.publicDomains]);
    r.companies.created++;
  } else {
    id = existing.id;
    if (!same(existing.domains, c.domains) || !same(existing.public_domains, c.publicDomains)) {
      await tx.query(`UPDATE companies SET domains = $2, public_domains = $3 WHERE id = $1`, [id, c.domains, c.publicDomains]);
      changed = true;
    }
  }
  const undated: { id: number; kind: string }[] = await tx.query(
    `SELECT id, kind FROM agreements WHERE company_id = $1 AND valid_from IS NULL AND valid_to IS NULL`,
    [id],
  );
  if (!undated.length) {
    await tx.query(`INSERT INTO agreements (company_id, kind) VALUES ($1, $2)`, [id, c.agreement]);
    changed = changed || !!existing;
  } else if (undated[0].kind !== c.agreement || undated.length > 1) {
    await tx.query(`DELETE FROM agreements WHERE company_id = $1 AND valid_from IS NULL AND valid_to IS NULL`, [id]);
    await tx.query(`INSERT INTO agreements (company_id, kind) VALUES ($1, $2)`, [id, c.agreement]);
    changed = true;
  }
  if (existing) r.companies[changed ? 'updated' : 'unchanged']++;
  return id;
}

async function upsertContact(tx: EntityManager, companyId: number, c: ContactRow, r: ImportResult): Promise<void> {
  let [contact] = await tx.query(`SELECT id FROM support_contacts WHERE company_id = $1 AND name = $2`, [companyId, c.name]);
  const created = !contact;
  if (!contact) [contact] = await tx.query(`INSERT INTO support_contacts (company_id, name) VALUES ($1, $2) RETURNING id`, [companyId, c.name]);
  let added = 0;
  for (const address of c.emails) {
    const [owner] = await tx.query(`SELECT contact_id FROM contact_addresses WHERE address = $1`, [address]);
    if (owner && owner.contact_id !== contact.id) {
      throw new CsvError('contacts.csv', [{ line: c.line, message: `${address} already belongs to another support contact` }]);
    }
    if (!owner) {
      await tx.query(`INSERT INTO contact_addresses (contact_id, address) VALUES ($1, $2)`, [contact.id, address]);
      added++;
    }
  }
  if (created) r.contacts.created++;
  else r.contacts[added ? 'updated' : 'unchanged']++;
}

import type { DataSource } from 'typeorm';
import { returnedRows } from '../db/sql';
import { AGREEMENT_KINDS } from '../domain/vocabulary';
import { partitionDomains } from '../domain/addresses';
import { ActionError } from '../shared/errors';
import { registerSupportContact } from './support-contacts';

/**
 * The registry as the workspace shows and edits it: companies, agreements with their
 * validity dates, support contacts. Edits are for managers and admins (see the routes).
 */

export async function listCompanies(db: DataSource) {
  const rows = await db.query(
    `SELECT c.id, c.name, c.domains, c.public_domains AS "publicDomains",
            (SELECT a.kind FROM agreements a WHERE a.company_id = c.id
                AND (a.valid_from IS NULL OR a.valid_from <= current_date) AND (a.valid_to IS NULL OR a.valid_to >= current_date)
              ORDER BY a.valid_from DESC NULLS LAST LIMIT 1) AS agreement,
            (SELECT count(*)::int FROM support_contacts s WHERE s.company_id = c.id) AS contacts,
            (SELECT count(*)::int FROM tickets t WHERE t.company_id = c.id AND t.status = 'open') AS "openTickets"
       FROM companies c ORDER BY c.name`,
  );
  return rows as { id: number; name: string; domains: string[]; publicDomains: string[]; agreement: string | null; contacts: number; openTickets: number }[];
}

export async function companyDetail(db: DataSource, id: number) {
  const [company] = await db.query(`SELECT id, name, domains, public_domains AS "publicDomains" FROM companies WHERE id = $1`, [id]);
  if (!company) return null;
  const agreements = await db.query(
    `SELECT id, kind, to_char(valid_from, 'YYYY-MM-DD') AS "validFrom", to_char(valid_to, 'YYYY-MM-DD') AS "validTo",
            ((valid_from IS NULL OR valid_from <= current_date) AND (valid_to IS NULL OR valid_to >= current_date)) AS current
       FROM agreements WHERE company_id = $1 ORDER BY valid_from NULLS FIRST, id`,
    [id],
  );
  const contacts = await db.query(
    `SELECT s.id, s.name, s.purchased, coalesce(array_agg(a.address ORDER BY a.address) FILTER (WHERE a.address IS NOT NULL), '{}') AS addresses
       FROM support_contacts s LEFT JOIN contact_addresses a ON a.contact_id = s.id
      WHERE s.company_id = $1 GROUP BY s.id ORDER BY s.id`,
    [id],
  );
  return { ...company, agreements, contacts } as {
    id: number;
    name: string;
    domains: string[];
    publicDomains: string[];
    agreements: { id: number; kind: string; validFrom: string | null; validTo: string | null; current: boolean }[];
    contacts: { id: number; name: string; purchased: boolean; addresses: string[] }[];
  };
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const DOMAIN = /^(?=.{3,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;
const EMAIL = /^[^\s@]{1,64}@([a-z0-9-]+\.)+[a-z]{2,63}$/;

/**
 * The domains typed into the form: those that identify the company, and public mail domains
 * (gmail.com …), which are kept as information only — the same rule as the CSV import: a public
 * domain would otherwise make every gmail.com sender a colleague at this company.
 */
export function parseDomains(input: string): { domains: string[]; publicDomains: string[] } {
  const all = [...new Set(input.split(/[;,\s]+/).map((d) => d.trim().toLowerCase()).filter(Boolean))];
  for (const d of all) if (!DOMAIN.test(d)) throw new ActionError('INVALID', `domains: "${d}" is not a domain`);
  const parts = partitionDomains(all);
  return { domains: parts.matching, publicDomains: parts.public };
}

export interface CreatedCompany {
  id: number;
  /** Public mail domains given as the company's domains: stored as information, never matched. */
  publicDomains: string[];
}

export async function createCompany(db: DataSource, c: { name: string; domains: string; agreement: string }): Promise<CreatedCompany> {
  const name = c.name.trim().slice(0, 200);
  if (!name) throw new ActionError('INVALID', 'name: required');
  if (!(AGREEMENT_KINDS as readonly string[]).includes(c.agreement)) throw new ActionError('INVALID', `agreement: one of ${AGREEMENT_KINDS.join(', ')}`);
  const { domains, publicDomains } = parseDomains(c.domains);
  return db.transaction(async (tx) => {
    const rows = await tx.query(`INSERT INTO companies (name, domains, public_domains) VALUES ($1, $2, $3) ON CONFLICT (name) DO NOTHING RETURNING id`, [name, domains, publicDomains]);
    if (!rows.length) throw new ActionError('CONFLICT', `a company named ${name} exists`);
    await tx.query(`INSERT INTO agreements (company_id, kind) VALUES ($1, $2)`, [rows[0].id, c.agreement]);
    return { id: rows[0].id as number, publicDomains };
  });
}

/** The warning shown when a company was given a public mail domain (Danish: the workspace's language). */
export function publicDomainNotice(publicDomains: string[]): string | null {
  if (!publicDomains.length) return null;
  return `${publicDomains.join(', ')} er ${publicDomains.length === 1 ? 'et offentligt maildomæne' : 'offentlige maildomæner'}: gemt som oplysning, men bruges aldrig til at genkende afsendere. Firmaets folk genkendes kun på deres registrerede adresser – tilføj dem som supportkontakter.`;
}

export async function addAgreement(db: DataSource, companyId: number, a: { kind: string; validFrom: string; validTo: string }): Promise<void> {
  if (!(AGREEMENT_KINDS as readonly string[]).includes(a.kind)) throw new ActionError('INVALID', `kind: one of ${AGREEMENT_KINDS.join(', ')}`);
  for (const [k, v] of [['validFrom', a.validFrom], ['validTo', a.validTo]]) {
    if (v && (!DATE.test(v) || isNaN(Date.parse(v)))) throw new ActionError('INVALID', `${k}: a date YYYY-MM-DD`);
  }
  if (a.validFrom && a.validTo && a.validTo < a.validFrom) throw new ActionError('INVALID', 'validTo: before validFrom');
  const [c] = await db.query(`SELECT id FROM companies WHERE id = $1`, [companyId]);
  if (!c) throw new ActionError('NOT_FOUND', `no company ${companyId}`);
  await db.query(`INSERT INTO agreements (company_id, kind, valid_from, valid_to) VALUES ($1, $2, $3, $4)`, [companyId, a.kind, a.validFrom || null, a.validTo || null]);
}

export async function deleteAgreement(db: DataSource, id: number): Promise<void> {
  if (!returnedRows(await db.query(`DELETE FROM agreements WHERE id = $1 RETURNING id`, [id])).length) throw new ActionError('NOT_FOUND', `no agreement ${id}`);
}

/** Through the same rule as an agent registering a sender (one or two contacts; more when purchased). */
export async function addContact(db: DataSource, companyId: number, c: { name: string; email: string; purchased: boolean }): Promise<number> {
  const email = c.email.trim().toLowerCase();
  if (!EMAIL.test(email)) throw new ActionError('INVALID', 'email: not a mail address');
  return db.transaction((tx) => registerSupportContact(tx, companyId, { name: c.name, address: email, purchased: c.purchased }));
}

export async function deleteContact(db: DataSource, id: number): Promise<void> {
  if (!returnedRows(await db.query(`DELETE FROM support_contacts WHERE id = $1 RETURNING id`, [id])).length) throw new ActionError('NOT_FOUND', `no contact ${id}`);
}

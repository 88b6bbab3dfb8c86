import type { EntityManager } from 'typeorm';
import { ActionError } from '../shared/errors';

/** A company has one or two support contacts; a third or more only when marked as purchased. */
export async function registerSupportContact(tx: EntityManager, companyId: number, c: { name: string; address: string; purchased: boolean }): Promise<number> {
  const name = c.name.trim().slice(0, 200);
  if (!name) throw new ActionError('INVALID', 'name: required to register a support contact');
  const [company] = await tx.query(`SELECT name FROM companies WHERE id = $1 FOR UPDATE`, [companyId]);
  if (!company) throw new ActionError('NOT_FOUND', `no company ${companyId}`);
  const [owner] = await tx.query(`SELECT contact_id FROM contact_addresses WHERE address = $1`, [c.address]);
  if (owner) throw new ActionError('CONFLICT', `${c.address} already belongs to a support contact`);
  const [{ n }] = await tx.query(`SELECT count(*)::int AS n FROM support_contacts WHERE company_id = $1`, [companyId]);
  if (n >= 2 && !c.purchased) throw new ActionError('CONFLICT', `${company.name} already has ${n} support contacts; a further contact must be marked as purchased`);
  const rows = await tx.query(
    `INSERT INTO support_contacts (company_id, name, purchased) VALUES ($1, $2, $3) ON CONFLICT (company_id, name) DO NOTHING RETURNING id`,
    [companyId, name, c.purchased],
  );
  if (!rows.length) throw new ActionError('CONFLICT', `${company.name} already has a support contact named ${name}`);
  await tx.query(`INSERT INTO contact_addresses (contact_id, address) VALUES ($1, $2)`, [rows[0].id, c.address]);
  return rows[0].id;
}

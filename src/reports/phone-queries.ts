import type { DataSource, EntityManager } from 'typeorm';
import { companyFacts } from '../contacts/registry';
import { billedMinutes, priceCall, type PhoneCallRow, type PhoneCompany, type PricedCall } from './phone-billing';
import { parseDay, type Period } from './period';

/** Reads and writes phone_calls: the agent's log of phone time, priced by phone-billing.ts. */

export interface NewPhoneCall {
  /** Ticket reference (MB-000123); the company is the ticket's. */
  ticketRef?: string;
  /** Company name, for a call that belongs to no ticket. */
  company?: string;
  minutes: number;
  /** YYYY-MM-DD */
  date: string;
  agent: string | null;
  isError: boolean;
}

export class PhoneLogError extends Error {
  readonly code = 'PHONE_LOG_INVALID';
}

async function resolveTarget(db: DataSource | EntityManager, c: NewPhoneCall): Promise<{ ticketId: number | null; reference: string | null; companyId: number }> {
  if (c.ticketRef) {
    const [t] = await db.query(`SELECT id, reference, company_id AS "companyId" FROM tickets WHERE reference = $1`, [c.ticketRef.trim().toUpperCase()]);
    if (!t) throw new PhoneLogError(`no ticket ${c.ticketRef}`);
    if (t.companyId === null) throw new PhoneLogError(`ticket ${t.reference} belongs to no company (unknown sender): register the company first`);
    return { ticketId: t.id, reference: t.reference, companyId: t.companyId };
  }
  if (c.company) {
    const [co] = await db.query(`SELECT id FROM companies WHERE lower(name) = lower($1)`, [c.company.trim()]);
    if (!co) throw new PhoneLogError(`no company named "${c.company}"`);
    return { ticketId: null, reference: null, companyId: co.id };
  }
  throw new PhoneLogError('a call needs --ticket REF (or --company NAME)');
}

/** Records one call and returns it priced with the agreement valid on its date. */
export async function logPhoneCall(db: DataSource, c: NewPhoneCall): Promise<PricedCall & { company: string }> {
  try {
    billedMinutes(c.minutes);
    parseDay(c.date, 'date');
  } catch (err) {
    throw new PhoneLogError((err as Error).message);
  }
  const target = await resolveTarget(db, c);
  const [row] = await db.query(
    `INSERT INTO phone_calls (ticket_id, company_id, call_date, minutes, agent, is_error) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
    [target.ticketId, target.companyId, c.date, c.minutes, c.agent, c.isError],
  );
  const company = (await companyFacts(db, [target.companyId])).get(target.companyId)!;
  const call: PhoneCallRow = { id: row.id, companyId: target.companyId, ticketReference: target.reference, callDate: c.date, minutes: c.minutes, agent: c.agent, isError: c.isError };
  return { ...priceCall(call, company.agreements), company: company.name };
}

/** The calls of a period with their companies' agreement history. */
export async function loadPhoneCalls(db: DataSource | EntityManager, period: Period): Promise<{ calls: PhoneCallRow[]; companies: PhoneCompany[] }> {
  const calls: PhoneCallRow[] = await db.query(
    `SELECT p.id, p.company_id AS "companyId", t.reference AS "ticketReference", to_char(p.call_date, 'YYYY-MM-DD') AS "callDate",
            p.minutes, p.agent, p.is_error AS "isError"
       FROM phone_calls p LEFT JOIN tickets t ON t.id = p.ticket_id
      WHERE p.call_date BETWEEN $1::date AND $2::date
      ORDER BY p.call_date, p.id`,
    [period.from, period.to],
  );
  const facts = await companyFacts(db, [...new Set(calls.map((c) => c.companyId))]);
  return { calls, companies: [...facts.values()].map((f) => ({ id: f.id, name: f.name, agreements: f.agreements })) };
}

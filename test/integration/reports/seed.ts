import type { DataSource } from 'typeorm';
import type { AgreementKind, Category, Topic } from '../../../src/domain/vocabulary';

/** Rows for the report tests, inserted with plain SQL as the pipeline would have left them. */

export async function insertCompany(db: DataSource, name: string, agreements: { kind: AgreementKind; from?: string; to?: string }[]): Promise<number> {
  const [c] = await db.query(`INSERT INTO companies (name, domains) VALUES ($1, $2) RETURNING id`, [name, [`${name.toLowerCase().replace(/[^a-z]/g, '')}.dk`]]);
  for (const a of agreements) {
    await db.query(`INSERT INTO agreements (company_id, kind, valid_from, valid_to) VALUES ($1, $2, $3, $4)`, [c.id, a.kind, a.from ?? null, a.to ?? null]);
  }
  return c.id;
}

let seq = 0;
export interface TicketSeed {
  companyId: number | null;
  category: Exclude<Category, 'noise'>;
  topic: Topic | null;
  at: string;
  subject?: string;
}

const QUEUE: Record<TicketSeed['category'], string> = { error: 'error', support: 'support', training: 'training', service_request: 'service_request' };

export async function insertTicket(db: DataSource, t: TicketSeed): Promise<{ id: number; reference: string }> {
  const reference = `MB-${String(++seq).padStart(6, '0')}`;
  const [row] = await db.query(
    `INSERT INTO tickets (reference, subject, category, confidence, language, topic, sender_status, from_address, company_id, queue, created_at, updated_at)
     VALUES ($1, $2, $3, 0.9, 'da', $4, $5, $6, $7, $8, $9, $9) RETURNING id, reference`,
    [reference, t.subject ?? `Spørgsmål ${seq}`, t.category, t.topic, t.companyId ? 'registered_contact' : 'unknown_domain', `kunde${seq}@example.dk`, t.companyId, QUEUE[t.category], t.at],
  );
  return row;
}

export async function insertOutbox(db: DataSource, o: { ticketId: number | null; kind: string; state: string; createdAt: string; sentAt: string | null }): Promise<void> {
  await db.query(
    `INSERT INTO outbox (ticket_id, kind, to_address, subject, body_text, message_id, state, created_at, sent_at)
     VALUES ($1, $2, 'kunde@example.dk', 'Svar', 'Tekst', $3, $4, $5, $6)`,
    [o.ticketId, o.kind, `reply.${++seq}@microbizz.dk`, o.state, o.createdAt, o.sentAt],
  );
}

/** Deterministic pseudo-random numbers (mulberry32), so a failure can be replayed. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const pick = <T>(rnd: () => number, xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)];

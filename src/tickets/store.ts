import type { EntityManager } from 'typeorm';
import type { AgreementKind, Category, Language, SenderStatus, TicketQueue, Topic } from '../domain/vocabulary';
import type { ReasonLike } from '../domain/reasons';
import { referencesInSubject } from '../domain/reference';
import { nextReferenceSql } from './reference-sql';
import { decideThread, type ThreadCandidate, type ThreadDecision, type ThreadSender } from './threading';

/**
 * The ticket rows: find the conversation a mail belongs to, open a ticket, touch it, add a
 * message. The one place tickets are opened or appended; record-mail.ts (for the pipeline) and
 * actions/ (for the workspace) call it. Every function takes the transaction's EntityManager.
 */
export interface TicketRow {
  id: number;
  reference: string;
  status: 'open' | 'closed';
  companyId: number | null;
}

export interface ThreadLookup {
  subject: string;
  inReplyTo: string[];
  references: string[];
}

/** Finds the ticket a mail belongs to, applying the anti-hijack and reopen rules. */
export async function findThread(
  tx: EntityManager,
  mail: ThreadLookup,
  sender: ThreadSender,
  opts: { prefix: string; now: Date; reopenWithinDays: number },
): Promise<ThreadDecision> {
  const candidates: ThreadCandidate[] = [];
  const refs = referencesInSubject(mail.subject, opts.prefix);
  if (refs.length) {
    const rows = await tx.query(`SELECT id, participants, company_id, status, closed_at FROM tickets WHERE reference = ANY($1)`, [refs]);
    candidates.push(...rows.map((r: TicketDbRow) => candidate(r, 'subject-reference')));
  }
  for (const [via, ids] of [['in-reply-to', mail.inReplyTo], ['references', [...mail.references].reverse()]] as const) {
    if (!ids.length) continue;
    const rows = await tx.query(
      `SELECT DISTINCT t.id, t.participants, t.company_id, t.status, t.closed_at
         FROM ticket_messages m JOIN tickets t ON t.id = m.ticket_id WHERE m.message_id = ANY($1)`,
      [ids.slice(0, 50)],
    );
    candidates.push(...rows.map((r: TicketDbRow) => candidate(r, via)));
  }
  return decideThread(candidates, sender, opts);
}

interface TicketDbRow {
  id: number;
  participants: string[];
  company_id: number | null;
  status: 'open' | 'closed';
  closed_at: Date | null;
}
const candidate = (r: TicketDbRow, via: ThreadCandidate['via']): ThreadCandidate => ({
  ticketId: r.id,
  via,
  participants: r.participants,
  companyId: r.company_id,
  status: r.status,
  closedAt: r.closed_at,
});

/** What a ticket records of the judgment of its first mail (the classifier's, or an agent's). */
export interface TicketJudgment {
  category: Exclude<Category, 'noise'>;
  confidence: number;
  language: Language;
  topic: Topic | null;
  /** The classifier's sentences, then the sender, reply and threading reasons (codes). */
  explanation: ReasonLike[];
  /** Why it was judged a training need (empty for other categories). */
  trainingEvidence?: string[];
}

export interface NewTicket extends TicketJudgment {
  subject: string;
  senderStatus: SenderStatus;
  /** DMARC failed at our receiving server: the From may be forged (shown as a warning). */
  senderForged?: boolean;
  senderUnverified?: boolean;
  fromAddress: string;
  companyId: number | null;
  contactId: number | null;
  agreementKind: AgreementKind | null;
  queue: TicketQueue;
  linkedTicketId: number | null;
}

export async function openTicket(tx: EntityManager, t: NewTicket, prefix: string): Promise<TicketRow> {
  const [row] = await tx.query(
    `INSERT INTO tickets (reference, subject, category, confidence, language, topic, explanation, sender_status, from_address,
                          company_id, contact_id, agreement_kind, queue, participants, linked_ticket_id, sender_forged, sender_unverified, training_evidence)
     VALUES (${nextReferenceSql('$1')}, $2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16,$17,$18)
     RETURNING id, reference, status, company_id AS "companyId"`,
    [prefix, t.subject, t.category, t.confidence, t.language, t.topic, JSON.stringify(t.explanation), t.senderStatus, t.fromAddress,
     t.companyId, t.contactId, t.agreementKind, t.queue, [t.fromAddress], t.linkedTicketId, t.senderForged ?? false, t.senderUnverified ?? false,
     JSON.stringify(t.trainingEvidence ?? [])],
  );
  return row;
}

/** Adds a participant and, for a closed ticket, reopens it. */
export async function touchTicket(tx: EntityManager, ticketId: number, participant: string, reopen: boolean): Promise<TicketRow> {
  await tx.query(
    `UPDATE tickets
        SET participants = CASE WHEN $2 = ANY(participants) THEN participants ELSE array_append(participants, $2) END,
            status = CASE WHEN $3 THEN 'open' ELSE status END,
            closed_at = CASE WHEN $3 THEN NULL ELSE closed_at END,
            updated_at = now()
      WHERE id = $1`,
    [ticketId, participant, reopen],
  );
  // (TypeORM's query() returns [rows, count] for UPDATE … RETURNING: read back instead.)
  const [row] = await tx.query(`SELECT id, reference, status, company_id AS "companyId" FROM tickets WHERE id = $1`, [ticketId]);
  return row;
}

export async function addMessage(
  tx: EntityManager,
  m: { ticketId: number; direction: 'inbound' | 'outbound' | 'note'; inboundMailId?: string | null; outboxId?: string | null; messageId: string | null; fromAddress: string | null; subject: string; newText: string },
): Promise<void> {
  await tx.query(
    `INSERT INTO ticket_messages (ticket_id, direction, inbound_mail_id, outbox_id, message_id, from_address, subject, new_text)
     VALUES ($1,$2,$3,$4,$5,$6,$7,$8)`,
    [m.ticketId, m.direction, m.inboundMailId ?? null, m.outboxId ?? null, m.messageId, m.fromAddress, m.subject, m.newText],
  );
}

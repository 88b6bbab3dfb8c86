import type { DataSource } from 'typeorm';
import { TICKET_QUEUES, type TicketQueue } from '../../domain/vocabulary';
import { AGREEMENT_KINDS, type AgreementKind } from '../../domain/vocabulary';
import type { Reason, ReasonLike } from '../../domain/reasons';
import { parseDay } from '../../reports/period';

/**
 * Read side of the agent workspace: queue counts, a queue's tickets (oldest first, filtered,
 * searched) and one ticket with its thread. Every value reaches SQL as a bind parameter;
 * filters are validated against their closed sets first (see parseTicketFilter).
 */
export const HELD_QUEUES = ['quarantined', 'ignored'] as const;
export type HeldQueue = (typeof HELD_QUEUES)[number];
export type AnyQueue = TicketQueue | HeldQueue;
export const isTicketQueue = (v: unknown): v is TicketQueue => (TICKET_QUEUES as readonly unknown[]).includes(v);
export const isHeldQueue = (v: unknown): v is HeldQueue => (HELD_QUEUES as readonly unknown[]).includes(v);

export interface TicketFilter {
  queue: TicketQueue | null;
  status: 'open' | 'closed' | 'all';
  companyId: number | null;
  agreement: AgreementKind | null;
  /** Opened on or after / on or before this local day (YYYY-MM-DD, in REPORT_TZ). */
  from: string | null;
  to: string | null;
  /** Assigned to this user ("Mine sager", `assignee=me`). */
  assignedUserId: number | null;
  q: string;
  page: number;
}
export const PAGE_SIZE = 50;

const str = (v: unknown): string => (typeof v === 'string' ? v : '');

const day = (v: string): string | null => {
  try {
    return parseDay(v);
  } catch {
    return null;
  }
};

/**
 * Query-string values → a filter; anything unknown falls back to the default instead of
 * reaching SQL. `me` is the asking user's id, for `assignee=me`.
 */
export function parseTicketFilter(query: Record<string, unknown>, queue: TicketQueue | null, me: number | null = null): TicketFilter {
  const status = str(query.status);
  const company = str(query.company);
  const agreement = str(query.agreement);
  const page = Number(str(query.page));
  return {
    queue,
    status: status === 'closed' || status === 'all' ? status : 'open',
    companyId: /^\d{1,9}$/.test(company) ? Number(company) : null,
    agreement: (AGREEMENT_KINDS as readonly string[]).includes(agreement) ? (agreement as AgreementKind) : null,
    from: day(str(query.from)),
    to: day(str(query.to)),
    assignedUserId: str(query.assignee) === 'me' ? me : null,
    // PostgreSQL text cannot hold NUL, and no ticket contains other control characters.
    q: str(query.q).replace(/[\u0000-\u001f\u007f]/g, ' ').trim().slice(0, 200),
    page: Number.isSafeInteger(page) && page >= 1 && page <= 10_000 ? page : 1,
  };
}

/** A LIKE pattern matching `s` literally anywhere (%, _ and \ escaped). */
export const containsPattern = (s: string): string => `%${s.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/** Open tickets per queue, held mails per state, and (for `userId`) the open tickets assigned to that user. */
export async function queueCounts(db: DataSource, userId: number | null = null): Promise<Record<AnyQueue | 'mine', number>> {
  const counts = Object.fromEntries([...TICKET_QUEUES, ...HELD_QUEUES, 'mine'].map((q) => [q, 0])) as Record<AnyQueue | 'mine', number>;
  const rows = await db.query(
    `SELECT queue, count(*)::int AS n, count(*) FILTER (WHERE assigned_user_id = $1)::int AS mine FROM tickets WHERE status = 'open' GROUP BY queue`,
    [userId],
  );
  for (const r of rows) {
    if (r.queue in counts) counts[r.queue as AnyQueue] = r.n;
    counts.mine += r.mine;
  }
  for (const r of await db.query(`SELECT state, count(*)::int AS n FROM inbound_mails WHERE state IN ('quarantined', 'ignored') GROUP BY state`)) {
    counts[r.state as HeldQueue] = r.n;
  }
  return counts;
}

export interface TicketListRow {
  id: number;
  reference: string;
  subject: string;
  fromAddress: string;
  category: string;
  confidence: number;
  queue: TicketQueue;
  status: string;
  senderStatus: string;
  company: string | null;
  agreement: string | null;
  assignee: string | null;
  createdAt: string;
  messages: number;
}

/** `tz`: the time zone whose calendar days `from`/`to` are (REPORT_TZ, as the report counts them). */
export async function listTickets(db: DataSource, f: TicketFilter, tz = 'Europe/Copenhagen'): Promise<{ rows: TicketListRow[]; total: number }> {
  const where: string[] = [];
  const params: unknown[] = [];
  const bind = (v: unknown) => `$${params.push(v)}`;
  if (f.queue) where.push(`t.queue = ${bind(f.queue)}`);
  if (f.status !== 'all') where.push(`t.status = ${bind(f.status)}`);
  if (f.companyId !== null) where.push(`t.company_id = ${bind(f.companyId)}`);
  if (f.agreement) where.push(`t.agreement_kind = ${bind(f.agreement)}`);
  if (f.assignedUserId !== null) where.push(`t.assigned_user_id = ${bind(f.assignedUserId)}`);
  // Local midnight to local midnight, as the training report cuts its days.
  if (f.from) where.push(`t.created_at >= (${bind(f.from)}::date)::timestamp AT TIME ZONE ${bind(tz)}`);
  if (f.to) where.push(`t.created_at < (${bind(f.to)}::date + 1)::timestamp AT TIME ZONE ${bind(tz)}`);
  if (f.q) {
    const p = bind(containsPattern(f.q));
    // Text (subject and the new text of any message), sender or reference.
    where.push(`(t.reference ILIKE ${p} OR t.from_address ILIKE ${p} OR t.subject ILIKE ${p}
                 OR EXISTS (SELECT 1 FROM ticket_messages m WHERE m.ticket_id = t.id AND m.new_text ILIKE ${p}))`);
  }
  const cond = where.length ? `WHERE ${where.join(' AND ')}` : '';
  const [{ n }] = await db.query(`SELECT count(*)::int AS n FROM tickets t ${cond}`, params);
  const rows = await db.query(
    `SELECT t.id, t.reference, t.subject, t.from_address AS "fromAddress", t.category, t.confidence, t.queue, t.status,
            t.sender_status AS "senderStatus", c.name AS company, t.agreement_kind AS agreement, u.email AS assignee,
            t.created_at AS "createdAt",
            (SELECT count(*)::int FROM ticket_messages m WHERE m.ticket_id = t.id AND m.direction <> 'note') AS messages
       FROM tickets t LEFT JOIN companies c ON c.id = t.company_id LEFT JOIN users u ON u.id = t.assigned_user_id
       ${cond}
      ORDER BY t.created_at, t.id
      LIMIT ${PAGE_SIZE} OFFSET ${(f.page - 1) * PAGE_SIZE}`,
    params,
  );
  return { rows: rows.map((r: TicketListRow & { createdAt: Date }) => ({ ...r, confidence: Number(r.confidence), createdAt: new Date(r.createdAt).toISOString() })), total: n };
}

export const isReference = (v: string, prefix: string): boolean => new RegExp(`^${prefix}-\\d{6,12}$`).test(v);

export interface ThreadMessage {
  id: string;
  direction: 'inbound' | 'outbound' | 'note';
  inboundMailId: string | null;
  fromAddress: string | null;
  subject: string;
  newText: string;
  createdAt: string;
  outboxState: string | null;
  outboxReason: string | null;
  outboxKind: string | null;
  toAddress: string | null;
}

export async function ticketByReference(db: DataSource, reference: string) {
  const [t] = await db.query(
    `SELECT t.*, c.name AS company_name, u.email AS assignee_email
       FROM tickets t LEFT JOIN companies c ON c.id = t.company_id LEFT JOIN users u ON u.id = t.assigned_user_id
      WHERE t.reference = $1`,
    [reference],
  );
  if (!t) return null;
  const messages: ThreadMessage[] = (
    await db.query(
      `SELECT m.id, m.direction, m.inbound_mail_id AS "inboundMailId", m.from_address AS "fromAddress", m.subject, m.new_text AS "newText",
              m.created_at AS "createdAt", o.state AS "outboxState", o.reason AS "outboxReason", o.kind AS "outboxKind", o.to_address AS "toAddress"
         FROM ticket_messages m LEFT JOIN outbox o ON o.id = m.outbox_id
        WHERE m.ticket_id = $1 ORDER BY m.id`,
      [t.id],
    )
  ).map((m: ThreadMessage & { id: string | number; inboundMailId: string | number | null; createdAt: Date }) => ({
    ...m,
    id: String(m.id),
    inboundMailId: m.inboundMailId === null ? null : String(m.inboundMailId),
    createdAt: new Date(m.createdAt).toISOString(),
  }));
  const corrections = await db.query(
    `SELECT from_category AS "from", to_category AS "to", created_by AS "by", created_at AS "at" FROM classification_corrections WHERE ticket_id = $1 ORDER BY id`,
    [t.id],
  );
  const suppressed: { kind: string; reason: string | null; reasonDetail: Reason | null; at: Date }[] = await db.query(
    `SELECT kind, reason, reason_detail AS "reasonDetail", created_at AS "at" FROM outbox WHERE ticket_id = $1 AND state = 'suppressed' ORDER BY id`,
    [t.id],
  );
  return {
    id: t.id as number,
    reference: t.reference as string,
    subject: t.subject as string,
    category: t.category as string,
    confidence: Number(t.confidence),
    language: t.language as 'da' | 'en',
    topic: t.topic as string | null,
    /** The classifier's sentences and the reasons (codes, or text on older rows): see src/i18n/messages.ts. */
    explanation: t.explanation as ReasonLike[],
    trainingEvidence: (t.training_evidence ?? []) as string[],
    senderStatus: t.sender_status as string,
    /** DMARC failed at our receiving server for the mail that opened the ticket. */
    senderForged: t.sender_forged as boolean,
    senderUnverified: t.sender_unverified as boolean,
    fromAddress: t.from_address as string,
    companyId: t.company_id as number | null,
    company: t.company_name as string | null,
    agreement: t.agreement_kind as string | null,
    queue: t.queue as TicketQueue,
    status: t.status as 'open' | 'closed',
    participants: t.participants as string[],
    linkedTicketId: t.linked_ticket_id as number | null,
    assignedUserId: t.assigned_user_id as number | null,
    assignee: t.assignee_email as string | null,
    createdAt: new Date(t.created_at).toISOString(),
    closedAt: t.closed_at ? new Date(t.closed_at).toISOString() : null,
    messages,
    corrections,
    suppressed,
  };
}
export type TicketDetail = NonNullable<Awaited<ReturnType<typeof ticketByReference>>>;

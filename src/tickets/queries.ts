import type { DataSource } from 'typeorm';
import { reasonText } from '../i18n/messages';
import type { ReasonLike } from '../domain/reasons';

/** Read side for the CLI (and later the API): tickets with their mails, and pipeline counts. */
export interface TicketSummary {
  reference: string;
  messageId: string | null;
  messageIds: string[];
  subject: string;
  fromAddress: string;
  category: string;
  confidence: number;
  language: string;
  topic: string | null;
  senderStatus: string;
  company: string | null;
  agreement: string | null;
  queue: string;
  status: string;
  repliesSent: number;
  replyKinds: string[];
  explanation: string[];
  /** Why it was judged a training need (empty otherwise). */
  trainingEvidence: string[];
  createdAt: string;
}

export async function listTickets(db: DataSource): Promise<TicketSummary[]> {
  const rows = await db.query(`
    SELECT t.reference, t.subject, t.from_address AS "fromAddress", t.category, t.confidence, t.language, t.topic,
           t.sender_status AS "senderStatus", c.name AS company, t.agreement_kind AS agreement, t.queue, t.status,
           t.explanation, t.training_evidence AS "trainingEvidence", t.created_at AS "createdAt",
           coalesce((SELECT array_agg(m.message_id ORDER BY m.id) FROM ticket_messages m
                      WHERE m.ticket_id = t.id AND m.direction = 'inbound'), '{}') AS "messageIds",
           (SELECT count(*)::int FROM outbox o WHERE o.ticket_id = t.id AND o.state IN ('sent', 'bounced')) AS "repliesSent",
           coalesce((SELECT array_agg(o.kind ORDER BY o.id) FROM outbox o
                      WHERE o.ticket_id = t.id AND o.state IN ('sent', 'bounced', 'pending', 'sending')), '{}') AS "replyKinds"
      FROM tickets t LEFT JOIN companies c ON c.id = t.company_id
     ORDER BY t.id`);
  return rows.map((r: Omit<TicketSummary, 'explanation'> & { explanation: ReasonLike[]; createdAt: Date }) => ({
    ...r,
    // Sentences, as scripts have always read them: reasons with codes in their English words.
    explanation: r.explanation.map(reasonText),
    confidence: Math.round(Number(r.confidence) * 1000) / 1000,
    messageId: r.messageIds[0] ?? null,
    createdAt: new Date(r.createdAt).toISOString(),
  }));
}

export interface PipelineStats {
  inbound: Record<'received' | 'processed' | 'ignored' | 'quarantined', number>;
  tickets: { total: number; open: number; byQueue: Record<string, number> };
  replies: { pending: number; sent: number; failed: number; suppressed: number; bounced: number };
}

export async function pipelineStats(db: DataSource): Promise<PipelineStats> {
  const inbound = { received: 0, processed: 0, ignored: 0, quarantined: 0 };
  for (const r of await db.query(`SELECT state, count(*)::int AS n FROM inbound_mails GROUP BY state`)) inbound[r.state as keyof typeof inbound] = r.n;
  const replies = { pending: 0, sent: 0, failed: 0, suppressed: 0, bounced: 0 };
  for (const r of await db.query(`SELECT CASE WHEN state = 'sending' THEN 'pending' ELSE state END AS state, count(*)::int AS n FROM outbox GROUP BY 1`))
    replies[r.state as keyof typeof replies] = r.n;
  const byQueue: Record<string, number> = {};
  for (const r of await db.query(`SELECT queue, count(*)::int AS n FROM tickets WHERE status = 'open' GROUP BY queue ORDER BY queue`)) byQueue[r.queue] = r.n;
  const [t] = await db.query(`SELECT count(*)::int AS total, count(*) FILTER (WHERE status = 'open')::int AS open FROM tickets`);
  return { inbound, tickets: { total: t.total, open: t.open, byQueue }, replies };
}

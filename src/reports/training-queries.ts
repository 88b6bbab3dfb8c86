import type { DataSource, EntityManager } from 'typeorm';
import { companyFacts } from '../contacts/registry';
import { previousPeriod, type Period } from './period';
import type { ReportOfferRow, ReportTicketRow, TrainingReportRows } from './training-report';

/**
 * Loads what buildTrainingReport needs for a period and the previous period of equal length.
 * Days are cut in the report's time zone: a mail at 00:30 on a Monday in Copenhagen is still
 * Sunday (23:30) in UTC, yet belongs to Monday's report. PostgreSQL computes the local day.
 */
export async function loadTrainingRows(db: DataSource | EntityManager, period: Period, tz: string): Promise<TrainingReportRows> {
  const from = previousPeriod(period).from;
  // [local midnight of `from`, local midnight after `to`) as instants.
  const within = (col: string) => `${col} >= ($1::date)::timestamp AT TIME ZONE $3 AND ${col} < ($2::date + 1)::timestamp AT TIME ZONE $3`;
  const tickets: ReportTicketRow[] = await db.query(
    `SELECT t.id, t.reference, t.subject, t.category, t.topic, t.company_id AS "companyId",
            to_char(t.created_at AT TIME ZONE $3, 'YYYY-MM-DD') AS day,
            t.training_evidence AS evidence, t.from_address AS "fromAddress"
       FROM tickets t
      WHERE ${within('t.created_at')}
      ORDER BY t.id`,
    [from, period.to, tz],
  );
  // Offers are counted when they left; kinds are "<kind>[/<variant>]" (X-Servicedesk-Reply).
  const offers: ReportOfferRow[] = await db.query(
    `SELECT o.id::text AS id, o.ticket_id AS "ticketId", t.company_id AS "companyId",
            to_char(coalesce(o.sent_at, o.created_at) AT TIME ZONE $3, 'YYYY-MM-DD') AS day
       FROM outbox o LEFT JOIN tickets t ON t.id = o.ticket_id
      WHERE (o.kind = 'training-offer' OR o.kind LIKE 'training-offer/%') AND o.state = 'sent'
        AND ${within('coalesce(o.sent_at, o.created_at)')}
      ORDER BY o.id`,
    [from, period.to, tz],
  );
  const ids = [...new Set([...tickets, ...offers].map((r) => r.companyId).filter((id): id is number => id !== null))];
  const facts = await companyFacts(db, ids);
  const companies = [...facts.values()].map((c) => ({ id: c.id, name: c.name, agreements: c.agreements }));
  return { companies, tickets, offers };
}

/**
 * Whether the report for a period would have anything in it: tickets opened or training
 * offers sent (the figures the report counts), without building the report.
 */
export async function periodHasActivity(db: DataSource | EntityManager, period: Period, tz: string): Promise<boolean> {
  const within = (col: string) => `${col} >= ($1::date)::timestamp AT TIME ZONE $3 AND ${col} < ($2::date + 1)::timestamp AT TIME ZONE $3`;
  const [row] = await db.query(
    `SELECT EXISTS (SELECT 1 FROM tickets t WHERE ${within('t.created_at')})
         OR EXISTS (SELECT 1 FROM outbox o WHERE (o.kind = 'training-offer' OR o.kind LIKE 'training-offer/%') AND o.state = 'sent'
                      AND ${within('coalesce(o.sent_at, o.created_at)')}) AS active`,
    [period.from, period.to, tz],
  );
  return row.active === true;
}

/** The local calendar day of the newest ticket, or null when there is none. */
export async function latestTicketDay(db: DataSource | EntityManager, tz: string): Promise<string | null> {
  const [row] = await db.query(`SELECT to_char(max(created_at) AT TIME ZONE $1, 'YYYY-MM-DD') AS day FROM tickets`, [tz]);
  return row?.day ?? null;
}

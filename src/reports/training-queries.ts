import type { DataSource, EntityManager } from 'typeorm';
import { companyFacts } from '../contacts/registry';
import { previousPeriod, type Period } from './period';
import type { ReportOfferRow, ReportTicketRow, TrainingReportRows } from './training-report';
import type { CourseBookingRow, CourseDateRow, CourseOfferRow, CourseReportRows } from './course-report';

/**
 * `col` within [local midnight of the day in $1, local midnight after the day in $2), the time
 * zone in $3: the one way every query here cuts a period into instants.
 */
const within = (col: string): string => `${col} >= ($1::date)::timestamp AT TIME ZONE $3 AND ${col} < ($2::date + 1)::timestamp AT TIME ZONE $3`;

/**
 * Loads what buildTrainingReport needs for a period and the previous period of equal length.
 * Days are cut in the report's time zone: a mail at 00:30 on a Monday in Copenhagen is still
 * Sunday (23:30) in UTC, yet belongs to Monday's report. PostgreSQL computes the local day.
 */
export async function loadTrainingRows(db: DataSource | EntityManager, period: Period, tz: string): Promise<TrainingReportRows> {
  const from = previousPeriod(period).from;
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
  return { companies, tickets, offers, courses: await loadCourseRows(db, period, tz) };
}

/**
 * The course part: offers with dates that went out in the period (with their company and
 * course), the bookings of those tickets, and the course dates ahead with their seats.
 */
export async function loadCourseRows(db: DataSource | EntityManager, period: Period, tz: string): Promise<CourseReportRows> {
  const offers: CourseOfferRow[] = await db.query(
    `SELECT co.ticket_id AS "ticketId", t.company_id AS "companyId", c.name AS "companyName", co.course_id AS "courseId",
            coalesce(k.title, '?') AS "courseTitle", to_char(coalesce(o.sent_at, o.created_at) AT TIME ZONE $3, 'YYYY-MM-DD') AS day
       FROM course_offers co JOIN outbox o ON o.id = co.outbox_id JOIN tickets t ON t.id = co.ticket_id
       LEFT JOIN companies c ON c.id = t.company_id LEFT JOIN courses k ON k.id = co.course_id
      WHERE o.state = 'sent' AND ${within('coalesce(o.sent_at, o.created_at)')}
      ORDER BY co.id`,
    [period.from, period.to, tz],
  );
  const bookings: CourseBookingRow[] = offers.length
    ? await db.query(
        `SELECT b.ticket_id AS "ticketId", d.course_id AS "courseId" FROM course_bookings b JOIN course_dates d ON d.id = b.course_date_id WHERE b.ticket_id = ANY($1)`,
        [[...new Set(offers.map((o) => o.ticketId))]],
      )
    : [];
  const dates: CourseDateRow[] = (
    await db.query(
      `SELECT d.id AS "dateId", d.course_id AS "courseId", k.title AS "courseTitle", d.starts_at AS "startsAt",
              to_char(d.starts_at AT TIME ZONE $1, 'YYYY-MM-DD HH24:MI') AS local, d.seats_total AS "seatsTotal", d.seats_left AS "seatsLeft"
         FROM course_dates d JOIN courses k ON k.id = d.course_id
        WHERE d.starts_at > now() ORDER BY d.starts_at, d.id`,
      [tz],
    )
  ).map((d: CourseDateRow & { startsAt: Date }) => ({ ...d, startsAt: new Date(d.startsAt).toISOString() }));
  return { offers, bookings, dates };
}

/**
 * Whether the report for a period would have anything in it: tickets opened or training
 * offers sent (the figures the report counts), without building the report.
 */
export async function periodHasActivity(db: DataSource | EntityManager, period: Period, tz: string): Promise<boolean> {
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

import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The course calendar (issue 16, second half): the courses a training offer names, their
 * dates with seats, which dates each training-offer reply listed, and the bookings customers
 * made by answering it (src/courses/).
 *
 * - courses: one course in one language for one topic (the classifier's TOPICS); `code` is the
 *   key the CSV import upserts on. `price_dkk` is the price excl. VAT; `agreement_prices`
 *   holds the prices that differ per agreement, e.g. {"udvidet": 0}.
 * - course_dates: a date of a course with its seats; `seats_left` is decremented by a booking
 *   in the same statement that checks it (`… WHERE seats_left > 0`), and can never go below 0.
 * - course_offers: the dates a training-offer reply listed, in the order shown, so that "2" is
 *   resolved against exactly what that customer saw.
 * - course_bookings: one seat on one date for one ticket; (ticket, date) and the inbound mail are
 *   unique, so a repeated or re-delivered answer books nothing twice.
 */
export class CourseCalendar1796500000600 implements MigrationInterface {
  name = 'CourseCalendar1796500000600';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE courses (
        id serial PRIMARY KEY,
        code text NOT NULL,
        topic text NOT NULL,
        language text NOT NULL,
        title text NOT NULL,
        place text NOT NULL,
        price_dkk integer NOT NULL,
        agreement_prices jsonb NOT NULL DEFAULT '{}',
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT courses_code_key UNIQUE (code),
        CONSTRAINT courses_language_check CHECK (language IN ('da', 'en')),
        CONSTRAINT courses_topic_check CHECK (topic IN ('forms', 'invoicing', 'integrations', 'app', 'planning', 'time_registration', 'users_rights', 'reports', 'stock', 'customers', 'tasks', 'agreement', 'other')),
        CONSTRAINT courses_price_check CHECK (price_dkk >= 0)
      )`);
    await q.query(`CREATE INDEX ix_courses_topic_language ON courses (topic, language)`);
    await q.query(`
      CREATE TABLE course_dates (
        id serial PRIMARY KEY,
        course_id integer NOT NULL,
        starts_at timestamptz NOT NULL,
        seats_total integer NOT NULL,
        seats_left integer NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT course_dates_course_id_fkey FOREIGN KEY (course_id) REFERENCES courses(id) ON DELETE CASCADE,
        CONSTRAINT course_dates_course_id_starts_at_key UNIQUE (course_id, starts_at),
        CONSTRAINT course_dates_seats_total_check CHECK (seats_total >= 0),
        CONSTRAINT course_dates_seats_left_check CHECK (seats_left >= 0 AND seats_left <= seats_total)
      )`);
    await q.query(`CREATE INDEX ix_course_dates_starts_at ON course_dates (starts_at)`);
    await q.query(`
      CREATE TABLE course_offers (
        id serial PRIMARY KEY,
        ticket_id integer NOT NULL,
        outbox_id bigint,
        course_id integer,
        date_ids integer[] NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT course_offers_ticket_id_fkey FOREIGN KEY (ticket_id) REFERENCES tickets(id) ON DELETE CASCADE,
        CONSTRAINT course_offers_outbox_id_fkey FOREIGN KEY (outbox_id) REFERENCES outbox(id) ON DELETE SET NULL,
        CONSTRAINT course_offers_course_id_fkey FOREIGN KEY (course_id) REFERENCES courses(id) ON DELETE SET NULL,
        CONSTRAINT course_offers_outbox_id_key UNIQUE (outbox_id),
        CONSTRAINT course_offers_date_ids_check CHECK (cardinality(date_ids) BETWEEN 1 AND 3)
      )`);
    await q.query(`CREATE INDEX ix_course_offers_ticket ON course_offers (ticket_id, id)`);
    await q.query(`
      CREATE TABLE course_bookings (
        id serial PRIMARY KEY,
        ticket_id integer NOT NULL,
        course_date_id integer NOT NULL,
        offer_id integer,
        inbound_mail_id bigint,
        company_id integer,
        price_dkk integer NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT course_bookings_ticket_id_fkey FOREIGN KEY (ticket_id) REFERENCES tickets(id) ON DELETE CASCADE,
        CONSTRAINT course_bookings_course_date_id_fkey FOREIGN KEY (course_date_id) REFERENCES course_dates(id) ON DELETE RESTRICT,
        CONSTRAINT course_bookings_offer_id_fkey FOREIGN KEY (offer_id) REFERENCES course_offers(id) ON DELETE SET NULL,
        CONSTRAINT course_bookings_inbound_mail_id_fkey FOREIGN KEY (inbound_mail_id) REFERENCES inbound_mails(id) ON DELETE SET NULL,
        CONSTRAINT course_bookings_company_id_fkey FOREIGN KEY (company_id) REFERENCES companies(id) ON DELETE SET NULL,
        CONSTRAINT course_bookings_ticket_id_course_date_id_key UNIQUE (ticket_id, course_date_id),
        CONSTRAINT course_bookings_inbound_mail_id_key UNIQUE (inbound_mail_id),
        CONSTRAINT course_bookings_price_check CHECK (price_dkk >= 0)
      )`);
    await q.query(`CREATE INDEX ix_course_bookings_date ON course_bookings (course_date_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS course_bookings`);
    await q.query(`DROP TABLE IF EXISTS course_offers`);
    await q.query(`DROP TABLE IF EXISTS course_dates`);
    await q.query(`DROP TABLE IF EXISTS courses`);
  }
}

import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Phone-time billing (phone_calls) and the record of scheduled reports sent (report_runs). */
export class PhoneCallsReportRuns1765000000000 implements MigrationInterface {
  name = 'PhoneCallsReportRuns1765000000000';

  async up(q: QueryRunner): Promise<void> {
    // company_id without ON DELETE: a company with billed calls must not vanish with its invoice basis.
    await q.query(`
      CREATE TABLE phone_calls (
        id serial PRIMARY KEY,
        ticket_id integer REFERENCES tickets(id) ON DELETE SET NULL,
        company_id integer NOT NULL REFERENCES companies(id),
        call_date date NOT NULL,
        minutes integer NOT NULL CHECK (minutes > 0),
        agent text,
        is_error boolean NOT NULL DEFAULT false,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX ix_phone_calls_date ON phone_calls (call_date, company_id)`);
    // period_key is UNIQUE: the claim that makes a scheduled report go out once per period.
    await q.query(`
      CREATE TABLE report_runs (
        id serial PRIMARY KEY,
        period_key text NOT NULL UNIQUE,
        kind text NOT NULL,
        period_from date NOT NULL,
        period_to date NOT NULL,
        recipients text[] NOT NULL DEFAULT '{}',
        message_id text,
        claimed_at timestamptz NOT NULL DEFAULT now(),
        sent_at timestamptz,
        CHECK (period_to >= period_from)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS report_runs`);
    await q.query(`DROP TABLE IF EXISTS phone_calls`);
  }
}

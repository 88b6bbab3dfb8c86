import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Worker leases: each worker process keeps one row alive with a heartbeat, and the reply it
 * is sending names it (outbox.claimed_by). A reply left `sending` by a worker whose lease has
 * run out is taken over within seconds, instead of after a fixed OUTBOX_STALE_SECONDS.
 */
export class WorkerLeases1765200000000 implements MigrationInterface {
  name = 'WorkerLeases1765200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE worker_leases (
        id uuid PRIMARY KEY,
        host text NOT NULL,
        pid integer NOT NULL,
        started_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL
      )`);
    await q.query(`ALTER TABLE outbox ADD COLUMN claimed_by uuid`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE outbox DROP COLUMN IF EXISTS claimed_by`);
    await q.query(`DROP TABLE IF EXISTS worker_leases`);
  }
}

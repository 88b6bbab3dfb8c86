import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { DataSource, EntityManager } from 'typeorm';

/**
 * Each worker process holds a lease: a row in worker_leases that it renews every
 * `ttlMs / 3` and deletes on a clean stop. Work a worker claims names its lease (a reply being
 * sent: outbox.claimed_by), so another worker knows within `ttlMs` of a crash that the claim
 * is dead and takes the work over — no fixed stale timeout that must outlast every slow send.
 *
 * Why not the advisory lock that PostgreSQL frees when a session dies: a PostgreSQL restart
 * frees it too, from workers that are alive and may be mid-send. A lease row survives the
 * restart; after one, every lease looks expired until its worker renews it, so a lease is
 * judged dead only once the server has been up longer than the lease (DEAD_CLAIM_SQL).
 */
export interface WorkerLeaseHandle {
  readonly id: string;
  /** Stops renewing and deletes the row (bounded by the caller's shutdown deadline). */
  release(): Promise<void>;
}

/**
 * SQL condition, true when the lease `claimSql` (a uuid column or parameter) is not held by a
 * live worker. `$ttl` is a placeholder for the lease length in milliseconds.
 */
export function deadClaimSql(claimSql: string, ttlParam: string): string {
  return `(${claimSql} IS NULL OR NOT EXISTS (SELECT 1 FROM worker_leases l WHERE l.id = ${claimSql} AND l.expires_at > now()))
          AND now() - pg_postmaster_start_time() > ${ttlParam}::int * interval '1 millisecond'`;
}

export async function renewLease(db: DataSource | EntityManager, id: string, ttlMs: number): Promise<void> {
  await db.query(
    `INSERT INTO worker_leases (id, host, pid, expires_at) VALUES ($1, $2, $3, now() + $4::int * interval '1 millisecond')
     ON CONFLICT (id) DO UPDATE SET expires_at = EXCLUDED.expires_at`,
    [id, hostname(), process.pid, ttlMs],
  );
}

/**
 * Takes a lease and keeps it alive. A failed renewal (the database is down) is reported to
 * `onError` and tried again at the next tick; the lease simply runs out if the outage lasts.
 */
export async function holdWorkerLease(
  db: DataSource,
  ttlMs: number,
  hooks: { onError?: (err: unknown) => void; onRenewed?: () => void } = {},
): Promise<WorkerLeaseHandle> {
  const id = randomUUID();
  await renewLease(db, id, ttlMs);
  // Leases of workers long gone (killed, never released) are of no use to anyone.
  await db.query(`DELETE FROM worker_leases WHERE expires_at < now() - interval '1 day'`).catch(() => undefined);
  let renewing: Promise<void> | null = null;
  const timer = setInterval(() => {
    if (renewing) return; // a renewal hanging on a dead connection is not stacked
    renewing = renewLease(db, id, ttlMs)
      .then(() => hooks.onRenewed?.(), (err) => hooks.onError?.(err))
      .finally(() => (renewing = null));
  }, Math.max(200, Math.floor(ttlMs / 3)));
  timer.unref();
  return {
    id,
    async release() {
      clearInterval(timer);
      await renewing;
      await db.query(`DELETE FROM worker_leases WHERE id = $1`, [id]).catch(() => undefined);
    },
  };
}

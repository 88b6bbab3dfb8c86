import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * A row is one running worker process, alive while `expires_at` is in the future: the worker
 * renews it every few seconds (src/queue/worker-lease.ts) and deletes it on a clean stop.
 */
@Entity('worker_leases')
export class WorkerLease {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'worker_leases_pkey' })
  id: string;

  @Column({ type: 'text' })
  host: string;

  @Column({ type: 'integer' })
  pid: number;

  @Column({ name: 'started_at', type: 'timestamptz', default: () => 'now()' })
  startedAt: Date;

  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt: Date;
}

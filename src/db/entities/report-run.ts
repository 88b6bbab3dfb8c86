import { Check, Column, Entity, PrimaryGeneratedColumn, Unique } from 'typeorm';

/**
 * A row is one scheduled report sent for one period (e.g. "training:2026-11-02..2026-11-08").
 * Inserted before the mail is sent, in the same transaction: the UNIQUE period key lets only
 * one worker send it, once, however many workers run or restart.
 */
@Entity('report_runs')
@Unique('report_runs_period_key_key', ['periodKey'])
@Check('report_runs_check', 'period_to >= period_from')
export class ReportRun {
  @PrimaryGeneratedColumn('increment', { type: 'integer', primaryKeyConstraintName: 'report_runs_pkey' })
  id: number;

  @Column({ name: 'period_key', type: 'text' })
  periodKey: string;

  @Column({ type: 'text' })
  kind: string;

  @Column({ name: 'period_from', type: 'date' })
  periodFrom: string;

  @Column({ name: 'period_to', type: 'date' })
  periodTo: string;

  @Column({ type: 'text', array: true, default: () => "'{}'" })
  recipients: string[];

  @Column({ name: 'message_id', type: 'text', nullable: true })
  messageId: string | null;

  @Column({ name: 'claimed_at', type: 'timestamptz', default: () => 'now()' })
  claimedAt: Date;

  @Column({ name: 'sent_at', type: 'timestamptz', nullable: true })
  sentAt: Date | null;
}

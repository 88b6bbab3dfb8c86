import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import type { Company } from './company';
import type { Ticket } from './ticket';

/**
 * A row is one phone call to the Servicedesk, logged by the agent who took it. Priced per
 * call by src/reports/phone-billing.ts with the company's agreement on `call_date`.
 */
@Entity('phone_calls')
@Index('ix_phone_calls_date', ['callDate', 'companyId'])
@Check('phone_calls_minutes_check', 'minutes > 0')
export class PhoneCall {
  @PrimaryGeneratedColumn('increment', { type: 'integer', primaryKeyConstraintName: 'phone_calls_pkey' })
  id: number;

  /** The ticket the call was about; null for a call that belongs to none. */
  @Column({ name: 'ticket_id', type: 'integer', nullable: true })
  ticketId: number | null;

  @ManyToOne('Ticket', { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'ticket_id', foreignKeyConstraintName: 'phone_calls_ticket_id_fkey' })
  ticket?: Ticket | null;

  @Column({ name: 'company_id', type: 'integer' })
  companyId: number;

  // No cascade: a company with billed calls is not deleted by accident.
  @ManyToOne('Company', { onDelete: 'NO ACTION' })
  @JoinColumn({ name: 'company_id', foreignKeyConstraintName: 'phone_calls_company_id_fkey' })
  company?: Company;

  /** YYYY-MM-DD; decides which agreement applies. */
  @Column({ name: 'call_date', type: 'date' })
  callDate: string;

  /** Minutes talked (> 0), before rounding up to 30. */
  @Column({ type: 'integer' })
  minutes: number;

  @Column({ type: 'text', nullable: true })
  agent: string | null;

  /** An error report by phone: free under every agreement. */
  @Column({ name: 'is_error', type: 'boolean', default: false })
  isError: boolean;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}

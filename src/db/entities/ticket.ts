import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Unique, UpdateDateColumn } from 'typeorm';
import type { ReasonLike } from '../../domain/reasons';
import { TICKET_STATUSES, type AgreementKind, type Category, type Language, type SenderStatus, type TicketQueue, type TicketStatus, type Topic } from '../../domain/vocabulary';
import type { Company } from './company';
import { oneOf } from './constraints';
import type { SupportContact } from './support-contact';
import type { User } from './user';

/** A row is one conversation with a customer: the first mail and every reply that joins it. */
@Entity('tickets')
@Index('ix_tickets_queue', ['queue', 'status', 'createdAt'])
// "Mine sager": the few assigned tickets, without indexing the many unassigned ones.
@Index('ix_tickets_assigned', ['assignedUserId'], { where: 'assigned_user_id IS NOT NULL' })
@Unique('tickets_reference_key', ['reference'])
@Check('tickets_status_check', oneOf('status', TICKET_STATUSES))
export class Ticket {
  @PrimaryGeneratedColumn('increment', { type: 'integer', primaryKeyConstraintName: 'tickets_pkey' })
  id: number;

  /** Human reference, e.g. MB-000123; carried in the subject of every reply. */
  @Column({ type: 'text' })
  reference: string;

  @Column({ type: 'text' })
  subject: string;

  @Column({ type: 'text' })
  category: Category;

  @Column({ type: 'real' })
  confidence: number;

  @Column({ type: 'text' })
  language: Language;

  @Column({ type: 'text', nullable: true })
  topic: Topic | null;

  /**
   * For the agent: what decided the category (the classifier's sentences), the sender, the
   * reply and the thread (codes with parameters, put into words by src/i18n/messages.ts).
   */
  @Column({ type: 'jsonb', default: () => "'[]'" })
  explanation: ReasonLike[];

  /** DMARC failed at our receiving server for the mail that opened the ticket: the From may be forged. */
  @Column({ name: 'sender_forged', type: 'boolean', default: false })
  senderForged: boolean;

  /** The sender could not be verified (several From addresses, no trusted DMARC result for its domain). */
  @Column({ name: 'sender_unverified', type: 'boolean', default: false })
  senderUnverified: boolean;

  /** Why the mail was judged a training need (signs of missing basics, deciding words); empty otherwise. */
  @Column({ name: 'training_evidence', type: 'jsonb', default: () => "'[]'" })
  trainingEvidence: string[];

  @Column({ name: 'sender_status', type: 'text' })
  senderStatus: SenderStatus;

  @Column({ name: 'from_address', type: 'text' })
  fromAddress: string;

  @Column({ name: 'company_id', type: 'integer', nullable: true })
  companyId: number | null;

  @ManyToOne('Company', { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'company_id', foreignKeyConstraintName: 'tickets_company_id_fkey' })
  company?: Company | null;

  @Column({ name: 'contact_id', type: 'integer', nullable: true })
  contactId: number | null;

  @ManyToOne('SupportContact', { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'contact_id', foreignKeyConstraintName: 'tickets_contact_id_fkey' })
  contact?: SupportContact | null;

  /** The agreement that applied when the ticket was opened. */
  @Column({ name: 'agreement_kind', type: 'text', nullable: true })
  agreementKind: AgreementKind | null;

  @Column({ type: 'text' })
  queue: TicketQueue;

  @Column({ type: 'text', default: 'open' })
  status: TicketStatus;

  /** Lower-case addresses that took part (From of inbound mails): who may join by reference. */
  @Column({ type: 'text', array: true, default: () => "'{}'" })
  participants: string[];

  /** The agent working it (users.id), or null. */
  @Column({ name: 'assigned_user_id', type: 'integer', nullable: true })
  assignedUserId: number | null;

  @ManyToOne('User', { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'assigned_user_id', foreignKeyConstraintName: 'tickets_assigned_user_id_fkey' })
  assignedUser?: User | null;

  /** Set when this ticket continues one that was closed too long ago to reopen. */
  @Column({ name: 'linked_ticket_id', type: 'integer', nullable: true })
  linkedTicketId: number | null;

  @ManyToOne('Ticket', { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'linked_ticket_id', foreignKeyConstraintName: 'tickets_linked_ticket_id_fkey' })
  linkedTicket?: Ticket | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;

  @Column({ name: 'closed_at', type: 'timestamptz', nullable: true })
  closedAt: Date | null;
}

import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Unique } from 'typeorm';
import type { Course } from './course';
import type { OutboxReply } from './outbox-reply';
import type { Ticket } from './ticket';

/**
 * The course dates a training-offer reply listed, in the order shown (option 1, 2, 3), so that
 * the customer's "2" is resolved against exactly what they were shown.
 */
@Entity('course_offers')
@Unique('course_offers_outbox_id_key', ['outboxId'])
@Index('ix_course_offers_ticket', ['ticketId', 'id'])
@Check('course_offers_date_ids_check', 'cardinality(date_ids) BETWEEN 1 AND 3')
export class CourseOffer {
  @PrimaryGeneratedColumn('increment', { type: 'integer', primaryKeyConstraintName: 'course_offers_pkey' })
  id: number;

  @Column({ name: 'ticket_id', type: 'integer' })
  ticketId: number;

  @ManyToOne('Ticket', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'ticket_id', foreignKeyConstraintName: 'course_offers_ticket_id_fkey' })
  ticket?: Ticket;

  @Column({ name: 'outbox_id', type: 'bigint', nullable: true })
  outboxId: string | null;

  @ManyToOne('OutboxReply', { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'outbox_id', foreignKeyConstraintName: 'course_offers_outbox_id_fkey' })
  outbox?: OutboxReply | null;

  @Column({ name: 'course_id', type: 'integer', nullable: true })
  courseId: number | null;

  @ManyToOne('Course', { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'course_id', foreignKeyConstraintName: 'course_offers_course_id_fkey' })
  course?: Course | null;

  @Column({ name: 'date_ids', type: 'integer', array: true })
  dateIds: number[];

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}

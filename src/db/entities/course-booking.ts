import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Unique } from 'typeorm';
import type { Company } from './company';
import type { CourseDate } from './course-date';
import type { CourseOffer } from './course-offer';
import type { InboundMail } from './inbound-mail';
import type { Ticket } from './ticket';

/**
 * A seat booked on a course date by a customer's answer to a training offer. Unique per
 * (ticket, date) and per inbound mail: the same answer twice, or re-delivered, books once.
 */
@Entity('course_bookings')
@Unique('course_bookings_ticket_id_course_date_id_key', ['ticketId', 'courseDateId'])
@Unique('course_bookings_inbound_mail_id_key', ['inboundMailId'])
@Index('ix_course_bookings_date', ['courseDateId'])
@Check('course_bookings_price_check', 'price_dkk >= 0')
export class CourseBooking {
  @PrimaryGeneratedColumn('increment', { type: 'integer', primaryKeyConstraintName: 'course_bookings_pkey' })
  id: number;

  @Column({ name: 'ticket_id', type: 'integer' })
  ticketId: number;

  @ManyToOne('Ticket', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'ticket_id', foreignKeyConstraintName: 'course_bookings_ticket_id_fkey' })
  ticket?: Ticket;

  @Column({ name: 'course_date_id', type: 'integer' })
  courseDateId: number;

  @ManyToOne('CourseDate', { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'course_date_id', foreignKeyConstraintName: 'course_bookings_course_date_id_fkey' })
  courseDate?: CourseDate;

  @Column({ name: 'offer_id', type: 'integer', nullable: true })
  offerId: number | null;

  @ManyToOne('CourseOffer', { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'offer_id', foreignKeyConstraintName: 'course_bookings_offer_id_fkey' })
  offer?: CourseOffer | null;

  @Column({ name: 'inbound_mail_id', type: 'bigint', nullable: true })
  inboundMailId: string | null;

  @ManyToOne('InboundMail', { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'inbound_mail_id', foreignKeyConstraintName: 'course_bookings_inbound_mail_id_fkey' })
  inboundMail?: InboundMail | null;

  @Column({ name: 'company_id', type: 'integer', nullable: true })
  companyId: number | null;

  @ManyToOne('Company', { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'company_id', foreignKeyConstraintName: 'course_bookings_company_id_fkey' })
  company?: Company | null;

  /** The price for the customer's agreement at booking time, kroner excl. VAT. */
  @Column({ name: 'price_dkk', type: 'integer' })
  priceDkk: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}

import { Column, CreateDateColumn, Entity, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import type { InboundMail } from './inbound-mail';
import type { Ticket } from './ticket';
import type { Category } from '../../domain/vocabulary';

/** A row is one agent's correction of the classifier; `npm run train` learns from it. */
@Entity('classification_corrections')
export class ClassificationCorrection {
  @PrimaryGeneratedColumn('increment', { type: 'integer', primaryKeyConstraintName: 'classification_corrections_pkey' })
  id: number;

  @Column({ name: 'ticket_id', type: 'integer', nullable: true })
  ticketId: number | null;

  @ManyToOne('Ticket', { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'ticket_id', foreignKeyConstraintName: 'classification_corrections_ticket_id_fkey' })
  ticket?: Ticket | null;

  @Column({ name: 'inbound_mail_id', type: 'bigint' })
  inboundMailId: string;

  @ManyToOne('InboundMail', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'inbound_mail_id', foreignKeyConstraintName: 'classification_corrections_inbound_mail_id_fkey' })
  inboundMail?: InboundMail;

  @Column({ name: 'from_category', type: 'text' })
  fromCategory: Category;

  @Column({ name: 'to_category', type: 'text' })
  toCategory: Category;

  @Column({ name: 'created_by', type: 'text' })
  createdBy: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}

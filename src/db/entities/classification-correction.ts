import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { Category } from '../../domain/vocabulary';

/** A row is one agent's correction of the classifier; `npm run train` learns from it. */
@Entity('classification_corrections')
export class ClassificationCorrection {
  @PrimaryGeneratedColumn('increment', { type: 'integer' })
  id: number;

  @Column({ name: 'ticket_id', type: 'integer', nullable: true })
  ticketId: number | null;

  @Column({ name: 'inbound_mail_id', type: 'bigint' })
  inboundMailId: string;

  @Column({ name: 'from_category', type: 'text' })
  fromCategory: Category;

  @Column({ name: 'to_category', type: 'text' })
  toCategory: Category;

  @Column({ name: 'created_by', type: 'text' })
  createdBy: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}

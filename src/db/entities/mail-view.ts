import { Column, CreateDateColumn, Entity, JoinColumn, OneToOne, PrimaryColumn } from 'typeorm';
import type { InboundMail } from './inbound-mail';

/**
 * A row is what the agent workspace shows of one inbound mail, computed once by the pipeline
 * (src/pipeline/view/build-view.ts) so that a page only reads it and never parses the mail.
 */
@Entity('mail_views')
export class MailViewRow {
  @PrimaryColumn({ name: 'inbound_mail_id', type: 'bigint', primaryKeyConstraintName: 'mail_views_pkey' })
  inboundMailId: string;

  @OneToOne('InboundMail', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'inbound_mail_id', foreignKeyConstraintName: 'mail_views_inbound_mail_id_fkey' })
  inboundMail?: InboundMail;

  @Column({ name: 'from_name', type: 'text', default: '' })
  fromName: string;

  @Column({ name: 'from_address', type: 'text', default: '' })
  fromAddress: string;

  @Column({ type: 'text', default: '' })
  subject: string;

  @Column({ name: 'sent_at', type: 'timestamptz', nullable: true })
  sentAt: Date | null;

  @Column({ type: 'text', default: '' })
  text: string;

  @Column({ name: 'new_text', type: 'text', default: '' })
  newText: string;

  /** Sanitised, remote images blocked. */
  @Column({ type: 'text', nullable: true })
  html: string | null;

  /** Sanitised with remote images kept; null when the mail has none. */
  @Column({ name: 'html_with_images', type: 'text', nullable: true })
  htmlWithImages: string | null;

  @Column({ name: 'remote_images', type: 'integer', default: 0 })
  remoteImages: number;

  @Column({ name: 'remote_origins', type: 'text', array: true, default: () => "'{}'" })
  remoteOrigins: string[];

  @Column({ type: 'jsonb', default: () => "'[]'" })
  attachments: unknown[];

  @Column({ type: 'jsonb', default: () => "'[]'" })
  warnings: string[];

  @Column({ name: 'parse_error', type: 'text', nullable: true })
  parseError: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}

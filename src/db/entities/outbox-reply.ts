import type { Reason } from '../../domain/reasons';
import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { oneOf } from './constraints';
import type { InboundMail } from './inbound-mail';
import type { Ticket } from './ticket';

export const OUTBOX_STATES = ['pending', 'sending', 'sent', 'failed', 'suppressed', 'bounced'] as const;
export type OutboxState = (typeof OUTBOX_STATES)[number];

/**
 * A row is one reply we decided to send (or deliberately did not: suppressed, with the reason).
 * Its Message-ID is reserved when the row is written, before any send, so a retried job sends
 * the same mail and a bounce can be traced back to it.
 */
@Entity('outbox')
@Index('ix_outbox_recipient', ['toAddress', 'createdAt'])
// One reply per inbound mail at most, and Message-IDs are ours and unique.
@Unique('outbox_inbound_mail_id_key', ['inboundMailId'])
@Unique('outbox_message_id_key', ['messageId'])
@Check('outbox_state_check', oneOf('state', OUTBOX_STATES))
export class OutboxReply {
  @PrimaryGeneratedColumn('increment', { type: 'bigint', primaryKeyConstraintName: 'outbox_pkey' })
  id: string;

  @Column({ name: 'ticket_id', type: 'integer', nullable: true })
  ticketId: number | null;

  @ManyToOne('Ticket', { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'ticket_id', foreignKeyConstraintName: 'outbox_ticket_id_fkey' })
  ticket?: Ticket | null;

  /** The mail this answers automatically; unique, so one mail never gets two automatic replies. */
  @Column({ name: 'inbound_mail_id', type: 'bigint', nullable: true })
  inboundMailId: string | null;

  @ManyToOne('InboundMail', { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'inbound_mail_id', foreignKeyConstraintName: 'outbox_inbound_mail_id_fkey' })
  inboundMail?: InboundMail | null;

  /** The X-Servicedesk-Reply value, e.g. "support/basis"; "agent" for a reply written by an agent. */
  @Column({ type: 'text' })
  kind: string;

  @Column({ name: 'to_address', type: 'text' })
  toAddress: string;

  @Column({ name: 'to_name', type: 'text', nullable: true })
  toName: string | null;

  @Column({ type: 'text', array: true, default: () => "'{}'" })
  cc: string[];

  @Column({ type: 'text' })
  subject: string;

  @Column({ name: 'body_text', type: 'text' })
  bodyText: string;

  @Column({ name: 'body_html', type: 'text', nullable: true })
  bodyHtml: string | null;

  @Column({ name: 'message_id', type: 'text' })
  messageId: string;

  @Column({ name: 'in_reply_to', type: 'text', nullable: true })
  inReplyTo: string | null;

  @Column({ type: 'text', array: true, default: () => "'{}'" })
  references: string[];

  @Column({ type: 'text', default: 'pending' })
  state: OutboxState;

  /** Why it was suppressed or failed, e.g. "budget: 5 automatic replies in the last hour". */
  @Column({ type: 'text', nullable: true })
  reason: string | null;

  /** The same reason as a code with parameters (src/domain/reasons.ts), shown in the reader's language; null on older rows. */
  @Column({ name: 'reason_detail', type: 'jsonb', nullable: true })
  reasonDetail: Reason | null;

  /**
   * The help-centre articles this automatic reply listed (src/help): a snapshot of id, url,
   * title, language and score, kept when the article is later edited or deleted.
   */
  @Column({ name: 'help_articles', type: 'jsonb', default: () => "'[]'" })
  helpArticles: { id: number; url: string; title: string; language: string; score: number }[];

  @Column({ type: 'integer', default: 0 })
  attempts: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'sent_at', type: 'timestamptz', nullable: true })
  sentAt: Date | null;

  /** The worker lease (worker_leases.id) of the worker that claimed it for sending. */
  @Column({ name: 'claimed_by', type: 'uuid', nullable: true })
  claimedBy: string | null;
}

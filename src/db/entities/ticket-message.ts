import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { oneOf } from './constraints';
import type { InboundMail } from './inbound-mail';
import type { Ticket } from './ticket';

export const MESSAGE_DIRECTIONS = ['inbound', 'outbound', 'note'] as const;
export type MessageDirection = (typeof MESSAGE_DIRECTIONS)[number];

/** A row is one message of a ticket's thread: a customer mail, a reply we sent, or an internal note. */
@Entity('ticket_messages')
@Index('ix_ticket_messages_ticket', ['ticketId', 'id'])
@Index('ix_ticket_messages_message_id', ['messageId'])
// The loop budget counts a sender's recent inbound mails.
@Index('ix_ticket_messages_inbound_from', ['fromAddress', 'createdAt'], { where: "direction = 'inbound'" })
@Check('ticket_messages_direction_check', oneOf('direction', MESSAGE_DIRECTIONS))
export class TicketMessage {
  @PrimaryGeneratedColumn('increment', { type: 'bigint', primaryKeyConstraintName: 'ticket_messages_pkey' })
  id: string;

  @Column({ name: 'ticket_id', type: 'integer' })
  ticketId: number;

  @ManyToOne('Ticket', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'ticket_id', foreignKeyConstraintName: 'ticket_messages_ticket_id_fkey' })
  ticket?: Ticket;

  @Column({ type: 'text' })
  direction: MessageDirection;

  @Column({ name: 'inbound_mail_id', type: 'bigint', nullable: true })
  inboundMailId: string | null;

  @ManyToOne('InboundMail', { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'inbound_mail_id', foreignKeyConstraintName: 'ticket_messages_inbound_mail_id_fkey' })
  inboundMail?: InboundMail | null;

  @Column({ name: 'outbox_id', type: 'bigint', nullable: true })
  outboxId: string | null;

  /** Without angle brackets; used to thread replies (In-Reply-To/References). */
  @Column({ name: 'message_id', type: 'text', nullable: true })
  messageId: string | null;

  @Column({ name: 'from_address', type: 'text', nullable: true })
  fromAddress: string | null;

  @Column({ type: 'text', default: '' })
  subject: string;

  /** Only the new text (quotes and signature removed), for the thread view. */
  @Column({ name: 'new_text', type: 'text', default: '' })
  newText: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}

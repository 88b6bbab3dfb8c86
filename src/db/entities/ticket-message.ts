import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export type MessageDirection = 'inbound' | 'outbound' | 'note';

/** A row is one message of a ticket's thread: a customer mail, a reply we sent, or an internal note. */
@Entity('ticket_messages')
@Index('ix_ticket_messages_ticket', ['ticketId', 'id'])
@Index('ix_ticket_messages_message_id', ['messageId'])
export class TicketMessage {
  @PrimaryGeneratedColumn('increment', { type: 'bigint' })
  id: string;

  @Column({ name: 'ticket_id', type: 'integer' })
  ticketId: number;

  @Column({ type: 'text' })
  direction: MessageDirection;

  @Column({ name: 'inbound_mail_id', type: 'bigint', nullable: true })
  inboundMailId: string | null;

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

import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { oneOf } from './constraints';
import type { Ticket } from './ticket';

export const INBOUND_STATES = ['received', 'processed', 'ignored', 'quarantined'] as const;
export type InboundState = (typeof INBOUND_STATES)[number];

/**
 * A row is one mail as it arrived, kept byte for byte before anything else happens.
 * Identity is Message-ID plus a content hash: a reused Message-ID with other content is a
 * new mail, a second delivery of the same mail is not.
 */
@Entity('inbound_mails')
@Unique('uq_inbound_identity', ['messageId', 'contentHash'])
@Index('ix_inbound_state', ['state', 'id'])
@Check('inbound_mails_state_check', oneOf('state', INBOUND_STATES))
export class InboundMail {
  @PrimaryGeneratedColumn('increment', { type: 'bigint', primaryKeyConstraintName: 'inbound_mails_pkey' })
  id: string;

  /** Where it came from: an IMAP mailbox name, or "folder:<path>" for run-folder. */
  @Column({ type: 'text' })
  mailbox: string;

  @Column({ type: 'bigint', nullable: true })
  uidvalidity: string | null;

  @Column({ type: 'bigint', nullable: true })
  uid: string | null;

  /** Without angle brackets. Synthesised from the content hash when the mail had none. */
  @Column({ name: 'message_id', type: 'text' })
  messageId: string;

  @Column({ name: 'message_id_synthetic', type: 'boolean', default: false })
  messageIdSynthetic: boolean;

  /** sha256 hex over the body and the From/Date/Subject headers (not Received: lines). */
  @Column({ name: 'content_hash', type: 'char', length: 64 })
  contentHash: string;

  /** The raw RFC 822 bytes; null only for an oversize mail, whose headers are in raw_headers. */
  @Column({ type: 'bytea', nullable: true })
  raw: Buffer | null;

  @Column({ name: 'raw_headers', type: 'bytea', nullable: true })
  rawHeaders: Buffer | null;

  @Column({ type: 'integer' })
  size: number;

  @Column({ type: 'text', default: 'received' })
  state: InboundState;

  /** Why it was ignored or quarantined, or the last processing error. */
  @Column({ name: 'last_error', type: 'text', nullable: true })
  lastError: string | null;

  @Column({ type: 'integer', default: 0 })
  attempts: number;

  /** Set while a parse of this mail runs; still set when the next attempt starts, it crashed. */
  @Column({ name: 'parse_started_at', type: 'timestamptz', nullable: true })
  parseStartedAt: Date | null;

  /** Parses that failed or crashed; at MAIL_MAX_FAILED_ATTEMPTS the mail is quarantined. */
  @Column({ type: 'integer', default: 0 })
  strikes: number;

  @Column({ name: 'ticket_id', type: 'integer', nullable: true })
  ticketId: number | null;

  @ManyToOne('Ticket', { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'ticket_id', foreignKeyConstraintName: 'fk_inbound_ticket' })
  ticket?: Ticket | null;

  @CreateDateColumn({ name: 'received_at', type: 'timestamptz' })
  receivedAt: Date;

  @Column({ name: 'processed_at', type: 'timestamptz', nullable: true })
  processedAt: Date | null;
}

import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * A row is how far one IMAP mailbox has been read: every UID ≤ last_uid under this
 * UIDVALIDITY is stored. A changed UIDVALIDITY (RFC 3501 §2.3.1.1) restarts at UID 1; the
 * mail identity keeps that from doubling anything.
 */
@Entity('mailbox_cursors')
export class MailboxCursor {
  @PrimaryColumn({ type: 'text', primaryKeyConstraintName: 'mailbox_cursors_pkey' })
  mailbox: string;

  @Column({ type: 'bigint' })
  uidvalidity: string;

  @Column({ name: 'last_uid', type: 'bigint', default: 0 })
  lastUid: string;

  @Column({ name: 'last_sync_at', type: 'timestamptz', nullable: true })
  lastSyncAt: Date | null;
}

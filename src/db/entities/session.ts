import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import type { User } from './user';

/**
 * A row is one logged-in browser. The cookie carries a random id; only its SHA-256 is stored,
 * so a leaked database dump cannot be replayed as a login.
 */
@Entity('sessions')
@Index('ix_sessions_expires', ['expiresAt'])
export class Session {
  @PrimaryColumn({ name: 'id_hash', type: 'char', length: 64, primaryKeyConstraintName: 'sessions_pkey' })
  idHash: string;

  @Column({ name: 'user_id', type: 'integer' })
  userId: number;

  @ManyToOne('User', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'sessions_user_id_fkey' })
  user?: User;

  /** The synchronizer token every form of this session must echo back (CSRF). */
  @Column({ name: 'csrf_token', type: 'text' })
  csrfToken: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt: Date;
}

import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * A row is one logged-in browser. The cookie carries a random id; only its SHA-256 is stored,
 * so a leaked database dump cannot be replayed as a login.
 */
@Entity('sessions')
@Index('ix_sessions_expires', ['expiresAt'])
export class Session {
  @PrimaryColumn({ name: 'id_hash', type: 'char', length: 64 })
  idHash: string;

  @Column({ name: 'user_id', type: 'integer' })
  userId: number;

  /** The synchronizer token every form of this session must echo back (CSRF). */
  @Column({ name: 'csrf_token', type: 'text' })
  csrfToken: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt: Date;
}

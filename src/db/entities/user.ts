import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

export const USER_ROLES = ['agent', 'manager', 'admin'] as const;
export type UserRole = (typeof USER_ROLES)[number];

/** A row is one person who may log in to the agent workspace, with what they may do (role). */
@Entity('users')
export class User {
  @PrimaryGeneratedColumn('increment', { type: 'integer' })
  id: number;

  /** Lower-case; the login name. */
  @Column({ type: 'text', unique: true })
  email: string;

  @Column({ type: 'text', default: '' })
  name: string;

  @Column({ type: 'text' })
  role: UserRole;

  /** `scrypt$N$r$p$salt$hash` (base64url): the parameters travel with the hash so they can be raised later. */
  @Column({ name: 'password_hash', type: 'text' })
  passwordHash: string;

  /** The language reasons and warnings are shown in: da (default) or en; chosen on the account page. */
  @Column({ type: 'text', default: 'da' })
  language: 'da' | 'en';

  /** A disabled user keeps their history (assignments, notes) but cannot log in or use tokens. */
  @Column({ type: 'boolean', default: false })
  disabled: boolean;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}

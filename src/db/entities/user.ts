import { Check, Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { LANGUAGES, type Language } from '../../domain/vocabulary';
import { oneOf } from './constraints';

export const USER_ROLES = ['agent', 'manager', 'admin'] as const;
export type UserRole = (typeof USER_ROLES)[number];

/** A row is one person who may log in to the agent workspace, with what they may do (role). */
@Entity('users')
@Unique('users_email_key', ['email'])
@Check('users_email_check', 'email = lower(email)')
@Check('users_role_check', oneOf('role', USER_ROLES))
@Check('users_language_check', oneOf('language', LANGUAGES))
export class User {
  @PrimaryGeneratedColumn('increment', { type: 'integer', primaryKeyConstraintName: 'users_pkey' })
  id: number;

  /** Lower-case; the login name. */
  @Column({ type: 'text' })
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
  language: Language;

  /** A disabled user keeps their history (assignments, notes) but cannot log in or use tokens. */
  @Column({ type: 'boolean', default: false })
  disabled: boolean;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}

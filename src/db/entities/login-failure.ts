import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * One failed sign-in: the login limits (users/login-limits.ts) count these per client address
 * and per account over a sliding window; old rows are pruned by time.
 */
@Entity('login_failures')
@Index('ix_login_failures_client', ['client', 'at'])
@Index('ix_login_failures_account', ['accountKey', 'at'])
@Index('ix_login_failures_at', ['at'])
export class LoginFailure {
  @PrimaryGeneratedColumn('increment', { type: 'bigint', primaryKeyConstraintName: 'login_failures_pkey' })
  id: string;

  /** sha256 of the account name tried, so the table holds no e-mail addresses. */
  @Column({ name: 'account_key', type: 'char', length: 64 })
  accountKey: string;

  @Column({ type: 'text' })
  client: string;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  at: Date;
}

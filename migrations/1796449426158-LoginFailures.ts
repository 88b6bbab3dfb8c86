import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Failed logins, for the login limits (src/users/login-limits.ts): per client address and per
 * account over LOGIN_WINDOW_MINUTES. In PostgreSQL, so every `serve` process counts the same
 * failures and a restart forgets none. A row is written before the password is checked (so
 * parallel guesses cannot all slip under the limit) and deleted again when it was right.
 * The account is stored as the SHA-256 of the normalised e-mail, never as typed: people
 * sometimes type their password into the e-mail field.
 */
export class LoginFailures1796449426158 implements MigrationInterface {
  name = 'LoginFailures1796449426158';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE login_failures (
        id bigserial PRIMARY KEY,
        account_key char(64) NOT NULL,
        client text NOT NULL,
        at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX ix_login_failures_client ON login_failures (client, at)`);
    await q.query(`CREATE INDEX ix_login_failures_account ON login_failures (account_key, at)`);
    await q.query(`CREATE INDEX ix_login_failures_at ON login_failures (at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS login_failures`);
  }
}

import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The agent workspace: people who log in (users), their browser sessions and personal API
 * tokens, and who a ticket is assigned to. Secrets are never stored: sessions and tokens are
 * kept as SHA-256 of a 256-bit random value, passwords as scrypt with the parameters used.
 */
export class AgentWorkspace1764900000000 implements MigrationInterface {
  name = 'AgentWorkspace1764900000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE users (
        id serial PRIMARY KEY,
        email text NOT NULL UNIQUE CHECK (email = lower(email)),
        name text NOT NULL DEFAULT '',
        role text NOT NULL CHECK (role IN ('agent','manager','admin')),
        password_hash text NOT NULL,
        disabled boolean NOT NULL DEFAULT false,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE sessions (
        id_hash char(64) PRIMARY KEY,
        user_id integer NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        csrf_token text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX ix_sessions_expires ON sessions (expires_at)`);
    await q.query(`
      CREATE TABLE api_tokens (
        id serial PRIMARY KEY,
        user_id integer NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        name text NOT NULL,
        token_hash char(64) NOT NULL UNIQUE,
        created_at timestamptz NOT NULL DEFAULT now(),
        last_used_at timestamptz,
        revoked_at timestamptz
      )`);
    await q.query(`ALTER TABLE tickets ADD COLUMN assigned_user_id integer REFERENCES users(id) ON DELETE SET NULL`);
    await q.query(`CREATE INDEX ix_tickets_assigned ON tickets (assigned_user_id) WHERE assigned_user_id IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE tickets DROP COLUMN IF EXISTS assigned_user_id`);
    for (const t of ['api_tokens', 'sessions', 'users']) await q.query(`DROP TABLE IF EXISTS ${t} CASCADE`);
  }
}

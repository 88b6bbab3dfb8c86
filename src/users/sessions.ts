import type { DataSource } from 'typeorm';
import type { UserRow } from './users';
import { randomSecret, sha256hex } from './secrets';

/**
 * Browser sessions in PostgreSQL. The cookie holds a random id; the table holds its SHA-256,
 * the session's CSRF token and an absolute expiry. A new login never reuses an id (no
 * session fixation): the old row, if any, is deleted by logout or expires. A new password or
 * disabling the user deletes all of that user's sessions (updateUser in users.ts).
 */
export interface SessionInfo {
  user: UserRow;
  csrfToken: string;
  expiresAt: Date;
}

export async function createSession(db: DataSource, userId: number, ttlHours: number): Promise<{ id: string; csrfToken: string; expiresAt: Date }> {
  const id = randomSecret();
  const csrfToken = randomSecret();
  const expiresAt = new Date(Date.now() + ttlHours * 3600_000);
  // Expired rows of anyone are swept here, so the table does not grow without a cron job.
  await db.query(`DELETE FROM sessions WHERE expires_at < now()`);
  await db.query(`INSERT INTO sessions (id_hash, user_id, csrf_token, expires_at) VALUES ($1, $2, $3, $4)`, [sha256hex(id), userId, csrfToken, expiresAt]);
  return { id, csrfToken, expiresAt };
}

export async function resolveSession(db: DataSource, id: string): Promise<SessionInfo | null> {
  if (!id || id.length > 100) return null;
  const [row] = await db.query(
    `SELECT s.csrf_token, s.expires_at, u.id, u.email, u.name, u.role, u.disabled, u.language
       FROM sessions s JOIN users u ON u.id = s.user_id
      WHERE s.id_hash = $1 AND s.expires_at > now() AND NOT u.disabled`,
    [sha256hex(id)],
  );
  if (!row) return null;
  return {
    user: { id: row.id, email: row.email, name: row.name, role: row.role, disabled: row.disabled, language: row.language },
    csrfToken: row.csrf_token,
    expiresAt: new Date(row.expires_at),
  };
}

export async function deleteSession(db: DataSource, id: string): Promise<void> {
  await db.query(`DELETE FROM sessions WHERE id_hash = $1`, [sha256hex(id)]);
}

import type { DataSource } from 'typeorm';
import { returnedRows } from '../db/sql';
import type { UserRow } from './users';
import { randomSecret, sha256hex } from './secrets';

/**
 * Personal API tokens for scripts (`Authorization: Bearer sdt_…`). Shown once at creation;
 * stored as SHA-256. The `sdt_` prefix lets secret scanners recognise a leaked token. A new
 * password or disabling the user revokes all of that user's tokens (updateUser in users.ts);
 * re-enabling the user does not bring them back.
 */
export const TOKEN_PREFIX = 'sdt_';

export interface ApiTokenInfo {
  id: number;
  name: string;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

export async function createApiToken(db: DataSource, userId: number, name: string): Promise<{ id: number; token: string }> {
  const clean = name.trim().slice(0, 100);
  if (!clean) throw new Error('name: required');
  const token = TOKEN_PREFIX + randomSecret();
  const [row] = await db.query(`INSERT INTO api_tokens (user_id, name, token_hash) VALUES ($1, $2, $3) RETURNING id`, [userId, clean, sha256hex(token)]);
  return { id: row.id, token };
}

export async function resolveApiToken(db: DataSource, token: string): Promise<UserRow | null> {
  if (!token.startsWith(TOKEN_PREFIX) || token.length > 100) return null;
  const rows = returnedRows<UserRow>(
    await db.query(
      `UPDATE api_tokens t SET last_used_at = now() FROM users u
        WHERE t.token_hash = $1 AND t.revoked_at IS NULL AND u.id = t.user_id AND NOT u.disabled
        RETURNING u.id, u.email, u.name, u.role, u.disabled, u.language`,
      [sha256hex(token)],
    ),
  );
  return rows[0] ?? null;
}

export async function listApiTokens(db: DataSource, userId: number): Promise<ApiTokenInfo[]> {
  const rows = await db.query(
    `SELECT id, name, created_at, last_used_at, revoked_at FROM api_tokens WHERE user_id = $1 ORDER BY revoked_at NULLS FIRST, id DESC`,
    [userId],
  );
  const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);
  return rows.map((r: { id: number; name: string; created_at: Date; last_used_at: Date | null; revoked_at: Date | null }) => ({
    id: r.id,
    name: r.name,
    createdAt: iso(r.created_at)!,
    lastUsedAt: iso(r.last_used_at),
    revokedAt: iso(r.revoked_at),
  }));
}

/** Only the owner revokes their token; false when it is not theirs or already revoked. */
export async function revokeApiToken(db: DataSource, userId: number, tokenId: number): Promise<boolean> {
  const rows = returnedRows(await db.query(`UPDATE api_tokens SET revoked_at = now() WHERE id = $1 AND user_id = $2 AND revoked_at IS NULL RETURNING id`, [tokenId, userId]));
  return rows.length > 0;
}

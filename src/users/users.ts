import type { DataSource, EntityManager } from 'typeorm';
import { USER_ROLES, type UserRole } from '../db/entities/user';
import type { Language } from '../domain/vocabulary';
import { burnPasswordCheck, hashPassword, MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH, needsRehash, verifyPassword, type ScryptParams } from './password';

/** Users of the agent workspace: creation, lookup and the password check. */
export interface UserRow {
  id: number;
  email: string;
  name: string;
  role: UserRole;
  disabled: boolean;
  /** Reasons and warnings in the workspace: da (default) or en. */
  language: Language;
}

type Db = DataSource | EntityManager;
const COLUMNS = `id, email, name, role, disabled, language`;

export class UserError extends Error {
  readonly code = 'USER_INVALID';
}

/** The privilege order: an admin may do what a manager may, a manager what an agent may. */
export const ROLE_RANK: Record<UserRole, number> = { agent: 1, manager: 2, admin: 3 };
export const hasRole = (user: { role: UserRole }, min: UserRole): boolean => ROLE_RANK[user.role] >= ROLE_RANK[min];

export function isRole(v: unknown): v is UserRole {
  return typeof v === 'string' && (USER_ROLES as readonly string[]).includes(v);
}

// Deliberately loose (RFC 5321 allows far more than any regex should judge): one @, no spaces.
const EMAIL = /^[^\s@]{1,64}@[^\s@]{1,253}\.[^\s@]{2,}$/;

export function validateNewUser(u: { email: string; role: string; password: string }): string[] {
  const problems: string[] = [];
  if (!EMAIL.test(u.email.trim())) problems.push('email: not a mail address');
  if (!isRole(u.role)) problems.push(`role: must be one of ${USER_ROLES.join(', ')}`);
  if (u.password.length < MIN_PASSWORD_LENGTH) problems.push(`password: at least ${MIN_PASSWORD_LENGTH} characters`);
  if (u.password.length > MAX_PASSWORD_LENGTH) problems.push(`password: at most ${MAX_PASSWORD_LENGTH} characters`);
  return problems;
}

export async function createUser(
  db: Db,
  u: { email: string; name?: string; role: string; password: string },
  scryptParams?: ScryptParams,
): Promise<UserRow> {
  const problems = validateNewUser(u);
  if (problems.length) throw new UserError(problems.join('; '));
  const email = u.email.trim().toLowerCase();
  const hash = await hashPassword(u.password, scryptParams);
  const rows: UserRow[] = await db.query(
    `INSERT INTO users (email, name, role, password_hash) VALUES ($1, $2, $3, $4)
     ON CONFLICT (email) DO NOTHING RETURNING ${COLUMNS}`,
    [email, (u.name ?? '').trim(), u.role, hash],
  );
  if (!rows.length) throw new UserError(`email: ${email} already has a user`);
  return rows[0];
}

export async function getUser(db: Db, id: number): Promise<UserRow | null> {
  const [row] = await db.query(`SELECT ${COLUMNS} FROM users WHERE id = $1`, [id]);
  return row ?? null;
}

export async function listUsers(db: Db): Promise<UserRow[]> {
  return db.query(`SELECT ${COLUMNS} FROM users ORDER BY disabled, email`);
}

/** The user, when the email is known, enabled and the password matches; null otherwise (same cost either way). */
export async function checkLogin(db: Db, email: string, password: string): Promise<UserRow | null> {
  const [row] = await db.query(`SELECT ${COLUMNS}, password_hash FROM users WHERE email = $1`, [email.trim().toLowerCase()]);
  if (!row) {
    await burnPasswordCheck(password);
    return null;
  }
  const ok = await verifyPassword(password, row.password_hash);
  if (!ok || row.disabled) return null;
  const { password_hash: stored, ...user } = row;
  // A hash made with older (cheaper) parameters is replaced now, while we hold the password.
  // Only if nobody changed it meanwhile: a password set by an admin is never overwritten.
  if (needsRehash(stored)) {
    await db.query(`UPDATE users SET password_hash = $2 WHERE id = $1 AND password_hash = $3`, [row.id, await hashPassword(password), stored]);
  }
  return user;
}

/**
 * Changes a user's role, disabled flag or password. A new password or disabling the user ends
 * every session and revokes every API token of that user, in the same statement: whoever held
 * the old password (or a token made with it) is out, and re-enabling a user brings none of
 * them back. A role change revokes nothing: the role is read afresh on every request, so a
 * demotion takes effect on each session and token at once.
 */
/** The language the user reads reasons and warnings in (account page). */
export async function setUserLanguage(db: Db, id: number, language: string): Promise<void> {
  if (language !== 'da' && language !== 'en') throw new UserError('language: da or en');
  await db.query(`UPDATE users SET language = $2 WHERE id = $1`, [id, language]);
}

export async function updateUser(db: Db, id: number, change: { role?: string; disabled?: boolean; password?: string }): Promise<UserRow | null> {
  if (change.role !== undefined && !isRole(change.role)) throw new UserError(`role: must be one of ${USER_ROLES.join(', ')}`);
  if (change.password !== undefined && change.password.length < MIN_PASSWORD_LENGTH) throw new UserError(`password: at least ${MIN_PASSWORD_LENGTH} characters`);
  if (change.password !== undefined && change.password.length > MAX_PASSWORD_LENGTH) throw new UserError(`password: at most ${MAX_PASSWORD_LENGTH} characters`);
  const hash = change.password !== undefined ? await hashPassword(change.password) : null;
  const revoke = change.disabled === true || hash !== null;
  const rows: UserRow[] = await db.query(
    `WITH u AS (
       UPDATE users SET role = coalesce($2, role), disabled = coalesce($3, disabled), password_hash = coalesce($4, password_hash)
        WHERE id = $1 RETURNING ${COLUMNS}
     ), ended AS (
       DELETE FROM sessions WHERE $5 AND user_id IN (SELECT id FROM u)
     ), revoked AS (
       UPDATE api_tokens SET revoked_at = now() WHERE $5 AND revoked_at IS NULL AND user_id IN (SELECT id FROM u)
     )
     SELECT ${COLUMNS} FROM u`,
    [id, change.role ?? null, change.disabled ?? null, hash, revoke],
  );
  return rows[0] ?? null;
}

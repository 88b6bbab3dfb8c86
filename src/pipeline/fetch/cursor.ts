import type { DataSource } from 'typeorm';

/** How far a mailbox has been read (see MailboxCursor). */
export async function loadCursor(db: DataSource, key: string): Promise<{ uidvalidity: string; lastUid: number } | null> {
  const [row] = await db.query(`SELECT uidvalidity::text AS uidvalidity, last_uid::text AS last_uid FROM mailbox_cursors WHERE mailbox = $1`, [key]);
  return row ? { uidvalidity: row.uidvalidity, lastUid: Number(row.last_uid) } : null;
}

export async function saveCursor(db: DataSource, key: string, uidvalidity: string, lastUid: number): Promise<void> {
  await db.query(
    `INSERT INTO mailbox_cursors (mailbox, uidvalidity, last_uid, last_sync_at) VALUES ($1, $2, $3, now())
     ON CONFLICT (mailbox) DO UPDATE SET uidvalidity = EXCLUDED.uidvalidity, last_uid = EXCLUDED.last_uid, last_sync_at = now()`,
    [key, uidvalidity, lastUid],
  );
}

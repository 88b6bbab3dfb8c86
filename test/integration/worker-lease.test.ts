import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { createTestDatabase } from '../support/db';
import { configFrom } from '../support/env';
import { holdWorkerLease } from '../../src/queue/worker-lease';
import { ClaimedElsewhereError, sendReply } from '../../src/mail/send-reply';
import { folderTransport } from '../../src/mail/transport';
import { findUnfinishedWork } from '../../src/pipeline/ingest/recover';

jest.setTimeout(60_000);

/**
 * Worker leases on the real PostgreSQL: a reply left `sending` by a worker whose lease ran out
 * is taken over at once; one held by a live worker is not (the job retries later); the
 * recovery sweep sees the difference too.
 */
describe('worker leases and replies left mid-send', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let outDir: string;
  const config = configFrom({ DATABASE_URL: 'postgres://unused@127.0.0.1/x', LOG_LEVEL: 'silent' });
  const TTL = 5_000;

  beforeAll(async () => {
    db = await createTestDatabase();
    outDir = mkdtempSync(join(tmpdir(), 'sd-lease-'));
  });
  afterAll(async () => {
    await db.drop();
    rmSync(outDir, { recursive: true, force: true });
  });

  async function sendingReply(claimedBy: string | null, sentSecondsAgo = 1): Promise<string> {
    const [row] = await db.dataSource.query(
      `INSERT INTO outbox (kind, to_address, subject, body_text, message_id, state, attempts, sent_at, claimed_by)
       VALUES ('support/basis', 'kunde@example.dk', 'Svar', 'Tak for din mail.', $1, 'sending', 1, now() - $2::int * interval '1 second', $3)
       RETURNING id`,
      [`sd.${randomUUID()}@microbizz.dk`, sentSecondsAgo, claimedBy],
    );
    return String(row.id);
  }
  const deadLease = async () => {
    const id = randomUUID();
    await db.dataSource.query(`INSERT INTO worker_leases (id, host, pid, expires_at) VALUES ($1, 'gone', 1, now() - interval '2 seconds')`, [id]);
    return id;
  };

  it('a lease is renewed while held and deleted on release', async () => {
    const lease = await holdWorkerLease(db.dataSource, 900);
    const first = await db.dataSource.query(`SELECT expires_at FROM worker_leases WHERE id = $1`, [lease.id]);
    await new Promise((r) => setTimeout(r, 700));
    const later = await db.dataSource.query(`SELECT expires_at FROM worker_leases WHERE id = $1`, [lease.id]);
    expect(new Date(later[0].expires_at).getTime()).toBeGreaterThan(new Date(first[0].expires_at).getTime());
    await lease.release();
    expect(await db.dataSource.query(`SELECT 1 FROM worker_leases WHERE id = $1`, [lease.id])).toHaveLength(0);
  });

  it('takes over a reply whose worker is dead, and only that one', async () => {
    const me = await holdWorkerLease(db.dataSource, TTL);
    const other = await holdWorkerLease(db.dataSource, TTL);
    try {
      const orphan = await sendingReply(await deadLease());
      const busy = await sendingReply(other.id);
      const ancient = await sendingReply(other.id, 600);

      const work = await findUnfinishedWork(db.dataSource, { staleSendingMs: 120_000, leaseTtlMs: TTL });
      expect(work.outboxIds).toEqual(expect.arrayContaining([orphan, ancient]));
      expect(work.outboxIds).not.toContain(busy);

      const opts = { staleAfterMs: 120_000, leaseId: me.id, leaseTtlMs: TTL };
      expect(await sendReply(db.dataSource, folderTransport(outDir), config, orphan, opts)).toBe('sent');
      await expect(sendReply(db.dataSource, folderTransport(outDir), config, busy, opts)).rejects.toBeInstanceOf(ClaimedElsewhereError);
      // Past OUTBOX_STALE_SECONDS any claim is taken over, live or not (the last resort).
      expect(await sendReply(db.dataSource, folderTransport(outDir), config, ancient, opts)).toBe('sent');

      const rows = await db.dataSource.query(`SELECT id::text, state, claimed_by FROM outbox WHERE id = ANY($1::bigint[]) ORDER BY id`, [[orphan, busy, ancient]]);
      expect(rows).toEqual([
        { id: orphan, state: 'sent', claimed_by: me.id },
        { id: busy, state: 'sending', claimed_by: other.id },
        { id: ancient, state: 'sent', claimed_by: me.id },
      ]);
      expect(readdirSync(outDir)).toHaveLength(2);
      // Sent is final: a second job finds nothing to do.
      expect(await sendReply(db.dataSource, folderTransport(outDir), config, orphan, opts)).toBe('nothing-to-do');
    } finally {
      await Promise.all([me.release(), other.release()]);
    }
  });
});

/**
 * The servers' own counters, read before and after a phase: PostgreSQL's pg_stat_database of
 * the scratch database (commits, rows, blocks) and pg_stat_wal, and Redis's
 * total_commands_processed. The difference divided by the mails is the "per mail" cost the
 * report prints next to the CPU figures.
 */
import Redis from 'ioredis';
import { REDIS_URL, type ScratchDb } from './services';

/** pg_stat_database of the scratch database (flushed by each backend at transaction end / exit). */
export async function pgDbStats(db: ScratchDb): Promise<Record<string, number>> {
  const [r] = await db.ds.query(
    `SELECT xact_commit, xact_rollback, tup_returned, tup_fetched, tup_inserted, tup_updated, tup_deleted, blks_hit, blks_read
       FROM pg_stat_database WHERE datname = current_database()`,
  );
  const [w] = await db.ds.query(`SELECT wal_records, wal_bytes, wal_sync, wal_write FROM pg_stat_wal`).catch(() => [{}]);
  return Object.fromEntries(Object.entries({ ...r, ...(w ?? {}) }).map(([k, v]) => [k, Number(v)]));
}

/** Redis's server-wide command counter (includes commands inside BullMQ's Lua scripts and other sessions' traffic). */
export async function redisCommands(): Promise<number> {
  const redis = new Redis(REDIS_URL, { maxRetriesPerRequest: 2, lazyConnect: true });
  try {
    await redis.connect();
    return Number(/total_commands_processed:(\d+)/.exec(await redis.info('stats'))?.[1] ?? NaN);
  } finally {
    redis.disconnect();
  }
}

import { randomBytes } from 'node:crypto';
import { createTestDatabase } from '../support/db';
import { COPY_CHUNK_BYTES, LARGE_BYTEA_BYTES, SELECT_BATCH_BYTES, loadInboundMails } from '../../src/pipeline/ingest/load-raw';

jest.setTimeout(120_000);

/** Random bytes that surely contain NUL, 0xFF and every other byte value (and invalid UTF-8). */
function bytes(n: number): Buffer {
  const b = randomBytes(n);
  for (let i = 0; i < Math.min(256, n); i++) b[i] = 255 - i;
  if (n > 512) b.fill(0, n - 200, n - 100).fill(0xff, n - 100);
  return b;
}

describe('loadInboundMails (real PostgreSQL)', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;

  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => {
    await db.drop();
  });

  async function insert(row: { raw: Buffer | null; rawHeaders?: Buffer | null; size?: number; state?: string }): Promise<string> {
    const [r] = await db.dataSource.query(
      `INSERT INTO inbound_mails (mailbox, message_id, content_hash, raw, raw_headers, size, state)
       VALUES ('INBOX', $1, $2, $3, $4, $5, $6) RETURNING id`,
      [`${randomBytes(8).toString('hex')}@test`, randomBytes(32).toString('hex'), row.raw, row.rawHeaders ?? null, row.size ?? row.raw?.length ?? 0, row.state ?? 'received'],
    );
    return String(r.id);
  }

  it('round-trips small raws byte for byte, with id, state and size, in id order', async () => {
    const a = bytes(1000);
    const b = bytes(70_000);
    const empty = Buffer.alloc(0);
    const ida = await insert({ raw: a, state: 'received' });
    const idb = await insert({ raw: b, state: 'processed', size: 70_001 });
    const ide = await insert({ raw: empty });
    const got = await loadInboundMails(db.dataSource, [ide, idb, ida]);
    expect(got.map((m) => m.id)).toEqual([ida, idb, ide]);
    expect(got[0]).toEqual({ id: ida, state: 'received', size: 1000, raw: a, rawHeaders: null });
    expect(got[1]).toEqual({ id: idb, state: 'processed', size: 70_001, raw: b, rawHeaders: null });
    expect(Buffer.isBuffer(got[2]!.raw) && got[2]!.raw.length).toBe(0);
    expect(got[0]!.raw!.equals(a)).toBe(true);
  });

  it('round-trips large raws (read over binary COPY in chunks) byte for byte', async () => {
    const nine = bytes(9 * 1024 * 1024 + 12_345);
    const atLimit = bytes(LARGE_BYTEA_BYTES); // the last size read by the plain SELECT
    const justOver = bytes(LARGE_BYTEA_BYTES + 1); // a last COPY row of one byte
    const exactChunks = bytes(5 * COPY_CHUNK_BYTES);
    const ids = [await insert({ raw: nine }), await insert({ raw: atLimit }), await insert({ raw: justOver }), await insert({ raw: exactChunks })];
    const got = await loadInboundMails(db.dataSource, ids);
    expect(got.map((m) => m.id)).toEqual(ids);
    [nine, atLimit, justOver, exactChunks].forEach((want, i) => {
      const raw = got[i]!.raw!;
      expect(raw.length).toBe(want.length);
      expect(raw.equals(want)).toBe(true);
      // One Buffer of exactly the mail's size, not a view into a bigger one.
      expect(raw.byteOffset === 0 || raw.buffer.byteLength < 2 * want.length).toBe(true);
      expect(got[i]!.size).toBe(want.length);
      expect(got[i]!.rawHeaders).toBeNull();
    });
  });

  it('returns null raw with the headers of an oversize mail (small and large header blocks)', async () => {
    const headers = Buffer.from('From: a@example.com\r\nSubject: =?utf-8?q?stor_fil?=\r\n\r\n', 'latin1');
    const hugeHeaders = bytes(LARGE_BYTEA_BYTES + 4321);
    const id1 = await insert({ raw: null, rawHeaders: headers, size: 80_000_000 });
    const id2 = await insert({ raw: null, rawHeaders: hugeHeaders, size: 90_000_000 });
    const [small, large] = await loadInboundMails(db.dataSource, [id1, id2]);
    expect(small).toEqual({ id: id1, state: 'received', size: 80_000_000, raw: null, rawHeaders: headers });
    // (Buffer.equals: jest's toEqual walks a 4 MB Buffer byte by byte for seconds.)
    expect({ ...large, rawHeaders: null }).toEqual({ id: id2, state: 'received', size: 90_000_000, raw: null, rawHeaders: null });
    expect(large!.rawHeaders!.equals(hugeHeaders)).toBe(true);
  });

  it('leaves out unknown and malformed ids, and reads a repeated id once', async () => {
    const raw = bytes(300);
    const id = await insert({ raw });
    const got = await loadInboundMails(db.dataSource, ['999999999', id, 'abc', '-1', '', '1e3', '99999999999999999999', ` ${id} `, id]);
    expect(got).toEqual([{ id, state: 'received', size: 300, raw, rawHeaders: null }]);
    expect(await loadInboundMails(db.dataSource, [])).toEqual([]);
    expect(await loadInboundMails(db.dataSource, ['424242424242'])).toEqual([]);
  });

  it('reads many small mails over several SELECTs and a mix of small and large in one call', async () => {
    const small = Array.from({ length: 5 }, () => bytes(Math.floor(SELECT_BATCH_BYTES / 3)));
    const large = bytes(LARGE_BYTEA_BYTES + COPY_CHUNK_BYTES / 2);
    const rows: { id: string; raw: Buffer }[] = [];
    for (const raw of [...small.slice(0, 2), large, ...small.slice(2)]) rows.push({ id: await insert({ raw }), raw });
    const got = await loadInboundMails(db.dataSource, [...rows].reverse().map((r) => r.id));
    expect(got.map((m) => m.id)).toEqual(rows.map((r) => r.id));
    got.forEach((m, i) => expect(m.raw!.equals(rows[i]!.raw)).toBe(true));
  });

  it('hands every connection back to the pool (more concurrent calls than connections)', async () => {
    const raw = bytes(LARGE_BYTEA_BYTES + 10);
    const id = await insert({ raw });
    const got = await Promise.all(Array.from({ length: 12 }, () => loadInboundMails(db.dataSource, [id])));
    for (const [m] of got) expect(m!.raw!.equals(raw)).toBe(true);
    // The pool still answers, and no transaction of ours is left open.
    const [{ n }] = await db.dataSource.query(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND state LIKE 'idle in transaction%'`);
    expect(n).toBe(0);
  });
});

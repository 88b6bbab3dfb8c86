import type { DataSource } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';
import type { Connection, Pool, PoolClient, Submittable } from 'pg';

/** One stored inbound mail as processing needs it. */
export interface LoadedMail {
  id: string;
  state: string;
  /** The size the server reported (for an oversize mail larger than anything stored). */
  size: number;
  /** The whole RFC 5322 message; null for an oversize mail. */
  raw: Buffer | null;
  /** The header block of an oversize mail; null otherwise. */
  rawHeaders: Buffer | null;
}

/**
 * A bytea value above this is not read as one result value. node-pg receives bytea only in
 * text format (hex, twice the bytes), assembles the whole DataRow in a buffer that grows by
 * doubling, decodes it to a string and then to a Buffer: one 55 MB mail cost +620 MB of peak
 * RSS that way. (Its `binary: true` result format would avoid the hex, but node-pg 8.x decodes
 * binary fields as UTF-8 and corrupts every byte sequence that is not valid UTF-8:
 * brianc/node-postgres#3495.) Larger values come over `COPY … TO STDOUT (FORMAT binary)` in
 * COPY_CHUNK_BYTES rows, copied straight into one Buffer of the final size: about +30 MB over
 * the mail itself for the same 55 MB mail, in 0.2 s instead of 1.1–1.5 s.
 */
export const LARGE_BYTEA_BYTES = 4 * 1024 * 1024;
/**
 * A mail above this is a large mail for the whole pipeline: the watcher downloads it alone
 * into one buffer, and processing reads and parses it one at a time per process.
 */
export const LARGE_MAIL_BYTES = 1024 * 1024;
/** Size of one COPY row of a large value (node-pg's socket parser buffers up to twice this). */
export const COPY_CHUNK_BYTES = 1024 * 1024;
/** Most bytea bytes of small values fetched by one SELECT (they arrive as hex, twice as large). */
export const SELECT_BATCH_BYTES = 8 * 1024 * 1024;

type ByteaColumn = 'raw' | 'raw_headers';

interface MetaRow {
  id: string;
  state: string;
  size: number;
  raw_len: number | null;
  headers_len: number | null;
}

/** bigint ids only: anything else cannot name a row (and large reads put the id in SQL text). */
const ID = /^(0|[1-9][0-9]{0,18})$/;
const MAX_ID = 9223372036854775807n;

function canonicalId(id: string): string | null {
  const s = String(id).trim();
  return ID.test(s) && BigInt(s) <= MAX_ID ? s : null;
}

function poolOf(db: DataSource): Pool {
  const pool = db.options.type === 'postgres' ? ((db.driver as PostgresDriver).master as Pool | undefined) : undefined;
  if (!pool || typeof pool.connect !== 'function') throw new TypeError('loadInboundMails needs an initialized DataSource with the postgres driver');
  return pool;
}

const isLarge = (len: number | null): boolean => len !== null && len > LARGE_BYTEA_BYTES;

/**
 * Reads the given inbound mails (ids that do not exist are left out; the result is in id
 * order). Each raw mail ends up in exactly one Buffer of its own size: small values come in
 * one text-format SELECT per SELECT_BATCH_BYTES, values above LARGE_BYTEA_BYTES are streamed
 * over a binary COPY. Everything is read in one REPEATABLE READ snapshot on one connection,
 * so the lengths read first are the lengths streamed after.
 */
export async function loadInboundMails(db: DataSource, ids: string[]): Promise<LoadedMail[]> {
  const wanted = [...new Set(ids.map(canonicalId).filter((id): id is string => id !== null))];
  if (!wanted.length) return [];
  const client = await poolOf(db).connect();
  let broken: Error | undefined;
  // A checked-out pg client has no 'error' listener of the pool's: without ours, a socket
  // error while we hold it would be an uncaught exception.
  const onError = (err: Error): void => void (broken = err);
  client.on('error', onError);
  try {
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    const metas = (
      await client.query<MetaRow>(
        `SELECT id::text AS id, state, size, octet_length(raw) AS raw_len, octet_length(raw_headers) AS headers_len
           FROM inbound_mails WHERE id = ANY($1::bigint[]) ORDER BY id`,
        [wanted],
      )
    ).rows;
    const mails = new Map<string, LoadedMail>(metas.map((m) => [m.id, { id: m.id, state: m.state, size: Number(m.size), raw: null, rawHeaders: null }]));

    // Small values: batched SELECTs whose hex text stays under SELECT_BATCH_BYTES × 2.
    let batch: string[] = [];
    let bytes = 0;
    const flush = async (): Promise<void> => {
      if (!batch.length) return;
      const rows = (
        await client.query<{ id: string; raw: Buffer | null; raw_headers: Buffer | null }>(
          `SELECT id::text AS id,
                  CASE WHEN octet_length(raw) <= $2 THEN raw END AS raw,
                  CASE WHEN octet_length(raw_headers) <= $2 THEN raw_headers END AS raw_headers
             FROM inbound_mails WHERE id = ANY($1::bigint[])`,
          [batch, LARGE_BYTEA_BYTES],
        )
      ).rows;
      for (const r of rows) {
        const mail = mails.get(r.id)!;
        if (r.raw !== null) mail.raw = r.raw;
        if (r.raw_headers !== null) mail.rawHeaders = r.raw_headers;
      }
      [batch, bytes] = [[], 0];
    };
    const isSmall = (len: number | null): len is number => len !== null && !isLarge(len);
    for (const m of metas) {
      if (!isSmall(m.raw_len) && !isSmall(m.headers_len)) continue;
      const small = (isSmall(m.raw_len) ? m.raw_len : 0) + (isSmall(m.headers_len) ? m.headers_len : 0);
      if (batch.length && bytes + small > SELECT_BATCH_BYTES) await flush();
      batch.push(m.id);
      bytes += small;
    }
    await flush();

    // Large values: one binary COPY each, straight into a Buffer of the final size.
    for (const m of metas) {
      const mail = mails.get(m.id)!;
      if (isLarge(m.raw_len)) mail.raw = await copyBytea(client, m.id, 'raw', m.raw_len!);
      if (isLarge(m.headers_len)) mail.rawHeaders = await copyBytea(client, m.id, 'raw_headers', m.headers_len!);
    }
    await client.query('COMMIT');
    return [...mails.values()];
  } catch (err) {
    // A connection that cannot even roll back is handed back as broken, so the pool drops it.
    await client.query('ROLLBACK').catch((e: Error) => (broken = e));
    throw err;
  } finally {
    client.removeListener('error', onError);
    client.release(broken);
  }
}

/** Streams one large bytea value of a known length over `COPY … TO STDOUT (FORMAT binary)`. */
function copyBytea(client: PoolClient, id: string, column: ByteaColumn, length: number): Promise<Buffer> {
  // COPY takes no parameters: id is canonical digits, column one of two names, numbers integers.
  const sql =
    `COPY (SELECT substring(m.${column} FROM s.o FOR ${COPY_CHUNK_BYTES}) FROM inbound_mails m, generate_series(1, ${length}, ${COPY_CHUNK_BYTES}) AS s(o)` +
    ` WHERE m.id = ${id} ORDER BY s.o) TO STDOUT (FORMAT binary)`;
  const reader = new ByteaCopyReader(sql, Buffer.allocUnsafe(length), `inbound mail ${id} ${column}`);
  void client.query(reader);
  return reader.done;
}

const SIGNATURE = Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1');
const HEADER_BYTES = SIGNATURE.length + 8; // signature, flags (int32), header extension length (int32)

/**
 * A node-pg Submittable (the interface pg-copy-streams and pg-cursor use) for a binary COPY
 * of one bytea column: parses the binary COPY format (PostgreSQL docs, "Binary Format") across
 * any CopyData boundaries and copies each field's bytes into `out` in order.
 */
class ByteaCopyReader implements Submittable {
  readonly done: Promise<Buffer>;
  private resolve!: (b: Buffer) => void;
  private reject!: (e: Error) => void;
  private settled = false;
  private stage: 'header' | 'extension' | 'count' | 'length' | 'data' | 'end' = 'header';
  private readonly scratch = Buffer.alloc(HEADER_BYTES);
  private have = 0;
  private want = HEADER_BYTES;
  private remaining = 0;
  private written = 0;

  constructor(
    private readonly text: string,
    private readonly out: Buffer,
    private readonly what: string,
  ) {
    this.done = new Promise<Buffer>((resolve, reject) => {
      this.resolve = resolve;
      this.reject = reject;
    });
  }

  submit(connection: Connection): void {
    connection.query(this.text);
  }

  handleCopyData(msg: { chunk: Buffer }): void {
    if (this.settled) return;
    try {
      this.consume(msg.chunk);
    } catch (err) {
      this.fail(err as Error);
    }
  }

  handleCommandComplete(): void {}
  handleEmptyQuery(): void {}
  handleRowDescription(): void {}
  handleDataRow(): void {}

  handleReadyForQuery(): void {
    if (this.stage !== 'end' || this.written !== this.out.length) {
      this.fail(new Error(`COPY of ${this.what} ended after ${this.written} of ${this.out.length} bytes`));
    } else if (!this.settled) {
      this.settled = true;
      this.resolve(this.out);
    }
  }

  handleError(err: Error): void {
    this.fail(err);
  }

  private fail(err: Error): void {
    if (this.settled) return;
    this.settled = true;
    this.reject(err);
  }

  private expect(stage: 'count' | 'length', bytes: number): void {
    this.stage = stage;
    this.have = 0;
    this.want = bytes;
  }

  private consume(chunk: Buffer): void {
    let p = 0;
    while (p < chunk.length) {
      if (this.stage === 'data' || this.stage === 'extension') {
        const n = Math.min(this.remaining, chunk.length - p);
        if (this.stage === 'data') this.written += chunk.copy(this.out, this.written, p, p + n);
        p += n;
        this.remaining -= n;
        if (this.remaining === 0) this.expect('count', 2);
        continue;
      }
      if (this.stage === 'end') throw new Error(`COPY of ${this.what}: data after the trailer`);
      const n = Math.min(this.want - this.have, chunk.length - p);
      chunk.copy(this.scratch, this.have, p, p + n);
      this.have += n;
      p += n;
      if (this.have === this.want) this.field();
    }
  }

  /** Interprets the fixed-size piece collected in `scratch`. */
  private field(): void {
    switch (this.stage) {
      case 'header': {
        if (!this.scratch.subarray(0, SIGNATURE.length).equals(SIGNATURE)) throw new Error(`COPY of ${this.what}: not a binary COPY stream`);
        this.remaining = this.scratch.readUInt32BE(SIGNATURE.length + 4);
        if (this.remaining > 0) this.stage = 'extension';
        else this.expect('count', 2);
        return;
      }
      case 'count': {
        const fields = this.scratch.readInt16BE(0);
        if (fields === -1) this.stage = 'end';
        else if (fields !== 1) throw new Error(`COPY of ${this.what}: ${fields} fields in a row`);
        else this.expect('length', 4);
        return;
      }
      case 'length': {
        const len = this.scratch.readInt32BE(0);
        if (len < 0 || this.written + len > this.out.length) throw new Error(`COPY of ${this.what}: value changed while it was read`);
        if (len === 0) return this.expect('count', 2);
        this.stage = 'data';
        this.remaining = len;
        return;
      }
    }
  }
}

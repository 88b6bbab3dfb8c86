/**
 * SMTP sink for integration/e2e tests and the benchmark: accepts every
 * message (any envelope, any AUTH or none) on 127.0.0.1 and keeps it in
 * memory, raw and parsed.
 *
 *   const sink = await startSmtpSink();
 *   // point the app's SMTP transport at sink.host:sink.port, secure: false
 *   const [mail] = await sink.waitFor(1);
 *   await sink.pause();   // new connections are refused, open ones get 421
 *   await sink.resume();  // listening again on the same port
 *   await sink.stop();
 *
 * No TLS: STARTTLS is disabled, so clients must not require it
 * (nodemailer: `secure: false, ignoreTLS: true` or simply no `requireTLS`).
 *
 * By default every message is parsed with mailparser's simpleParser (`parsed`). With
 * `{ parse: 'headers' }` only the header block is read (`headers`, no `parsed`): much less
 * CPU per message, for the benchmark, where the sink shares the machine with the system
 * under test.
 */
import { SMTPServer, type SMTPServerDataStream, type SMTPServerSession } from 'smtp-server';
import { simpleParser, type ParsedMail } from 'mailparser';
import { freePort, waitForPortClosed } from './ports';

export interface ReceivedMail {
  envelopeFrom: string;
  envelopeTo: string[];
  raw: Buffer;
  parsed: ParsedMail;
  receivedAt: Date;
  /** User name the client authenticated as, if it sent AUTH. */
  authUser?: string;
}

/** A message received by a sink started with `{ parse: 'headers' }`. */
export interface ReceivedHeaders extends Omit<ReceivedMail, 'parsed'> {
  /**
   * The top-level header fields: lower-case name → value, unfolded and trimmed, as raw text
   * (encoded words are not decoded). The first field of each name counts.
   */
  headers: Map<string, string>;
}

export interface SmtpSink<M = ReceivedMail> {
  host: '127.0.0.1';
  port: number;
  /** Received mail in arrival order. clear() empties this same array. */
  messages: M[];
  /** Resolves with all messages once at least `count` have arrived (default timeout 10 s). */
  waitFor(count: number, timeoutMs?: number): Promise<M[]>;
  clear(): void;
  stop(): Promise<void>;
  /** Stop listening (senders get ECONNREFUSED) and drop open connections with 421. */
  pause(): Promise<void>;
  /** Listen again on the same port. */
  resume(): Promise<void>;
}

export interface StartSmtpSinkOptions {
  port?: number;
  /** 'full' (default): simpleParser → `parsed`; 'headers': the header block only → `headers`. */
  parse?: 'full' | 'headers';
}

const HOST = '127.0.0.1' as const;

interface Waiter<M> {
  count: number;
  resolve: (m: M[]) => void;
}

/**
 * The header block of a raw message (up to the first empty line) as lower-case name → value,
 * unfolded. Only what a test or the benchmark needs to tell replies apart; no MIME decoding.
 */
export function readHeaderBlock(raw: Buffer): Map<string, string> {
  let end = raw.indexOf('\r\n\r\n');
  if (end < 0) end = raw.indexOf('\n\n');
  const block = raw.toString('latin1', 0, end < 0 ? raw.length : end);
  const headers = new Map<string, string>();
  for (const line of block.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    if (!headers.has(name)) headers.set(name, line.slice(colon + 1).trim());
  }
  return headers;
}

export function startSmtpSink(opts?: StartSmtpSinkOptions & { parse?: 'full' }): Promise<SmtpSink>;
export function startSmtpSink(opts: StartSmtpSinkOptions & { parse: 'headers' }): Promise<SmtpSink<ReceivedHeaders>>;
export async function startSmtpSink(opts: StartSmtpSinkOptions = {}): Promise<SmtpSink<ReceivedMail | ReceivedHeaders>> {
  type M = ReceivedMail | ReceivedHeaders;
  const messages: M[] = [];
  const waiters = new Set<Waiter<M>>();

  const notify = (): void => {
    for (const w of [...waiters]) {
      if (messages.length >= w.count) {
        waiters.delete(w);
        w.resolve(messages.slice());
      }
    }
  };

  const onData = (stream: SMTPServerDataStream, session: SMTPServerSession, callback: (err?: Error | null) => void): void => {
    const chunks: Buffer[] = [];
    stream.on('data', (c: Buffer) => chunks.push(c));
    stream.on('error', (err: Error) => callback(err));
    stream.on('end', () => {
      const raw = Buffer.concat(chunks);
      const received = (): Omit<ReceivedMail, 'parsed'> => {
        const env = session.envelope;
        return {
          envelopeFrom: env.mailFrom ? env.mailFrom.address : '',
          envelopeTo: env.rcptTo.map((r) => r.address),
          raw,
          receivedAt: new Date(),
          ...(typeof session.user === 'string' ? { authUser: session.user } : {}),
        };
      };
      if (opts.parse === 'headers') {
        messages.push({ ...received(), headers: readHeaderBlock(raw) });
        notify();
        callback(null);
        return;
      }
      simpleParser(raw).then(
        (parsed) => {
          messages.push({ ...received(), parsed });
          notify();
          // Acknowledge only after the message is visible in `messages`, so a
          // sender that got 250 can assert on it right away.
          callback(null);
        },
        (err: unknown) => {
          const e = new Error(`smtp sink: could not parse message: ${String(err)}`) as Error & { responseCode?: number };
          e.responseCode = 451;
          callback(e);
        },
      );
    });
  };

  const createServer = (): SMTPServer =>
    new SMTPServer({
      name: 'smtp-sink.test',
      banner: 'test sink',
      logger: false,
      authOptional: true,
      allowInsecureAuth: true,
      disabledCommands: ['STARTTLS'],
      disableReverseLookup: true,
      closeTimeout: 1_000,
      onAuth(auth, _session, cb) {
        cb(null, { user: auth.username ?? 'anonymous' });
      },
      onData,
    });

  const listen = (srv: SMTPServer, port: number): Promise<void> =>
    new Promise((resolve, reject) => {
      const onError = (err: Error): void => reject(err);
      srv.once('error', onError);
      srv.listen(port, HOST, () => {
        srv.off('error', onError);
        // Later socket-level errors (client resets etc.) must not crash tests.
        srv.on('error', () => undefined);
        resolve();
      });
    });

  const port = opts.port ?? (await freePort());
  let server: SMTPServer | undefined = createServer();
  await listen(server, port);
  let stopped = false;

  const closeServer = async (srv: SMTPServer): Promise<void> => {
    await new Promise<void>((resolve) => {
      // Drop open sessions now instead of waiting for closeTimeout.
      for (const conn of srv.connections) {
        try {
          conn.send(421, 'Service not available, closing transmission channel');
          conn.close();
        } catch {
          /* already gone */
        }
      }
      srv.close(() => resolve());
    });
    await waitForPortClosed(port, HOST, 5_000);
  };

  const sink: SmtpSink<M> = {
    host: HOST,
    port,
    messages,

    waitFor(count, timeoutMs = 10_000) {
      if (messages.length >= count) return Promise.resolve(messages.slice());
      return new Promise<M[]>((resolve, reject) => {
        const timer = setTimeout(() => {
          waiters.delete(waiter);
          reject(
            new Error(`smtp sink: expected ${count} message(s) within ${timeoutMs} ms, got ${messages.length}`),
          );
        }, timeoutMs);
        const waiter: Waiter<M> = {
          count,
          resolve: (m) => {
            clearTimeout(timer);
            resolve(m);
          },
        };
        waiters.add(waiter);
      });
    },

    clear() {
      messages.splice(0, messages.length);
    },

    async pause() {
      if (stopped) throw new Error('smtp sink: pause() after stop()');
      const srv = server;
      server = undefined;
      if (srv) await closeServer(srv);
    },

    async resume() {
      if (stopped) throw new Error('smtp sink: resume() after stop()');
      if (server) return;
      const srv = createServer();
      await listen(srv, port);
      server = srv;
    },

    async stop() {
      if (stopped) return;
      stopped = true;
      const srv = server;
      server = undefined;
      if (srv) await closeServer(srv);
    },
  };
  return sink;
}

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

export interface SmtpSink {
  host: '127.0.0.1';
  port: number;
  /** Received mail in arrival order. clear() empties this same array. */
  messages: ReceivedMail[];
  /** Resolves with all messages once at least `count` have arrived (default timeout 10 s). */
  waitFor(count: number, timeoutMs?: number): Promise<ReceivedMail[]>;
  clear(): void;
  stop(): Promise<void>;
  /** Stop listening (senders get ECONNREFUSED) and drop open connections with 421. */
  pause(): Promise<void>;
  /** Listen again on the same port. */
  resume(): Promise<void>;
}

export interface StartSmtpSinkOptions {
  port?: number;
}

const HOST = '127.0.0.1' as const;

interface Waiter {
  count: number;
  resolve: (m: ReceivedMail[]) => void;
}

export async function startSmtpSink(opts: StartSmtpSinkOptions = {}): Promise<SmtpSink> {
  const messages: ReceivedMail[] = [];
  const waiters = new Set<Waiter>();

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
      simpleParser(raw).then(
        (parsed) => {
          const env = session.envelope;
          messages.push({
            envelopeFrom: env.mailFrom ? env.mailFrom.address : '',
            envelopeTo: env.rcptTo.map((r) => r.address),
            raw,
            parsed,
            receivedAt: new Date(),
            ...(typeof session.user === 'string' ? { authUser: session.user } : {}),
          });
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

  const sink: SmtpSink = {
    host: HOST,
    port,
    messages,

    waitFor(count, timeoutMs = 10_000) {
      if (messages.length >= count) return Promise.resolve(messages.slice());
      return new Promise<ReceivedMail[]>((resolve, reject) => {
        const timer = setTimeout(() => {
          waiters.delete(waiter);
          reject(
            new Error(`smtp sink: expected ${count} message(s) within ${timeoutMs} ms, got ${messages.length}`),
          );
        }, timeoutMs);
        const waiter: Waiter = {
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

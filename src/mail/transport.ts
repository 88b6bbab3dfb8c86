import { mkdirSync, writeFileSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import nodemailer, { type SendMailOptions } from 'nodemailer';
import type { Config } from '../config/schema';
import { tokenProviderFor } from './oauth-token';

/**
 * The port through which replies leave: SMTP in production, a folder of .eml files for
 * run-folder. Both take a nodemailer message: either options for nodemailer to build, or a
 * prebuilt message as `{ envelope, raw, messageId }` (see compose.ts: buildReply), which is
 * sent as it is. They return the recipients the server accepted and rejected.
 */
export interface MailTransport {
  send(message: SendMailOptions): Promise<{ accepted: string[]; rejected: string[] }>;
  close(): void;
}

/** SMTP connections per worker process (nodemailer's pool); the outbound queue runs as many sends at once. */
export const SMTP_CONNECTIONS = 3;

export function smtpTransport(config: Config): MailTransport {
  const tokens = config.SMTP_USER ? tokenProviderFor(config, 'smtp') : null;
  const auth = config.SMTP_USER
    ? tokens
      ? { type: 'OAuth2' as const, user: config.SMTP_USER }
      : { user: config.SMTP_USER, pass: config.SMTP_PASSWORD ?? '' }
    : undefined;
  const transporter = nodemailer.createTransport({
    host: config.SMTP_HOST,
    port: config.SMTP_PORT,
    secure: config.SMTP_SECURE,
    auth,
    pool: true,
    maxConnections: SMTP_CONNECTIONS,
    // Certificate verification stays on unless explicitly turned off for a test server.
    tls: { rejectUnauthorized: config.SMTP_TLS_VERIFY },
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 30_000,
  });
  // nodemailer asks for an XOAUTH2 token at each login, and again with renew=true after a
  // rejected one (expired), so tokens from the provider are always current.
  if (tokens) {
    transporter.set('oauth2_provision_cb', (_user: string, renew: boolean, callback: (err: Error | null, token?: string) => void) => {
      tokens.getToken(renew).then((t) => callback(null, t), (err: Error) => callback(err));
    });
  }
  return {
    async send(message) {
      const info = await transporter.sendMail(message);
      return { accepted: (info.accepted ?? []).map(String), rejected: (info.rejected ?? []).map(String) };
    },
    close: () => transporter.close(),
  };
}

/**
 * Writes each reply as `<outdir>/<message-id>.eml` (written to a temp name, then renamed).
 * A prebuilt message (`raw` Buffer or string, with `envelope` and `messageId`) is written
 * byte for byte; any other nodemailer message is built by nodemailer with CRLF line ends.
 */
export function folderTransport(outDir: string): MailTransport {
  mkdirSync(outDir, { recursive: true });
  // 'windows' is nodemailer's name for CRLF ('crlf' is not one of its names and meant LF).
  const builder = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'windows' });
  return {
    async send(message) {
      let bytes: Buffer;
      let messageId: string | undefined;
      if (Buffer.isBuffer(message.raw) || typeof message.raw === 'string') {
        bytes = Buffer.isBuffer(message.raw) ? message.raw : Buffer.from(message.raw);
        messageId = message.messageId ?? headerOf(bytes, 'message-id');
      } else {
        const info = await builder.sendMail(message);
        bytes = info.message as Buffer;
        messageId = message.messageId ?? info.messageId;
      }
      const id = String(messageId).replace(/[<>]/g, '').replace(/[^A-Za-z0-9@._-]/g, '_');
      const file = join(outDir, `${id}.eml`);
      writeFileSync(`${file}.tmp`, bytes);
      renameSync(`${file}.tmp`, file);
      return { accepted: recipientsOf(message), rejected: [] };
    },
    close: () => builder.close(),
  };
}

/** The envelope's recipients if given, else To and Cc as written in the message options. */
function recipientsOf(message: SendMailOptions): string[] {
  const to = message.envelope?.to ?? [message.to, message.cc];
  return [to].flat(2).filter(Boolean).map((a) => (typeof a === 'string' ? a : (a as { address: string }).address));
}

/** The (unfolded) value of one header of a raw message, read from its header block only. */
function headerOf(raw: Buffer, name: string): string | undefined {
  const end = raw.indexOf('\r\n\r\n');
  const head = raw.subarray(0, end < 0 ? raw.length : end).toString('latin1').replace(/\r\n[ \t]+/g, ' ');
  const line = head.split('\r\n').find((l) => l.slice(0, name.length + 1).toLowerCase() === `${name}:`);
  return line?.slice(name.length + 1).trim();
}

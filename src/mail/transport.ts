import { mkdirSync, writeFileSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import nodemailer, { type SendMailOptions } from 'nodemailer';
import type { Config } from '../config/schema';
import { tokenProviderFor } from './oauth-token';

/**
 * The port through which replies leave: SMTP in production, a folder of .eml files for
 * run-folder. Both take a nodemailer message and return the Message-ID actually used.
 */
export interface MailTransport {
  send(message: SendMailOptions): Promise<{ accepted: string[]; rejected: string[] }>;
  close(): void;
}

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
    maxConnections: 3,
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

/** Writes each reply as `<outdir>/<n>-<message-id>.eml` (written to a temp name, then renamed). */
export function folderTransport(outDir: string): MailTransport {
  mkdirSync(outDir, { recursive: true });
  const builder = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'crlf' });
  return {
    async send(message) {
      const info = await builder.sendMail(message);
      const id = String(message.messageId ?? info.messageId).replace(/[<>]/g, '').replace(/[^A-Za-z0-9@._-]/g, '_');
      const file = join(outDir, `${id}.eml`);
      writeFileSync(`${file}.tmp`, info.message as Buffer);
      renameSync(`${file}.tmp`, file);
      const to = [message.to, message.cc].flat().filter(Boolean).map(String);
      return { accepted: to, rejected: [] };
    },
    close: () => builder.close(),
  };
}

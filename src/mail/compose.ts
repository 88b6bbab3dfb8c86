import type { SendMailOptions } from 'nodemailer';
import MailComposer from 'nodemailer/lib/mail-composer';
import type { Config } from '../config/schema';
import { isWellFormedMessageId, wellFormedMessageIds } from '../domain/message-id';

/** The outbox columns a reply is made of (Message-IDs stored without angle brackets). */
export interface ReplyRow {
  kind: string;
  to_address: string;
  to_name: string | null;
  cc: string[];
  subject: string;
  body_text: string;
  body_html: string | null;
  message_id: string;
  in_reply_to: string | null;
  references: string[];
}

/** A reply built once: the SMTP envelope and the finished message (CRLF line ends). */
export interface BuiltReply {
  envelope: { from: string; to: string[] };
  raw: Buffer;
  /** `<id>`, as in the message's Message-ID header. */
  messageId: string;
}

/** Outbox row + config → the nodemailer message options of the reply. Pure. */
export function replyMessage(row: ReplyRow, config: Pick<Config, 'MAIL_FROM'>): SendMailOptions {
  return {
    from: config.MAIL_FROM,
    to: row.to_name ? { name: row.to_name, address: row.to_address } : row.to_address,
    cc: row.cc.length ? row.cc : undefined,
    subject: row.subject,
    text: row.body_text,
    html: row.body_html ?? undefined,
    messageId: `<${row.message_id}>`,
    // Only well-formed ids reach the headers (rows written before that rule included).
    inReplyTo: isWellFormedMessageId(row.in_reply_to) ? `<${row.in_reply_to}>` : undefined,
    references: wellFormedMessageIds(row.references).length ? wellFormedMessageIds(row.references).map((r) => `<${r}>`) : undefined,
    headers: {
      // RFC 3834: mark every automatic reply so well-behaved responders stay quiet, and ask
      // Exchange not to send out-of-office replies back (X-Auto-Response-Suppress).
      'Auto-Submitted': row.kind === 'agent' ? 'no' : 'auto-replied',
      'X-Auto-Response-Suppress': 'All',
      'X-Servicedesk-Reply': row.kind,
    },
  };
}

/**
 * Builds the reply into one Buffer with nodemailer's own MIME composer, so the transport
 * writes it in one piece instead of streaming each MIME part into the socket. The bytes are
 * what nodemailer's sendMail would have sent for `replyMessage(row, config)` (line ends
 * CRLF throughout, as the SMTP DATA stream and the folder transport wrote them), and the
 * envelope is the one it would have derived (MAIL FROM: the address of MAIL_FROM; RCPT TO:
 * To then Cc, duplicates dropped). No I/O.
 */
export async function buildReply(row: ReplyRow, config: Pick<Config, 'MAIL_FROM'>, opts: { date?: Date } = {}): Promise<BuiltReply> {
  const message = replyMessage(row, config);
  const node = new MailComposer(opts.date ? { ...message, date: opts.date } : message).compile();
  const envelope = node.getEnvelope();
  if (!envelope.from) throw new Error(`MAIL_FROM has no address: ${config.MAIL_FROM}`);
  return { envelope: { from: envelope.from, to: envelope.to }, raw: crlf(await node.build()), messageId: String(message.messageId) };
}

const CRLF = Buffer.from('\r\n');

/**
 * Every bare LF as CRLF. MailComposer keeps the line breaks of the text and html bodies as
 * they are; on the SMTP wire nodemailer's DATA stream turns bare LFs into CRLF, and the
 * folder transport wrote files through the same conversion, so the prebuilt message gets it
 * here, once, and is then the same bytes in both places.
 */
function crlf(buf: Buffer): Buffer {
  const parts: Buffer[] = [];
  let start = 0;
  for (let i = buf.indexOf(0x0a); i !== -1; i = buf.indexOf(0x0a, i + 1)) {
    if (i > 0 && buf[i - 1] === 0x0d) continue;
    parts.push(buf.subarray(start, i), CRLF);
    start = i + 1;
  }
  if (!parts.length) return buf;
  parts.push(buf.subarray(start));
  return Buffer.concat(parts);
}

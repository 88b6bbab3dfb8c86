import { createHash } from 'node:crypto';
import { simpleParser } from 'mailparser';
import type { DataSource } from 'typeorm';
import { headerEnd } from '../../pipeline/ingest/identity';
import { parseMail } from '../../pipeline/parse/parse-mail';
import type { ParsedAttachment, ParsedInbound } from '../../pipeline/parse/types';

/**
 * Reads a stored inbound mail for the agent: parsed by the pipeline's own parser (so the
 * agent sees what the classifier saw), with attachment bytes fetched on demand. parseMail
 * keeps only each attachment's size and SHA-256, so the bytes come from a second parse and
 * are matched by that hash — never by position, which two parsers may count differently.
 */
export interface StoredMail {
  id: string;
  state: string;
  lastError: string | null;
  ticketId: number | null;
  receivedAt: Date;
  size: number;
  raw: Buffer | null;
  parsed: ParsedInbound | null;
  parseError: string | null;
}

export const isMailId = (v: string): boolean => /^\d{1,18}$/.test(v);

export async function loadMail(db: DataSource, id: string, opts: { headersOnly?: boolean } = {}): Promise<StoredMail | null> {
  if (!isMailId(id)) return null;
  const [row] = await db.query(
    `SELECT id, state, last_error, ticket_id, received_at, size, raw, raw_headers FROM inbound_mails WHERE id = $1`,
    [id],
  );
  if (!row) return null;
  const bytes: Buffer | null = row.raw ?? row.raw_headers;
  let parsed: ParsedInbound | null = null;
  let parseError: string | null = null;
  if (bytes) {
    try {
      parsed = await parseMail(opts.headersOnly ? bytes.subarray(0, headerEnd(bytes)) : bytes);
    } catch (err) {
      parseError = (err as Error).message;
    }
  }
  return {
    id: String(row.id),
    state: row.state,
    lastError: row.last_error,
    ticketId: row.ticket_id,
    receivedAt: new Date(row.received_at),
    size: row.size,
    raw: row.raw,
    parsed,
    parseError,
  };
}

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

/** The bytes of one attachment that parseMail listed, or null when they cannot be found. */
export async function attachmentBytes(raw: Buffer, wanted: ParsedAttachment): Promise<Buffer | null> {
  const mail = await simpleParser(raw, { skipHtmlToText: true, skipTextToHtml: true, skipTextLinks: true, skipImageLinks: true });
  const hit = mail.attachments.find((a) => a.size === wanted.size && sha256(a.content) === wanted.sha256);
  return hit?.content ?? null;
}

/** Inline raster images referenced as cid: in the HTML, as data: URIs (at most 2 MiB each, 10 MiB in all). */
export async function inlineImages(raw: Buffer, parsed: ParsedInbound): Promise<Record<string, string>> {
  if (!parsed.html || !/cid:/i.test(parsed.html) || !parsed.attachments.some((a) => a.contentId)) return {};
  const mail = await simpleParser(raw, { skipHtmlToText: true, skipTextToHtml: true, skipTextLinks: true, skipImageLinks: true });
  const out: Record<string, string> = {};
  let budget = 10 * 1024 * 1024;
  for (const a of mail.attachments) {
    const cid = a.contentId?.replace(/^<|>$/g, '');
    const type = a.contentType.toLowerCase();
    if (!cid || !/^image\/(png|jpeg|gif|webp)$/.test(type) || a.size > 2 * 1024 * 1024 || a.size > budget) continue;
    budget -= a.size;
    out[cid] = `data:${type};base64,${a.content.toString('base64')}`;
  }
  return out;
}

import { createHash } from 'node:crypto';
import { simpleParser } from 'mailparser';
import type { ParsedInbound } from '../parse/types';
import type { InlineImages } from './build-view';

/**
 * Attachment bytes from the raw mail. parseMail keeps only each attachment's size and SHA-256,
 * so the bytes come from a second parse and are matched by that hash — never by position,
 * which two parsers may count differently. Runs in the parse pool (pool.ts), never on a
 * request's event loop.
 */
const OPTIONS = { skipHtmlToText: true, skipTextToHtml: true, skipTextLinks: true, skipImageLinks: true } as const;
const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

/** At most 2 MiB each and 10 MiB in all, as data: URIs. */
const MAX_IMAGE = 2 * 1024 * 1024;
const MAX_IMAGES = 10 * 1024 * 1024;

/** Inline raster images referenced as cid: in the HTML, as data: URIs. */
export async function inlineImages(raw: Buffer, parsed: ParsedInbound): Promise<InlineImages> {
  if (!parsed.html || !/cid:/i.test(parsed.html) || !parsed.attachments.some((a) => a.contentId)) return {};
  const mail = await simpleParser(raw, OPTIONS);
  const out: InlineImages = {};
  let budget = MAX_IMAGES;
  for (const a of mail.attachments) {
    const cid = a.contentId?.replace(/^<|>$/g, '');
    const type = a.contentType.toLowerCase();
    if (!cid || !/^image\/(png|jpeg|gif|webp)$/.test(type) || a.size > MAX_IMAGE || a.size > budget) continue;
    budget -= a.size;
    out[cid] = `data:${type};base64,${a.content.toString('base64')}`;
  }
  return out;
}

/** The bytes of the attachment with this size and SHA-256, or null when the mail has none. */
export async function attachmentBytes(raw: Buffer, wanted: { size: number; sha256: string }): Promise<Buffer | null> {
  const mail = await simpleParser(raw, OPTIONS);
  const hit = mail.attachments.find((a) => a.size === wanted.size && sha256(a.content) === wanted.sha256);
  return hit?.content ?? null;
}

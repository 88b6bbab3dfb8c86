/**
 * PARSE stage: raw RFC 5322 bytes → ParsedInbound. CPU only (no network, no database).
 *
 * mailparser does the MIME work (RFC 2045–2049 structure, transfer encodings, RFC 2231 parameters);
 * ./mime-parser.ts fixes its body charset handling, ./headers.ts decodes headers from the raw lines,
 * ./html-text.ts turns HTML-only mail into text and ./quotes.ts cuts history and signature.
 */
import { extractMessageIds, headerRecord, parseAddresses, parseDate, readRawHeaders, type RawHeader } from './headers';
import { htmlToPlainText } from './html-text';
import { parseMime, type MimeResult, type RawAttachment } from './mime-parser';
import { splitNewText } from './quotes';
import { safeFilename, sanitizeLine, sanitizeText } from './sanitize';
import { shapeHtml } from './html-shape';
import { PARSE_LIMITS } from './limits';
import type { MailAddress, ParsedAttachment, ParsedInbound } from './types';

/** Thrown when a message cannot be parsed at all; the ingest stage quarantines the raw mail. */
export class MailParseError extends Error {
  readonly code = 'MAIL_PARSE_FAILED' as const;
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'MailParseError';
  }
}

const MAX_WARNINGS = 50;
const MIME_TYPE = /^[a-z0-9][a-z0-9!#$&^_.+-]*\/[a-z0-9][a-z0-9!#$&^_.+-]*$/;

/** RFC 2045 §5.2: a missing or unusable Content-Type means text/plain. */
function topLevelType(value: string | undefined): string {
  const type = (value ?? '').split(';')[0]!.trim().toLowerCase();
  return MIME_TYPE.test(type) ? type : 'text/plain';
}

function toAttachment(a: RawAttachment, index: number): ParsedAttachment {
  const contentType = MIME_TYPE.test(a.contentType) ? a.contentType : 'application/octet-stream';
  const disposition = (a.disposition ?? '').toLowerCase();
  return {
    filename: safeFilename(a.filename, contentType, index + 1),
    contentType,
    size: a.size,
    contentId: extractMessageIds(a.contentId ? `<${a.contentId.replace(/^<|>$/g, '')}>` : undefined)[0] ?? null,
    // RFC 2183 inline, or a multipart/related part referenced by Content-ID (RFC 2387).
    inline: disposition === 'inline' || (disposition === '' && a.related),
    sha256: a.sha256,
  };
}

function build(mime: MimeResult): ParsedInbound {
  const warnings = [...mime.warnings];
  const raw: RawHeader[] = readRawHeaders(mime.headerLines, warnings);
  const headers = headerRecord(raw, warnings);
  const rawValues = (key: string): string[] => raw.filter((h) => h.key === key).map((h) => h.value);

  const fromValues = rawValues('from');
  let from: MailAddress | null = null;
  if (fromValues.length > 0) {
    from = parseAddresses([fromValues[0]!], warnings)[0] ?? { address: '', name: headers['from']?.[0] ?? '' };
  }
  const withAddress = (list: MailAddress[]): MailAddress[] => list.filter((a) => a.address !== '');

  let text = sanitizeText(mime.text).replace(/\s+$/, '');
  if (text.length > PARSE_LIMITS.textChars) {
    text = text.slice(0, PARSE_LIMITS.textChars);
    warnings.push(`text longer than ${PARSE_LIMITS.textChars} characters: the rest was cut`);
  }
  let html: string | null = null;
  if (mime.html !== null) {
    const shaped = shapeHtml(sanitizeText(mime.html), { maxDepth: PARSE_LIMITS.htmlDepth, maxChars: PARSE_LIMITS.textChars });
    if (shaped.droppedTags) warnings.push(`html nested deeper than ${PARSE_LIMITS.htmlDepth} levels: ${shaped.droppedTags} tags dropped (their text kept)`);
    if (shaped.truncated) warnings.push(`html longer than ${PARSE_LIMITS.textChars} characters: the rest was cut`);
    html = shaped.html;
  }
  if (!text.trim() && html) {
    const converted = htmlToPlainText(html);
    if (converted.warning) warnings.push(converted.warning);
    text = sanitizeText(converted.text);
  }
  const split = splitNewText(text);

  return {
    messageId: extractMessageIds(headers['message-id']?.[0])[0] ?? null,
    inReplyTo: extractMessageIds((headers['in-reply-to'] ?? []).join(' ')),
    references: extractMessageIds((headers['references'] ?? []).join(' ')),
    subject: headers['subject']?.[0] ?? '',
    from,
    authors: withAddress(parseAddresses(fromValues, warnings)),
    fromHeaderCount: fromValues.length,
    replyTo: withAddress(parseAddresses(rawValues('reply-to'), warnings)),
    to: withAddress(parseAddresses(rawValues('to'), warnings)),
    cc: withAddress(parseAddresses(rawValues('cc'), warnings)),
    date: parseDate(headers['date']?.[0], warnings),
    headers,
    contentType: topLevelType(headers['content-type']?.[0]),
    text,
    html,
    newText: split.newText,
    quotedText: split.quotedText,
    signature: split.signature,
    attachments: mime.attachments.map(toAttachment),
    // Garbage input can produce one warning per header line; a few dozen say enough.
    warnings: [...new Set(warnings.map((w) => sanitizeLine(w).slice(0, 200)))].slice(0, MAX_WARNINGS),
  };
}

export async function parseMail(raw: Buffer): Promise<ParsedInbound> {
  if (!Buffer.isBuffer(raw)) throw new MailParseError('raw mail must be a Buffer');
  let input = raw;
  const early: string[] = [];
  // Classic Mac OS line ends (bare CR, forbidden by RFC 5322 §2.3) leave mailsplit with one giant
  // header line; when the mail has no LF at all, CR can only be the line end.
  if (raw.length > 0 && !raw.includes(0x0a) && raw.includes(0x0d)) {
    input = Buffer.from(raw.toString('latin1').replace(/\r/g, '\r\n'), 'latin1');
    early.push('bare CR line ends converted to CRLF');
  }
  let mime: MimeResult;
  try {
    mime = await parseMime(input);
    mime.warnings.unshift(...early);
  } catch (err) {
    throw new MailParseError(`mail could not be parsed: ${sanitizeLine((err as Error)?.message ?? String(err))}`, { cause: err });
  }
  try {
    return build(mime);
  } catch (err) {
    throw new MailParseError(`parsed mail could not be read: ${sanitizeLine((err as Error)?.message ?? String(err))}`, { cause: err });
  }
}

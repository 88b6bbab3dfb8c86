/**
 * String hygiene for everything parseMail returns.
 *
 * PostgreSQL `text` columns reject U+0000 ("invalid byte sequence for encoding UTF8: 0x00"), and a
 * lone UTF-16 surrogate cannot be encoded as UTF-8 at all, so both must be gone before a value
 * leaves the parse stage. Other C0 controls are dropped as well: they have no meaning in mail text
 * (RFC 5322 §2.3 forbids a bare CR/LF in the body and 8-bit controls are never text), and they
 * confuse the classifier and the agent UI.
 */

// A high surrogate not followed by a low one, or a low surrogate not preceded by a high one.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
// C0 controls except TAB and LF (CR is normalised separately), DEL, the C1 range (only ever the
// result of a mis-decoded charset) and the two noncharacters U+FFFE/U+FFFF.
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\uFFFE\uFFFF]/g;

/** Text for storage: LF line ends, no NUL/controls, valid UTF-16 (lone surrogates → U+FFFD). */
export function sanitizeText(input: string | null | undefined): string {
  if (!input) return '';
  return input.replace(/\r\n?/g, '\n').replace(LONE_SURROGATE, '\uFFFD').replace(CONTROL, '');
}

/** A header value on one line: like sanitizeText, with any remaining line break turned into a space. */
export function sanitizeLine(input: string | null | undefined): string {
  return sanitizeText(input).replace(/[ \t]*\n[ \t]*/g, ' ').replace(/\t/g, ' ').trim();
}

/** Longest filename we hand on, in UTF-8 bytes; common file systems stop at 255. */
const MAX_FILENAME_BYTES = 180;

/** Extensions for generated names, by MIME type (RFC 2046 top-level fallbacks below). */
const EXTENSIONS: Record<string, string> = {
  'application/pdf': 'pdf',
  'application/zip': 'zip',
  'application/msword': 'doc',
  'application/vnd.ms-excel': 'xls',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'docx',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 'xlsx',
  'application/ms-tnef': 'dat',
  'application/pkcs7-signature': 'p7s',
  'application/pgp-signature': 'asc',
  'application/ics': 'ics',
  'image/png': 'png',
  'image/jpeg': 'jpg',
  'image/gif': 'gif',
  'image/webp': 'webp',
  'image/bmp': 'bmp',
  'image/tiff': 'tif',
  'text/plain': 'txt',
  'text/html': 'html',
  'text/csv': 'csv',
  'text/calendar': 'ics',
  'text/rfc822-headers': 'txt',
  'message/rfc822': 'eml',
  'message/delivery-status': 'txt',
  'message/disposition-notification': 'txt',
};

export function extensionFor(contentType: string): string {
  const type = contentType.toLowerCase();
  return EXTENSIONS[type] ?? (type.startsWith('text/') ? 'txt' : 'bin');
}

/** Cut a string to at most `maxBytes` UTF-8 bytes without splitting a surrogate pair. */
function truncateUtf8(s: string, maxBytes: number): string {
  let bytes = 0;
  let out = '';
  for (const ch of s) {
    bytes += Buffer.byteLength(ch, 'utf8');
    if (bytes > maxBytes) break;
    out += ch;
  }
  return out;
}

/**
 * A file name that is safe to show and to use as a storage key: path parts (both separators, as
 * Windows clients send `C:\Users\...`), control characters, characters Windows forbids and leading
 * dots are removed; the length is capped keeping the extension. `index` is 1-based and used for
 * `attachment-N.ext` when nothing usable is left.
 */
export function safeFilename(name: string | null | undefined, contentType: string, index: number): string {
  let base = sanitizeLine(name ?? '');
  base = base.split(/[\\/]/).pop() ?? '';
  base = base
    .replace(/[\u0000-\u001F\u007F<>:"|?*]/g, '')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^[.\s]+/, '')
    .replace(/[.\s]+$/, '');
  if (!base) return `attachment-${index}.${extensionFor(contentType)}`;
  if (Buffer.byteLength(base, 'utf8') <= MAX_FILENAME_BYTES) return base;
  const dot = base.lastIndexOf('.');
  const ext = dot > 0 && base.length - dot <= 10 ? base.slice(dot) : '';
  const stem = ext ? base.slice(0, dot) : base;
  return truncateUtf8(stem, MAX_FILENAME_BYTES - Buffer.byteLength(ext, 'utf8')).trim() + ext;
}

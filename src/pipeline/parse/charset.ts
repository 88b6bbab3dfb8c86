/**
 * Charset decisions for mail bodies and headers.
 *
 * RFC 2045 §5.2 says a text part without a charset is US-ASCII and RFC 6532 allows raw UTF-8 in
 * headers, but Danish mail in the wild often carries ISO-8859-1/windows-1252 bytes with no charset,
 * with a bogus one ("x-unknown", "iso-8859-1-i"), or under a us-ascii/utf-8 label. mailparser (via
 * libmime) decodes all of those as UTF-8 and replaces every æ/ø/å byte with U+FFFD, which is how
 * helpdesks end up showing "R�dgr�d" (Zammad issue #3155). The rule here: valid UTF-8 wins (a
 * Latin-1 text that happens to be valid multi-byte UTF-8 needs sequences such as "Ã¦" that do
 * not occur in real text); otherwise windows-1252, which the WHATWG Encoding Standard also uses for
 * the labels "iso-8859-1" and "us-ascii" because senders routinely put 0x80–0x9F (€, “”) in them.
 */
import { isUtf8 } from 'node:buffer';
import iconv from 'iconv-lite';

export type CharsetKind =
  /** none, us-ascii or utf-8: UTF-8 if valid, else windows-1252 */
  | 'utf8'
  /** iso-8859-1/15, windows-1252: decoded as labelled unless the bytes are clearly UTF-8 */
  | 'western'
  /** a charset libmime/iconv-lite decode correctly as labelled: leave it to mailparser */
  | 'delegate'
  /** a charset known to iconv-lite only under a variant spelling (see `codec`) */
  | 'variant'
  /** nobody knows this label: UTF-8 if valid, else windows-1252 */
  | 'unknown';

export interface CharsetClass {
  kind: CharsetKind;
  /** The normalised label as given ("" for none). */
  label: string;
  /** iconv-lite codec to use for 'western' and 'variant'. */
  codec: string;
}

const UTF8_LIKE = /^(?:utf-?8|unicode-1-1-utf-8|(?:us-?)?ascii|ansi_x3\.4-1968|iso-?646-us|[78]-?bit|default)$/;
const LATIN1 = /^(?:iso[-_ ]?8859[-_ ]?1|8859-?1|latin-?1|l1|ibm-?819|cp-?819|iso-ir-100|csisolatin1)$/;
const LATIN9 = /^(?:iso[-_ ]?8859[-_ ]?15|latin-?9|l9)$/;
const CP1252 = /^(?:(?:x-)?(?:windows|win|cp|ms)-?1252|ansi)$/;
// libmime hands these to encoding-japanese (iconv-lite lacks ISO-2022-JP).
const JAPANESE = /^(?:jis|iso-?2022-?jp|euc-?jp|x-euc-jp)/;
// mailparser refuses to decode these on purpose (UTF-7 smuggles markup); keep its behaviour.
const REFUSED = /^(?:(?:cs)?unicode-?1-?1-?)?utf-?7(?:-?imap)?$|^base64$|^hex$/;

// iconv-lite types encodingExists as a type guard, which would narrow `string` to never.
const known = (name: string): boolean => iconv.encodingExists(name);

export function normaliseLabel(label: string | null | undefined): string {
  return (label ?? '').trim().replace(/^["']+|["']+$/g, '').trim().toLowerCase();
}

export function classifyCharset(raw: string | null | undefined): CharsetClass {
  const label = normaliseLabel(raw);
  if (label === '' || UTF8_LIKE.test(label)) return { kind: 'utf8', label, codec: 'utf-8' };
  if (LATIN1.test(label) || CP1252.test(label)) return { kind: 'western', label, codec: 'windows-1252' };
  if (LATIN9.test(label)) return { kind: 'western', label, codec: 'iso-8859-15' };
  if (REFUSED.test(label) || JAPANESE.test(label) || known(label)) {
    return { kind: 'delegate', label, codec: label };
  }
  // Spellings seen in the wild that iconv-lite only knows without the decoration.
  for (const variant of [label.replace(/^x-/, ''), label.replace(/^(?:x-)?iso-/, ''), label.replace(/[-_]?i$/, '')]) {
    if (variant && variant !== label && known(variant)) return { kind: 'variant', label, codec: variant };
  }
  return { kind: 'unknown', label, codec: 'windows-1252' };
}

function isAscii(buf: Buffer): boolean {
  for (let i = 0; i < buf.length; i++) if (buf[i]! > 0x7f) return false;
  return true;
}

export interface DecodedText {
  text: string;
  /** Set when the bytes were not decoded as the label says (for ParsedInbound.warnings). */
  warning: string | null;
}

function stripBom(s: string): string {
  return s.charCodeAt(0) === 0xfeff ? s.slice(1) : s;
}

/** Valid multi-byte UTF-8 sequences and stray non-ASCII bytes in `buf` (a rough tally, no overlong checks). */
function utf8Tally(buf: Buffer): { valid: number; invalid: number } {
  let valid = 0;
  let invalid = 0;
  for (let i = 0; i < buf.length; ) {
    const b = buf[i]!;
    const len = b < 0x80 ? 1 : b >= 0xc2 && b <= 0xdf ? 2 : b >= 0xe0 && b <= 0xef ? 3 : b >= 0xf0 && b <= 0xf4 ? 4 : 0;
    let ok = len > 0;
    for (let k = 1; ok && k < len; k++) ok = i + k < buf.length && (buf[i + k]! & 0xc0) === 0x80;
    if (len === 1) i++;
    else if (ok) (valid++, (i += len));
    else (invalid++, i++);
  }
  return { valid, invalid };
}

/**
 * UTF-8 where the bytes are UTF-8, windows-1252 where they are not, decided per line: replies
 * often quote an older Latin-1 message under new UTF-8 text, and a UTF-8 line with a stray byte is
 * still better read as UTF-8 (with one U+FFFD) than turned into mojibake.
 */
function utf8OrCp1252(buf: Buffer): { text: string; fallbackLines: number } {
  if (isUtf8(buf)) return { text: stripBom(buf.toString('utf8')), fallbackLines: 0 };
  let fallbackLines = 0;
  const parts: string[] = [];
  let start = 0;
  while (start <= buf.length) {
    let end = buf.indexOf(0x0a, start);
    if (end < 0) end = buf.length;
    const line = buf.subarray(start, end);
    if (isAscii(line) || isUtf8(line)) parts.push(line.toString('utf8'));
    else {
      const { valid, invalid } = utf8Tally(line);
      if (valid > invalid) parts.push(line.toString('utf8'));
      else {
        parts.push(iconv.decode(line, 'windows-1252'));
        fallbackLines++;
      }
    }
    start = end + 1;
  }
  return { text: stripBom(parts.join('\n')), fallbackLines };
}

/**
 * ISO-2022-JP (RFC 1468) → EUC-JP, which iconv-lite can decode: the JIS X 0208 bytes between
 * ESC $ B and ESC ( B get the high bit set. Used for encoded words; bodies go through libmime.
 */
function iso2022jpToEucJp(buf: Buffer): Buffer {
  const out: number[] = [];
  let mode: 'ascii' | 'jis0208' | 'kana' = 'ascii';
  for (let i = 0; i < buf.length; i++) {
    const b = buf[i]!;
    if (b === 0x1b && i + 2 < buf.length) {
      const seq = buf.toString('latin1', i + 1, i + 3);
      if (seq === '$B' || seq === '$@') mode = 'jis0208';
      else if (seq === '(B' || seq === '(J') mode = 'ascii';
      else if (seq === '(I') mode = 'kana';
      else continue;
      i += 2;
    } else if (mode === 'jis0208' && b >= 0x21 && b <= 0x7e && i + 1 < buf.length) {
      out.push(b | 0x80, buf[++i]! | 0x80);
    } else if (mode === 'kana' && b >= 0x21 && b <= 0x5f) out.push(0x8e, b | 0x80);
    else out.push(b);
  }
  return Buffer.from(out);
}

/**
 * Decode transfer-decoded body or header bytes according to `cls`. Never throws. 'delegate' is
 * decoded with iconv-lite here too, for callers (headers) that do not go through mailparser.
 */
export function decodeBytes(buf: Buffer, cls: CharsetClass, what = 'charset'): DecodedText {
  const shown = cls.label || '(none)';
  const asciiCompatible = cls.kind === 'utf8' || cls.kind === 'western' || cls.kind === 'unknown';
  if (asciiCompatible && isAscii(buf)) return { text: buf.toString('latin1'), warning: null };
  switch (cls.kind) {
    case 'utf8':
    case 'unknown': {
      const { text, fallbackLines } = utf8OrCp1252(buf);
      let warning: string | null = null;
      if (cls.kind === 'unknown') warning = `${what} ${shown}: unknown, decoded as ${fallbackLines ? 'windows-1252' : 'utf-8'}`;
      else if (fallbackLines) warning = `${what} ${shown}: not valid utf-8, decoded as windows-1252`;
      else if (cls.label.includes('ascii')) warning = `${what} ${shown}: 8-bit content decoded as utf-8`;
      return { text, warning };
    }
    case 'western':
      if (isUtf8(buf)) {
        return { text: stripBom(buf.toString('utf8')), warning: `${what} ${shown}: content is utf-8, decoded as utf-8` };
      }
      return { text: iconv.decode(buf, cls.codec), warning: null };
    default:
      if (/^(?:jis|iso-?2022-?jp)/.test(cls.codec)) return { text: iconv.decode(iso2022jpToEucJp(buf), 'euc-jp'), warning: null };
      if (!REFUSED.test(cls.codec)) {
        try {
          return { text: iconv.decode(buf, cls.codec), warning: null };
        } catch {
          // fall through to the UTF-8/windows-1252 guess
        }
      }
      return { text: utf8OrCp1252(buf).text, warning: `${what} ${shown}: not decodable here, decoded as utf-8/windows-1252` };
  }
}

/** Raw 8-bit header bytes (RFC 6532 says UTF-8; old Danish clients send windows-1252). */
export function decodeRawHeader(binary: string): DecodedText {
  const decoded = decodeBytes(Buffer.from(binary, 'latin1'), classifyCharset(''));
  return { text: decoded.text, warning: decoded.warning && 'raw 8-bit bytes are not utf-8, decoded as windows-1252' };
}

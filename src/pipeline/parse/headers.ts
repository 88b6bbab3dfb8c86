/**
 * Header decoding for parseMail: built from mailparser's raw header lines (latin1 "binary" strings
 * that still hold the original bytes) instead of its processed header map, because the map has
 * already lost raw 8-bit bytes and unknown-charset encoded words to U+FFFD, and replaces an invalid
 * Date with the current time.
 */
import { parseAddressHeader } from 'mailparser';
import { classifyCharset, decodeBytes, decodeRawHeader } from './charset';
import { sanitizeLine } from './sanitize';
import type { MailAddress } from './types';
import { PARSE_LIMITS } from './limits';

export interface RawHeaderLine {
  key: string;
  line: string;
}

/** Raw header value: charset-decoded and unfolded, encoded words still encoded. */
export interface RawHeader {
  key: string;
  value: string;
}

// RFC 2047 §2 encoded-word; the RFC 2231 §5 language suffix ("utf-8*da") is accepted and dropped.
const ENCODED_WORD = /=\?([^?\s*]+)(?:\*[^?\s]*)?\?([bBqQ])\?([^?\s]*)\?=/g;

interface Word {
  charset: string;
  bytes: Buffer;
}
interface Run {
  charset: string;
  parts: Buffer[];
}

function wordBytes(encoding: string, text: string): Buffer {
  if (encoding.toLowerCase() === 'b') return Buffer.from(text, 'base64');
  // RFC 2047 §4.2: "_" is a space, "=XX" a byte; anything else stands for itself.
  const latin = text.replace(/_/g, ' ').replace(/=([0-9a-fA-F]{2})/g, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16)));
  return Buffer.from(latin, 'latin1');
}

/**
 * Split a header value into literal text and runs of encoded words. Adjacent encoded words with the
 * same charset are joined as bytes before decoding, so a multi-byte character split across two
 * words (forbidden by RFC 2047 §5, done by many mailers) survives; the white space between two
 * encoded words is not part of the text (RFC 2047 §6.2).
 */
function scanWords(value: string, onRun: (run: Word) => string): string {
  let out = '';
  let last = 0;
  let pending: Run | null = null;
  const flush = (): void => {
    if (pending) out += onRun({ charset: pending.charset, bytes: Buffer.concat(pending.parts) });
    pending = null;
  };
  ENCODED_WORD.lastIndex = 0;
  for (let m = ENCODED_WORD.exec(value); m; m = ENCODED_WORD.exec(value)) {
    const between = value.slice(last, m.index);
    const word: Word = { charset: m[1]!.toLowerCase(), bytes: wordBytes(m[2]!, m[3]!) };
    if (pending && /^\s*$/.test(between)) {
      if (pending.charset === word.charset) {
        pending.parts.push(word.bytes);
      } else {
        flush();
        pending = { charset: word.charset, parts: [word.bytes] };
      }
    } else {
      flush();
      out += between;
      pending = { charset: word.charset, parts: [word.bytes] };
    }
    last = m.index + m[0].length;
  }
  flush();
  return out + value.slice(last);
}

function decodeRun(run: Word, warnings: string[]): string {
  const decoded = decodeBytes(run.bytes, classifyCharset(run.charset), 'encoded-word charset');
  if (decoded.warning) warnings.push(decoded.warning);
  return decoded.text;
}

/** Decode RFC 2047 encoded words with the same charset fallbacks as bodies. */
export function decodeEncodedWords(value: string, warnings: string[] = []): string {
  if (!value.includes('=?')) return value;
  return scanWords(value, (run) => decodeRun(run, warnings));
}

/**
 * Re-encode every encoded word as UTF-8 so that mailparser's address parser (which decodes
 * unknown charsets as UTF-8 with U+FFFD) gets our fallback decoding while quoted strings, commas
 * and groups keep their structure.
 */
function repairEncodedWords(value: string, warnings: string[]): string {
  if (!value.includes('=?')) return value;
  return scanWords(value, (run) => `=?utf-8?B?${Buffer.from(decodeRun(run, warnings), 'utf8').toString('base64')}?= `);
}

/** Charset-decode (RFC 6532 UTF-8, else windows-1252) and unfold (RFC 5322 §2.2.3) raw lines. */
export function readRawHeaders(lines: RawHeaderLine[], warnings: string[]): RawHeader[] {
  const out: RawHeader[] = [];
  let malformed = 0;
  if (lines.length > PARSE_LIMITS.headers) warnings.push(`${lines.length} header lines: only the first ${PARSE_LIMITS.headers} were read`);
  for (const { key, line: full } of lines.slice(0, PARSE_LIMITS.headers)) {
    const line = full.length > PARSE_LIMITS.headerChars ? full.slice(0, PARSE_LIMITS.headerChars) : full;
    if (line !== full) warnings.push(`${key.trim().toLowerCase().slice(0, 40)}: header longer than ${PARSE_LIMITS.headerChars} characters, cut`);
    const name = key.trim().toLowerCase();
    if (!name && !line.trim()) continue;
    // RFC 5322 §3.6.8: a field name is printable US-ASCII without ":"; anything else is body
    // text or garbage that mailsplit took for a header.
    if (!/^[!-9;-~]{1,100}$/.test(name)) {
      malformed++;
      continue;
    }
    const decoded = decodeRawHeader(line);
    if (decoded.warning) warnings.push(`${name}: ${decoded.warning}`);
    const colon = decoded.text.indexOf(':');
    const value = (colon >= 0 ? decoded.text.slice(colon + 1) : '').replace(/\r?\n(?=[ \t])/g, '').replace(/[\r\n]+/g, ' ');
    out.push({ key: name, value: value.trim() });
  }
  if (malformed) warnings.push(`${malformed} malformed header line(s) ignored`);
  return out;
}

/** Lower-cased name → decoded values in order of appearance. */
export function headerRecord(raw: RawHeader[], warnings: string[]): Record<string, string[]> {
  const record: Record<string, string[]> = Object.create(null) as Record<string, string[]>;
  for (const { key, value } of raw) {
    (record[key] ??= []).push(sanitizeLine(decodeEncodedWords(value, warnings)));
  }
  return record;
}

/** Message-IDs without angle brackets (RFC 5322 §3.6.4), in order, duplicates dropped. */
export function extractMessageIds(value: string | undefined): string[] {
  if (!value) return [];
  let ids = [...value.matchAll(/<([^<>]*)>/g)].map((m) => m[1]!.replace(/\s+/g, ''));
  // Broken mailers omit the brackets: take bare tokens that look like ids.
  if (ids.length === 0) ids = value.split(/[\s,]+/).filter((t) => t.includes('@')).map((t) => t.replace(/[<>]/g, ''));
  const seen = new Set<string>();
  return ids.map((id) => sanitizeLine(id)).filter((id) => id.length > 0 && id.length <= 998 && !seen.has(id) && seen.add(id));
}

/** RFC 5322 §3.3 date, comments removed; null when missing or unparseable (never "now"). */
export function parseDate(value: string | undefined, warnings: string[]): Date | null {
  if (!value) return null;
  const cleaned = value.replace(/\([^)]*\)/g, ' ').replace(/\s+/g, ' ').trim();
  let date = new Date(cleaned);
  // "Thu, 26 Nov 2026 14.05.00 +0100": some Danish-locale mailers use dots in the time.
  if (isNaN(date.getTime())) date = new Date(cleaned.replace(/(\d{1,2})\.(\d{2})(?:\.(\d{2}))?/, '$1:$2:$3').replace(/:(\s)/, ':00$1'));
  const year = date.getUTCFullYear();
  if (isNaN(date.getTime()) || year < 1970 || year > 2200) {
    warnings.push(`date: unparseable "${sanitizeLine(value).slice(0, 80)}"`);
    return null;
  }
  return date;
}

function cleanAddress(address: string | undefined): string {
  const a = sanitizeLine(address).toLowerCase();
  return /^[^\s<>()",;]+$/.test(a) ? a : '';
}

/** Mailboxes of one or more address headers, groups flattened (RFC 5322 §3.4). */
export function parseAddresses(values: string[], warnings: string[]): MailAddress[] {
  const out: MailAddress[] = [];
  for (const value of values) {
    try {
      for (const a of parseAddressHeader(repairEncodedWords(value, warnings), { flatten: true }).value) {
        out.push({ address: cleanAddress(a.address), name: sanitizeLine(a.name) });
      }
    } catch {
      warnings.push('address header could not be parsed');
    }
  }
  return out;
}

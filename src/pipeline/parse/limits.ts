/**
 * How much of a mail each stage reads. Every limit is far above what a person writes and far
 * below what makes a stage slow or large: a mail is at most MAX_MAIL_BYTES (25 MiB), but a
 * single 15-million-character "word" once took the classifier past a 256 MB heap, and 280,000
 * nested tags took the HTML converter 43 s. Beyond a limit the rest is cut, with a warning on
 * the parsed mail; nothing is rejected for being long.
 */
import { TOKEN_CHARS } from '../../domain/text';

export const PARSE_LIMITS = {
  /** Decoded bytes kept of one text/plain or text/html part. */
  partBytes: 4 * 1024 * 1024,
  /** Characters kept of the plain text (and of the HTML, after shaping). */
  textChars: 1_000_000,
  /** Element nesting kept of the HTML (html-shape.ts); deeper tags are dropped, text kept. */
  htmlDepth: 64,
  /** Header fields read; the rest are ignored. */
  headers: 1000,
  /** Characters kept of one header value. */
  headerChars: 64 * 1024,
} as const;

/** What the classifier reads (classify/input.ts, classify/text.ts). */
export const CLASSIFY_LIMITS = {
  subjectChars: 500,
  /** The new text, from its start: a request is stated at the top. */
  textChars: 20_000,
  /** A longer run of letters is not a word anyone wrote; it becomes one placeholder token. */
  tokenChars: TOKEN_CHARS,
  tokens: 4000,
  headerValues: 200,
  headerChars: 2000,
  attachmentNames: 50,
} as const;

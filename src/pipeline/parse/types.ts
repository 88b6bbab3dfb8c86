/** The result of parsing one raw RFC 822 mail: everything later stages need, no I/O handles. */
export interface MailAddress {
  /** Lower-cased address, e.g. "anna@kragh-el.dk". Empty string when the header had no usable address. */
  address: string;
  /** Display name as decoded (RFC 2047), or "" */
  name: string;
}

export interface ParsedAttachment {
  /** A safe file name (no path separators, no control characters); generated when the mail gave none. */
  filename: string;
  contentType: string;
  size: number;
  contentId: string | null;
  inline: boolean;
  sha256: string;
}

export interface ParsedInbound {
  /** Message-ID without angle brackets, or null when the mail has none (the ingest stage synthesises one). */
  messageId: string | null;
  /** Message-IDs (without brackets) from In-Reply-To. */
  inReplyTo: string[];
  /** Message-IDs (without brackets) from References, oldest first. */
  references: string[];
  subject: string;
  /** The first address of the first From header (the one the pipeline answers). */
  from: MailAddress | null;
  /**
   * Every address of every From header. RFC 5322 allows several authors in one From, and
   * several From headers only in a malformed mail; either way the sender cannot be trusted
   * as one registered person (see match/sender-trust.ts).
   */
  authors: MailAddress[];
  /** How many From header fields the mail has (1 in a well-formed mail). */
  fromHeaderCount: number;
  replyTo: MailAddress[];
  to: MailAddress[];
  cc: MailAddress[];
  date: Date | null;
  /** Every header, lower-cased name → raw decoded values in order of appearance. */
  headers: Record<string, string[]>;
  /** Top-level MIME type, lower case, e.g. "multipart/report" or "text/plain". */
  contentType: string;
  /** Full plain text (the text/plain part, or the HTML part converted to text). NUL-free, valid UTF-16. */
  text: string;
  /**
   * The HTML part (NUL-free), shaped by html-shape.ts: bounded nesting and length, no script,
   * style or comments. Never rendered unsanitised.
   */
  html: string | null;
  /** Only what the sender wrote now: quoted history and signature removed. */
  newText: string;
  /** The quoted history that was removed (for the agent's view; never classified). */
  quotedText: string;
  /** The signature block that was removed, or "". */
  signature: string;
  attachments: ParsedAttachment[];
  /** Non-fatal oddities noticed while parsing (e.g. "charset x-unknown: decoded as windows-1252"). */
  warnings: string[];
}
